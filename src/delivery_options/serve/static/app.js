"use strict";
// The live model in the browser. Every figure comes from the server (the same core as the
// command line); the page only moves weights and shows answers. Workspace text (names,
// rationales) may come from a stranger: it is only ever set with textContent, never as HTML.

const COLOURS = ["#1d70b8", "#f47738", "#00703c", "#912b88", "#d4351c", "#28a197", "#b58840",
  "#5694ca", "#6f72af", "#85994b", "#f499be", "#505a5f"];

const POLL_MS = 2000;  // how often the page asks whether the workspace's files changed

const state = {
  ws: null,         // GET /api/workspace
  sid: null,        // the chosen stakeholder's id
  weights: {},      // criterion -> percent, as the sliders show them
  moved: false,     // false: the stakeholder's own weights, exactly as in its file
  locked: new Set(),
  shares: {},       // "moved|others" -> the others' proportions when they last held weight
  base: null,       // the ranking under the file's weights, to show what moved
  rank: null,       // POST /api/rank (the same JSON as `options rank --format json`)
  switching: null,  // POST /api/switching
  focus: null,      // the option asked about in "What would it take?"
};

// --- small helpers ------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, "");
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// x with d decimals, as Python's format does it (an exact tie rounds to even; no "-0.0").
function fixed(x, d = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  const a = Math.abs(x);
  let out = a.toFixed(d);
  const exact = a.toFixed(100).split(".");
  const frac = exact[1];
  if (frac[d] === "5" && /^0*$/.test(frac.slice(d + 1))) {
    const kept = d > 0 ? exact[0] + "." + frac.slice(0, d) : exact[0];
    if (Number(kept.slice(-1)) % 2 === 0) out = kept;  // toFixed went up; Python goes to even
  }
  return x < 0 && /[1-9]/.test(out) ? "-" + out : out;
}

// "Not saved: …", once, whether or not the server's message already says it
const notSaved = (msg) => (/^not saved\b/i.test(msg)
  ? msg.charAt(0).toUpperCase() + msg.slice(1) : `Not saved: ${msg}`);

const pct = (share) => fixed(100 * share) + "%";
// "Cabinet's", but "Friends of Anytown Libraries'" (as present/words.py writes it)
const possessive = (name) => (/s$/i.test(name) ? `${name}'` : `${name}'s`);

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const resp = await fetch(path, { credentials: "same-origin", ...init });
  let data = null;
  try { data = await resp.json(); } catch (e) { /* not JSON: reported below */ }
  if (resp.status === 403 && data && /printed/.test(data.error || "")) stale();
  if (!resp.ok) throw new Error((data && data.error) || `the server answered ${resp.status}`);
  return data;
}

function showError(err) {
  const box = document.getElementById("error");
  box.textContent = err ? String(err.message || err) : "";
  box.hidden = !err;
}

const stakeholder = () => state.ws.stakeholders.find((s) => s.id === state.sid);
const criterion = (id) => state.ws.criteria.find((c) => c.id === id);
const option = (id) => state.ws.options.find((o) => o.id === id);
const optionLabel = (o) => (o.number !== null ? `${o.number}. ${o.name}` : o.name);
const colour = (i) => COLOURS[i % COLOURS.length];

// This tab, to the server: so that two tabs moving one stakeholder's weights are told.
const TAB = Array.from(crypto.getRandomValues(new Uint8Array(9)),
  (b) => b.toString(16).padStart(2, "0")).join("");

function payload() {
  const body = { stakeholder: state.sid, tab: TAB };
  if (state.moved) body.weights = { ...state.weights };
  return body;
}

// --- the weights ----------------------------------------------------------------------------

// Set one weight; the unlocked others share what is left in the proportions they had when
// they last held any (so dragging one to 100% and back gives the old proportions), all
// equally if they never did. Returns why it could not move, or "".
function moveWeight(cid, value) {
  const others = state.ws.criteria.map((c) => c.id)
    .filter((k) => k !== cid && !state.locked.has(k));
  if (!others.length) {
    return "Every other weight is locked, so this one cannot move: unlock one to make room.";
  }
  const lockedSum = [...state.locked].filter((k) => k !== cid)
    .reduce((s, k) => s + state.weights[k], 0);
  const x = Math.min(Math.max(value, 0), 100 - lockedSum);
  const rest = 100 - lockedSum - x;
  const current = others.reduce((s, k) => s + state.weights[k], 0);
  const key = `${cid}|${others.join(",")}`;
  if (current > 1e-9) {
    state.shares[key] = Object.fromEntries(others.map((k) => [k, state.weights[k] / current]));
  }
  const share = state.shares[key];
  for (const k of others) {
    const w = share ? share[k] * rest : rest / others.length;
    state.weights[k] = Math.round(w * 100) / 100;
  }
  state.weights[cid] = Math.round(x * 100) / 100;
  state.moved = true;
  return x < value - 1e-9 ? `${criterion(cid).name} can go no higher than ${fixed(x)}%: ` +
    "the locked weights hold the rest." : "";
}

// --- snapshots, undo and redo of the room's positions ----------------------------------------

const steps = { undo: [], redo: [], snapshots: [] };

const position = () => ({ sid: state.sid, weights: { ...state.weights }, moved: state.moved,
  locked: [...state.locked] });

// Keep the position before a change, to undo it (a drag or a run of key presses is one step).
let lastKept = 0;
function remember(merge = false) {
  const now = Date.now();
  if (!(merge && now - lastKept < 800)) {
    steps.undo.push(position());
    if (steps.undo.length > 100) steps.undo.shift();
    steps.redo = [];
  }
  lastKept = now;
  renderHistory();
}

function restore(pos) {
  if (pos.sid !== state.sid) choose(pos.sid, pos);
  else {
    state.weights = { ...pos.weights };
    state.moved = pos.moved;
    state.locked = new Set(pos.locked);
    refreshSliders();
    update();
    updateCompare();
  }
  renderHistory();
}

function undo() {
  if (!steps.undo.length) return;
  steps.redo.push(position());
  restore(steps.undo.pop());
  keepFocus("undo", "redo");
  say("Undone.");
}

function redo() {
  if (!steps.redo.length) return;
  steps.undo.push(position());
  restore(steps.redo.pop());
  keepFocus("redo", "undo");
  say("Redone.");
}

// A button that has just disabled itself hands the focus to its partner, not to the page.
function keepFocus(id, other) {
  const button = document.getElementById(id);
  if (button.disabled && document.activeElement !== document.getElementById(other)) {
    document.getElementById(other).focus();
  }
}

function snapshot() {
  const n = steps.snapshots.length + 1;
  const pos = position();
  const lead = state.rank ? state.rank.ranking.filter((r) => r.rank === 1).map(optionLabel)
    .join(" and ") : "";
  steps.snapshots.push({ ...pos, label: `Snapshot ${n}: ${stakeholder().name}` +
    `${pos.moved ? ", moved" : ""}; first: ${lead}` });
  renderHistory();
  say(`Snapshot ${n} kept.`);
}

function renderHistory() {
  document.getElementById("undo").disabled = !steps.undo.length;
  document.getElementById("redo").disabled = !steps.redo.length;
  const list = document.getElementById("snapshots");
  list.replaceChildren(...steps.snapshots.map((p, i) => el("li", {},
    el("button", { type: "button", class: "link", "data-snapshot": i,
      onclick: () => { remember(); restore(p); say(`Back to ${p.label}.`); } }, p.label))));
}

// A short message for sight and screen readers (the status line under the weights).
function say(text) {
  document.getElementById("say").textContent = text;
}

function setWeights(shares, moved) {
  state.weights = {};
  for (const c of state.ws.criteria) state.weights[c.id] = 100 * shares[c.id];
  state.moved = moved;
}

function buildSliders() {
  const st = stakeholder();
  const box = document.getElementById("sliders");
  box.replaceChildren();
  state.ws.criteria.forEach((c, i) => {
    const [lo, hi] = st.acceptable[c.id];
    const id = `w-${i}`;
    const band = el("div", { class: "band" });
    band.style.setProperty("--lo", lo);
    band.style.setProperty("--hi", hi);
    const input = el("input", {
      type: "range", id, min: 0, max: 100, step: 0.5, "aria-describedby": `${id}-acc`,
      oninput: (e) => {
        remember(true);
        say(moveWeight(c.id, Number(e.target.value)));
        refreshSliders();
        update();
      },
      onchange: () => updateCompare(),
    });
    const lock = el("input", {
      type: "checkbox", id: `${id}-lock`, "aria-label": `Lock ${c.name}`,
      onchange: (e) => {
        remember();
        if (e.target.checked) state.locked.add(c.id); else state.locked.delete(c.id);
        refreshSliders();
        writeAddress();
      },
    });
    const row = el("div", { class: "slider", "data-criterion": c.id },
      el("label", { for: id, class: "name", text: c.name }),
      el("output", { for: id, id: `${id}-out` }),
      el("span", { class: "lock" }, lock, el("label", { for: `${id}-lock`, text: "Lock" })),
      el("div", { class: "track" }, band, el("div", { class: "stable", hidden: true }), input),
      el("span", { class: "accept", id: `${id}-acc`, "data-stable": "",
        "data-base": lo <= 0 && hi >= 1 ? "Any weight is acceptable"
          : `Acceptable: ${pct(lo)} to ${pct(hi)}`,
        text: lo <= 0 && hi >= 1 ? "Any weight is acceptable"
          : `Acceptable: ${pct(lo)} to ${pct(hi)}` }));
    if (c.description) row.title = c.description;
    box.append(row);
  });
  const bars = document.getElementById("wbars");
  state.bars = weightBars(state.ws.criteria, st.acceptable, (cid, value) => {
    if (state.locked.has(cid)) {
      say(`${criterion(cid).name} is locked: unlock it to move it.`);
      return;
    }
    remember(true);
    say(moveWeight(cid, value));
    refreshSliders();
    update();
  }, () => updateCompare(), bars.clientWidth);
  bars.replaceChildren(state.bars.svg);
  const orders = document.getElementById("orders");
  orders.replaceChildren(...st.order.map(([a, b]) =>
    el("li", { "data-order": `${a} ${b}`,
      text: `${criterion(a).name} at least as heavy as ${criterion(b).name}` })));
  refreshSliders();
}

function refreshSliders() {
  const st = stakeholder();
  const total = Object.values(state.weights).reduce((s, w) => s + w, 0) || 1;
  state.ws.criteria.forEach((c, i) => {
    const share = state.weights[c.id] / total;
    const [lo, hi] = st.acceptable[c.id];
    const out = share < lo - 1e-9 || share > hi + 1e-9;
    const input = document.getElementById(`w-${i}`);
    input.value = state.weights[c.id];
    input.disabled = state.locked.has(c.id);
    document.getElementById(`w-${i}-lock`).checked = state.locked.has(c.id);
    input.setAttribute("aria-valuetext",
      `${pct(share)}${out ? `, outside the acceptable ${pct(lo)} to ${pct(hi)}` : ""}`);
    document.getElementById(`w-${i}-out`).textContent = pct(share);
    input.closest(".slider").classList.toggle("outside", out);
  });
  for (const li of document.querySelectorAll("#orders li")) {
    const [a, b] = li.dataset.order.split(" ");
    li.classList.toggle("broken", state.weights[a] < state.weights[b] - 1e-9);
  }
  document.getElementById("reset").disabled = !state.moved && !state.locked.size;
  renderBars();
}

// The bars show the weights as the sliders do, with the stability intervals and, in their
// screen-reader text, what the weights break.
function renderBars() {
  if (!state.bars) return;
  const total = Object.values(state.weights).reduce((s, w) => s + w, 0) || 1;
  const shares = Object.fromEntries(state.ws.criteria.map((c) => [c.id, state.weights[c.id] / total]));
  const broken = {};
  for (const b of (state.switching ? state.switching.broken : [])) {
    for (const c of b.criteria) broken[c] = `${broken[c] || ""}; breaks ${b.text}`;
  }
  state.bars.update(shares, state.switching ? state.switching.stability : null, state.locked,
    broken);
}

// --- asking the server, one request at a time, always for the latest weights ----------------

let running = null;
let again = false;

// Resolves once the page shows the latest weights' answers.
function update() {
  if (running) { again = true; return running; }
  running = (async () => {
    try {
      do {
        again = false;
        const body = payload();
        const cid = document.getElementById("graph-criterion").value;
        const { rank, switching, graph } = await api("/api/move",
          cid ? { ...body, criterion: cid } : body);
        if (again) continue;  // moved meanwhile: ask again for the latest
        state.rank = rank;
        state.switching = switching;
        if (!state.base) state.base = rank;
        showError(null);
        renderRanking();
        renderSwitching();
        renderBroken();
        renderStability();
        renderHeadToHead();
        if (graph) renderGraph(graph);
        writeAddress();
      } while (again);
    } catch (err) {
      showError(err);
    } finally {
      running = null;
    }
  })();
  return running;
}

// Each weight's stability interval on its slider: the range over which, the others keeping
// their proportions, the first option stays first (options sensitivity's).
function renderStability() {
  renderBars();
  const stab = state.switching ? state.switching.stability : {};
  state.ws.criteria.forEach((c, i) => {
    const bar = document.querySelector(`#w-${i}`).parentElement.querySelector(".stable");
    const span = stab[c.id];
    bar.hidden = !span;
    if (span) {
      bar.style.setProperty("--lo", span[0]);
      bar.style.setProperty("--hi", span[1]);
    }
    document.getElementById(`w-${i}-acc`).dataset.stable = span
      ? `; first stays first from ${pct(span[0])} to ${pct(span[1])}` : "";
    const acc = document.getElementById(`w-${i}-acc`);
    acc.textContent = acc.dataset.base + acc.dataset.stable;
  });
}

// What the weights break of what the stakeholder would accept, beside the sliders: in words,
// and in each slider's aria-valuetext, naming the statement or limit.
function renderBroken() {
  const st = stakeholder();
  const broken = state.switching ? state.switching.broken : [];
  const list = document.getElementById("broken");
  list.replaceChildren(...broken.map((b) => el("li", { "data-kind": b.kind },
    b.text, b.criteria.length > 1 && b.kind === "statement" ? el("span", { class: "involves",
      text: ` (it joins ${b.criteria.map((c) => criterion(c).name).join(", ")})` }) : "")));
  const warn = document.getElementById("outside");
  warn.hidden = !broken.length;
  warn.textContent = broken.length ? `These weights break ${broken.length === 1 ? "one thing"
    : `${broken.length} things`} ${st.name} said it would accept:` : "";
  state.ws.criteria.forEach((c, i) => {
    const mine = broken.filter((b) => b.criteria.includes(c.id));
    const input = document.getElementById(`w-${i}`);
    const base = input.getAttribute("aria-valuetext").split("; breaks")[0];
    input.setAttribute("aria-valuetext", mine.length
      ? `${base}; breaks ${mine.map((b) => b.text).join("; ")}` : base);
    input.closest(".slider").classList.toggle("breaks", mine.length > 0);
  });
}

let compareTimer = null;
function updateCompare() {
  clearTimeout(compareTimer);
  compareTimer = setTimeout(async () => {
    try {
      renderCompare(await api("/api/compare", payload()));
    } catch (err) {
      showError(err);
    }
  }, 150);
}

// Every stakeholder's own weights (and the room's), side by side, with where what they would
// accept conflicts (options compare's common ground, said first, not folded away).
function renderCompare(res) {
  const crit = state.ws.criteria;
  const people = state.ws.stakeholders.map((p) => ({ ...p }));
  if (state.moved) {
    const total = Object.values(state.weights).reduce((a, b) => a + b, 0) || 1;
    people.push({ id: "in-the-room", name: `In the room (${stakeholder().name}, moved)`,
      weights: Object.fromEntries(crit.map((c) => [c.id, state.weights[c.id] / total])),
      acceptable: null });
  }
  const summary = res.tables.find((t) => t.name === "consensus");
  const ground = summary ? summary.rows.find(([q]) => /common ground/.test(q)) : null;
  const cg = res.document.common_ground;
  const name = (id) => (state.ws.stakeholders.find((s) => s.id === id) || { name: id }).name;
  const clash = new Set(cg.feasible ? [] : cg.conflicting_pairs.flat());
  document.getElementById("ground").textContent = ground
    ? `${ground[0]} ${ground[1]}` : "";
  document.getElementById("ground").classList.toggle("warning", !cg.feasible);
  const chart = document.getElementById("people-chart");
  chart.replaceChildren(weightsChart(crit, people, chart.clientWidth),
    el("ul", { class: "key" }, ...people.map((p, k) => el("li", {},
      keyMarker(k), p.name,
      clash.has(p.id) ? el("strong", { class: "clash", text: " (conflicts)" }) : ""))));
  const head = el("tr", {}, el("th", { scope: "col", text: "Criterion" }),
    ...people.map((p) => el("th", { scope: "col", class: `num${clash.has(p.id) ? " clash" : ""}`,
      text: p.name })));
  const rows = crit.map((c) => el("tr", {}, el("th", { scope: "row", text: c.name }),
    ...people.map((p) => el("td", { class: "num" }, pct(p.weights[c.id]),
      p.acceptable ? el("span", { class: "range",
        text: ` (${pct(p.acceptable[c.id][0])}–${pct(p.acceptable[c.id][1])})` }) : ""))));
  const pairs = cg.feasible ? [] : cg.conflicting_pairs.map(([a, b]) => `${name(a)} and ${name(b)}`);
  document.getElementById("people-table").replaceChildren(
    el("div", { class: "scroll", tabindex: "0", role: "region",
      "aria-label": "Each stakeholder's weights, and the range it would accept" },
    el("table", { id: "people-weights" },
      el("caption", { text: "Each stakeholder's own weights (in brackets, the range of each " +
        "it would accept)" }), el("thead", {}, head), el("tbody", {}, ...rows))),
    pairs.length ? el("p", { class: "warning", id: "conflicts",
      text: `What these pairs would accept has no weights in common: ${pairs.join("; ")}.` }) : "");
  const box = document.getElementById("compare-tables");
  box.replaceChildren();
  res.tables.forEach((t) => {
    if (t.name === "consensus" || t.name === "ranks") {
      box.append(el("details", {}, el("summary", { text: t.title }), webTable(t)));
    } else if (t.name === "scores") box.append(webTable(t));
    else box.append(el("details", {}, el("summary", { text: t.title }), webTable(t)));
  });
}

// --- the pictures: the sensitivity graph of one weight, and a head to head --------------------

// The sensitivity graph of the chosen weight (POST /api/graph), drawn with its words.
async function updateGraph() {
  const cid = document.getElementById("graph-criterion").value;
  if (!cid || !state.rank) return;
  try {
    const g = await api("/api/graph", { ...payload(), criterion: cid });
    if (g.criterion === document.getElementById("graph-criterion").value) renderGraph(g);
  } catch (err) {
    showError(err);
  }
}

function renderGraph(g) {
  state.graph = g;
  const cid = g.criterion;
  const names = { criterion: criterion(cid).name, option: (id) => optionLabel(option(id)) };
  const box = document.getElementById("graph");
  box.replaceChildren(sensitivityChart(g, names, box.clientWidth));
  document.getElementById("graph-key").replaceChildren(...g.lines.map((l, i) =>
    el("li", {}, el("i", { class: `line line-${i % 8}` }), l.label)));
  const first = (id) => optionLabel(option(id));
  const words = [`Now ${pct(g.weight)}.`];
  if (g.stable) {
    words.push(`${first(state.rank.ranking[0].option)} stays first from ${pct(g.stable[0])} ` +
      `to ${pct(g.stable[1])} (within what this stakeholder would accept).`);
  }
  words.push(g.switches.length ? `From 0%, ${first(g.first_at_0)} comes first; ` +
    g.switches.map((s) => `at ${pct(s.weight)}, ${first(s.first)} takes over`).join("; ") + "."
    : `${first(g.first_at_0)} comes first at every weight.`);
  document.getElementById("graph-words").textContent = words.join(" ");
}

function renderHeadToHead() {
  const a = document.getElementById("h2h-a").value;
  const b = document.getElementById("h2h-b").value;
  const rows = state.rank ? state.rank.ranking : [];
  const ra = rows.find((r) => r.option === a);
  const rb = rows.find((r) => r.option === b);
  const box = document.getElementById("h2h");
  if (!ra || !rb || a === b) {
    box.replaceChildren(el("p", { class: "hint", text: "Choose two different options." }));
    return;
  }
  box.replaceChildren(headToHeadChart(state.ws.criteria, ra, rb, optionLabel(ra),
    optionLabel(rb), box.clientWidth));
}

function keyMarker(k) {
  const svg = svgEl("svg", { viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true",
    class: "key-marker" });
  svg.append(marker(k, 8, 8, LINE_COLOURS[k % LINE_COLOURS.length]));
  return svg;
}

function setupPictures() {
  const crit = document.getElementById("graph-criterion");
  crit.replaceChildren(...state.ws.criteria.map((c) => el("option", { value: c.id, text: c.name })));
  crit.addEventListener("change", updateGraph);
  const [a, b] = ["h2h-a", "h2h-b"].map((id) => document.getElementById(id));
  for (const [sel, k] of [[a, 0], [b, 1]]) {
    sel.replaceChildren(...state.ws.options.map((o) =>
      el("option", { value: o.id, text: optionLabel(o) })));
    sel.selectedIndex = Math.min(k, state.ws.options.length - 1);
    sel.addEventListener("change", renderHeadToHead);
  }
}

// --- the ranking --------------------------------------------------------------------------

function renderRanking() {
  const doc = state.rank;
  const crit = state.ws.criteria;
  const before = Object.fromEntries(state.base.ranking.map((r) => [r.option, r.rank]));
  const switches = Object.fromEntries(
    (state.switching ? state.switching.options : []).map((s) => [s.option, s]));
  const head = el("tr", {},
    el("th", { class: "num", text: "Rank" }),
    el("th", { text: "Option" }), el("th", { class: "num", text: "Score" }),
    el("th", { class: "hide-narrow", text: "Contributions" }),
    el("th", { text: "To come first" }));
  const rows = doc.ranking.map((r) => {
    const parts = crit.map((c, i) => {
      const v = r.contributions[c.id];
      const span = el("span", { title: `${c.name}: ${fixed(v)}` });
      span.style.width = `${Math.max(0, v)}%`;
      span.style.background = colour(i);
      return span;
    });
    const bar = el("div", { class: "bar", role: "img",
      "aria-label": crit.map((c) => `${c.name} ${fixed(r.contributions[c.id])}`).join(", ") },
    ...parts);
    const change = before[r.option] - r.rank;
    const move = change === 0 ? "" : el("span", {
      class: `move ${change > 0 ? "up" : "down"}`,
      text: ` ${change > 0 ? "▲" : "▼"}${Math.abs(change)}`,
      title: `${change > 0 ? "up" : "down"} ${Math.abs(change)} from the file's weights`,
    });
    const s = switches[r.option];
    const ask = el("button", { type: "button", class: "link", "data-option": r.option,
      onclick: () => {
        state.focus = r.option;
        renderSwitching();
        document.getElementById("switch-answer").scrollIntoView({ block: "nearest" });
      } },
    s ? firstText(s) : "…");
    ask.setAttribute("aria-label", `${s ? firstText(s) : "…"}: what would it take for ` +
      `${option(r.option).name}?`);
    return el("tr", { class: r.rank === 1 ? "first" : "", "data-option": r.option },
      el("td", { class: "num" }, String(r.rank), move),
      el("td", { class: "option", text: optionLabel(r) }),
      el("td", { class: "num score", text: fixed(r.score) }),
      el("td", { class: "barcell hide-narrow" }, bar),
      el("td", { class: "first-cell" }, ask));
  });
  const table = document.getElementById("ranking-table");
  table.replaceChildren(
    el("caption", { text: `Under the weights of ${doc.name}${state.moved ? ", as moved" : ""}` }),
    el("thead", {}, head), el("tbody", {}, ...rows));
  document.getElementById("legend").replaceChildren(...crit.map((c, i) => {
    const sw = el("i");
    sw.style.background = colour(i);
    return el("li", {}, sw, c.name);
  }));
  const numbers = document.getElementById("contributions");
  numbers.replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { text: "Option" }),
      el("th", { class: "num", text: "Score" }),
      ...crit.map((c) => el("th", { class: "num", text: c.name })))),
    el("tbody", {}, ...doc.ranking.map((r) => el("tr", {},
      el("td", { text: optionLabel(r) }), el("td", { class: "num", text: fixed(r.score) }),
      ...crit.map((c) => el("td", { class: "num", text: fixed(r.contributions[c.id]) }))))));
  const lead = doc.ranking.filter((r) => r.rank === 1).map(optionLabel).join(" and ");
  document.getElementById("leader").textContent = `First: ${lead}`;
  document.getElementById("mini-rank").replaceChildren(...doc.ranking.slice(0, 3).map((r) =>
    el("li", {}, el("span", { text: `${r.rank} · ${optionLabel(r)}` }),
      el("span", { text: fixed(r.score) }))));
}

function firstText(s) {
  if (s.status === "leader") return "first now";
  if (s.status === "optimal") {
    return 100 * s.moved < 0.05 ? "level now" : `${fixed(100 * s.moved)} points`;
  }
  if (s.status === "cannot") return "cannot";
  return "no figure";
}

// --- what would it take -------------------------------------------------------------------

// Weights under which the chosen option comes strictly first (POST /api/first), per request.
const firsts = new Map();

async function strictFirst(s) {
  const key = JSON.stringify([payload(), s.option]);
  if (!firsts.has(key)) {
    firsts.clear();
    firsts.set(key, api("/api/first", { ...payload(), option: s.option, start: s.weights }));
  }
  return firsts.get(key);
}

function renderSwitching() {
  const box = document.getElementById("switch-answer");
  const sw = state.switching;
  if (!sw) return;
  document.getElementById("switch-all").replaceChildren(webTable(sw.table));
  if (!state.focus) {
    box.replaceChildren(el("p", { class: "hint",
      text: "Choose a figure under \u201cTo come first\u201d to see what it would take." }));
    return;
  }
  const s = sw.options.find((x) => x.option === state.focus);
  const o = option(state.focus);
  const heading = el("h3", { id: "switch-h", tabindex: "-1",
    text: `What would it take for ${optionLabel(o)}?` });
  const parts = [heading, el("p", { class: "words", text: s.what_it_takes })];
  const plan = el("div", { class: "plan" });
  if (s.status === "optimal") parts.push(plan);
  if (!sw.inside) {
    parts.push(el("p", { class: "warning",
      text: "The weights now are outside what this stakeholder would accept." }));
  }
  box.replaceChildren(el("div", { class: "answer" }, ...parts));
  if (s.status === "optimal") renderPlan(plan, s, o);
}

// The plan "try these weights" applies: weights of the stakeholder's set under which the
// option comes first by the statements' strict margin, with the change from the weights now.
async function renderPlan(box, s, o) {
  box.replaceChildren(el("p", { class: "hint", text: "Working out the weights…" }));
  const forWeights = JSON.stringify(payload());
  let first;
  try {
    first = await strictFirst(s);
  } catch (err) {
    box.replaceChildren(el("p", { class: "warning", text: err.message }));
    return;
  }
  if (JSON.stringify(payload()) !== forWeights || !box.isConnected) return;  // moved since
  if (!first.weights) {
    box.replaceChildren(el("p", { class: "hint", text: `${optionLabel(o)} can draw level but ` +
      "no acceptable weights put it strictly ahead of every other option." }));
    return;
  }
  const total = Object.values(state.rank.weights).reduce((a, b) => a + b, 0);
  const changed = state.ws.criteria.filter(
    (c) => Math.abs(first.weights[c.id] - state.rank.weights[c.id] / total) >= 5e-4);
  const rows = changed.map((c) => {
    const now = state.rank.weights[c.id] / total;
    const then = first.weights[c.id];
    return el("tr", {}, el("th", { scope: "row", text: c.name }),
      el("td", { class: "num", text: pct(now) }), el("td", { class: "num", text: pct(then) }),
      el("td", { class: "num", text: fixed(100 * (then - now)) }));
  });
  box.replaceChildren(
    el("p", { text: `To come first by ${fixed(first.lead, 2)} points, ahead of every other ` +
      "option, within what this stakeholder would accept:" }),
    el("div", { class: "figures" },
      el("div", {}, el("span", { text: "Weight moved" }),
        el("strong", { text: `${fixed(100 * first.moved)} points` })),
      el("div", {}, el("span", { text: "Largest single change" }),
        el("strong", { text: `${fixed(100 * first.largest)} points` }))),
    el("div", { class: "scroll", tabindex: "0", role: "region",
      "aria-label": `Weights for ${o.name} to come first` }, el("table", {},
      el("thead", {}, el("tr", {}, el("th", { text: "Criterion" }),
        el("th", { class: "num", text: "Now" }), el("th", { class: "num", text: "Then" }),
        el("th", { class: "num", text: "Change (points)" }))),
      el("tbody", {}, ...rows))),
    el("button", { type: "button", id: "try-weights", onclick: () => tryWeights(first) },
      `Try these weights for ${o.name}`));
}

async function tryWeights(first) {
  remember();
  setWeights(first.weights, true);
  refreshSliders();
  await update();
  updateCompare();
  const target = document.getElementById("switch-h");
  if (target) target.focus();
}

// A table from the server, its cells already formatted as the command line prints them.
function webTable(t) {
  if (!t.rows.length) {  // a sentence, not a grid of headers, as the command line says it
    return el("div", { class: "webtable", "data-table": t.name },
      el("p", { class: "caption", text: t.title }), el("p", { class: "notes", text: t.empty }));
  }
  const table = el("table", {},
    el("caption", { text: t.title }),
    el("thead", {}, el("tr", {}, ...t.columns.map((c) =>
      el("th", { class: c.numeric ? "num" : "", scope: "col", text: c.label })))),
    el("tbody", {}, ...t.rows.map((row) => el("tr", {}, ...row.map((cell, i) =>
      el("td", { class: t.columns[i].numeric ? "num" : "text", text: cell }))))));
  const wrap = el("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": t.title },
    table);
  const notes = t.notes.map((n) => el("p", { class: "notes", text: n }));
  return el("div", { class: "webtable", "data-table": t.name }, wrap, ...notes);
}

// --- saving -------------------------------------------------------------------------------

async function save(event) {
  event.preventDefault();
  const button = document.getElementById("save-button");
  const out = document.getElementById("saved");
  button.disabled = true;
  try {
    const body = {
      ...payload(),
      id: document.getElementById("save-id").value.trim(),
      name: document.getElementById("save-name").value,
      rationale: document.getElementById("save-rationale").value,
      replace: document.getElementById("save-replace").checked,
      keep_constraints: document.getElementById("save-keep").checked,
    };
    const res = await api("/api/save", body);
    state.ws = res.workspace;
    state.version = res.workspace.version;
    fillStakeholders();
    fillKnown();
    const rows = res.weights.map((w) => el("tr", {}, el("td", { text: w.name }),
      el("td", { class: "num", text: pct(w.before) }), el("td", { class: "num", text: pct(w.after) }),
      el("td", { class: "num", text: fixed(100 * (w.after - w.before)) })));
    out.replaceChildren(
      el("p", { class: "done", text: `Saved ${res.path}${res.replaced ? " (replaced)" : ""}.` }),
      el("p", { class: "hint", text: `Compared with ${res.compared_with}:` }),
      el("div", { class: "scroll" }, el("table", {},
        el("thead", {}, el("tr", {}, el("th", { text: "Criterion" }),
          el("th", { class: "num", text: "Before" }), el("th", { class: "num", text: "After" }),
          el("th", { class: "num", text: "Change (points)" }))),
        el("tbody", {}, ...rows))),
      el("details", {}, el("summary", { text: "The change to the file" }),
        el("pre", { class: "diff", text: res.diff })));
    showError(null);
  } catch (err) {
    out.replaceChildren(el("p", { class: "warning", text: notSaved(err.message) }));
  } finally {
    button.disabled = false;
    button.focus();  // disabled while saving, it lost the focus
  }
}

// --- choosing a stakeholder ---------------------------------------------------------------

function fillStakeholders() {
  const select = document.getElementById("stakeholder");
  select.replaceChildren(...state.ws.stakeholders.map((s) =>
    el("option", { value: s.id, text: s.name })));
  select.value = state.sid;
}

// Show a stakeholder: its own weights, or a position (weights moved, locks) to restore.
function choose(sid, pos = null) {
  state.sid = sid;
  const st = stakeholder();
  state.locked = new Set(pos ? pos.locked.filter((c) => criterion(c)) : []);
  state.shares = {};
  state.base = null;
  state.focus = null;
  setWeights(st.weights, false);
  if (pos && pos.moved) {
    for (const c of state.ws.criteria) {
      if (typeof pos.weights[c.id] === "number") state.weights[c.id] = pos.weights[c.id];
    }
    state.moved = true;
  }
  document.getElementById("stakeholder").value = sid;
  document.getElementById("save-id").value = `${st.id}-agreed`.slice(0, 64);
  document.getElementById("save-name").value = `${st.name}, as agreed`;
  buildSliders();
  update();
  updateCompare();
  loadStatements();
}

// Another stakeholder from the list: moved weights and locks are not dropped without asking.
function chooseFromList() {
  const select = document.getElementById("stakeholder");
  if (select.value === state.sid) return;
  if ((state.moved || state.locked.size) && !window.confirm(
    `Show ${possessive(state.ws.stakeholders.find((s) => s.id === select.value).name)} weights? ` +
    `The weights moved for ${stakeholder().name} will be put aside (Undo brings them back).`)) {
    select.value = state.sid;
    return;
  }
  remember();
  choose(select.value);
}

// Presentation mode: large type, the ranking and the chosen picture only, for a projector.
// Charts are drawn at the width they are shown: again when it changes.
let resizeTimer = null;
function redraw() {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (state.graph) renderGraph(state.graph);
    if (state.rank) renderHeadToHead();
  }, 100);
}
window.addEventListener("resize", redraw);

function present() {
  const on = document.body.classList.toggle("present");
  document.documentElement.classList.toggle("present", on);
  redraw();
  const button = document.getElementById("present");
  button.setAttribute("aria-pressed", String(on));
  button.textContent = on ? "Leave presentation mode" : "Presentation mode";
  button.focus();
}

// --- the room's position in the address: reloading the page restores it --------------------

// The address and the browser's copy follow the room a moment after it settles (writing them
// on every step of a drag would slow the drag).
let addressTimer = null;
function writeAddress() {
  clearTimeout(addressTimer);
  addressTimer = setTimeout(writeAddressNow, 250);
}

function writeAddressNow() {
  let hash = `#${encodeURIComponent(state.sid)}`;
  const q = new URLSearchParams();
  if (state.moved) {
    q.set("w", state.ws.criteria.map((c) =>
      `${c.id}:${Number(state.weights[c.id].toFixed(4))}`).join(","));
  }
  if (state.locked.size) q.set("lock", [...state.locked].join(","));
  const query = q.toString();
  if (query) hash += `?${query}`;
  if (location.hash !== hash) window.history.replaceState(null, "", hash);
  keep();
}

function readAddress() {
  const [head, query = ""] = location.hash.slice(1).split("?");
  const sid = decodeURIComponent(head);
  const q = new URLSearchParams(query);
  const weights = {};
  for (const pair of (q.get("w") || "").split(",")) {
    const [c, v] = pair.split(":");
    if (c && v !== undefined && Number.isFinite(Number(v)) && Number(v) >= 0) weights[c] = Number(v);
  }
  const moved = state.ws.criteria.every((c) => c.id in weights);
  const locked = (q.get("lock") || "").split(",").filter(Boolean);
  return { sid, weights, moved, locked };
}

// --- the short list -------------------------------------------------------------------------

async function loadScreen() {
  const box = document.getElementById("shortlist-body");
  try {
    renderScreen(box, await api("/api/screen"));
  } catch (err) {
    box.replaceChildren(el("p", { class: "warning", text: `The screen failed: ${err.message}` }));
  }
}

function renderScreen(box, sc) {
  if (!sc.requirements.length) {
    box.replaceChildren(el("p", {
      text: "This workspace has no must-meet requirements: every option is appraised." }));
    return;
  }
  const parts = [
    el("p", { class: "sub", text: `Appraised here (${sc.short_list.length} of ` +
      `${sc.short_list.length + sc.screened_out.length}): they meet every requirement` }),
    el("ul", { class: "short" }, ...sc.short_list.map((o) =>
      el("li", { "data-option": o.option, text: o.label }))),
  ];
  if (sc.screened_out.length) {
    parts.push(el("p", { class: "sub", text: "Screened out, not appraised" }));
    parts.push(el("ul", { class: "out" }, ...sc.screened_out.map((o) => el("li",
      { "data-option": o.option },
      el("span", { class: "label", text: o.label }),
      el("span", { class: "fails",
        text: `Fails: ${o.fails.map((f) => f.name).join("; ")}` }),
      el("details", {}, el("summary", {}, "Why",
        el("span", { class: "vh", text: ` ${o.label} is screened out` })),
        ...o.fails.map((f) => el("p", { class: "reason" },
          el("strong", { text: `${f.name}: ` }), f.reason)))))));
  }
  const grid = sc.tables.find((t) => t.name === "screen");
  if (grid) {
    parts.push(el("details", {}, el("summary",
      { text: "Every option against every requirement" }), webTable(grid)));
  }
  box.replaceChildren(...parts);
}

// --- what the chosen stakeholder has said ---------------------------------------------------

let statementsFor = null;
async function loadStatements() {
  const sid = state.sid;
  statementsFor = sid;
  const section = document.getElementById("statements");
  try {
    const res = await api("/api/statements", { stakeholder: sid });
    if (statementsFor !== sid) return;  // another stakeholder was chosen meanwhile
    section.hidden = !res.statements.length;
    if (!res.statements.length) return;
    document.getElementById("statements-h").textContent = `What ${res.name} has said`;
    // the command line's own answers (options infer's summary), and its note on the weights
    const summary = res.tables.find((t) => t.name === "summary");
    const facts = summary ? summary.rows.map(([q, a]) => [q, a]) : [];
    facts.splice(1, 0, ["Weights", res.inferred
      ? `inferred from the statements${res.basis === "modelled" || res.basis === "elicited"
        ? ` (${res.basis})` : ""}`
      : "typed in the file (the statements are checked against them)"]);
    const parts = [el("dl", { class: "facts" }, ...facts.flatMap(([q, a]) =>
      [el("dt", { text: q }), el("dd", { text: a })]))];
    // the statements as a list (numbered as options infer numbers them), each with its status
    const table = res.tables.find((t) => t.name === "statements");
    if (table) {
      parts.push(el("ol", { class: "said", start: 0 }, ...table.rows.map(
        ([, words, source, status]) => el("li", {},
          el("span", { class: `said-status ${status === "used" ? "ok"
            : status.startsWith("recorded") ? "muted" : "bad"}`, text: status }),
          " ", words, el("span", { class: "said-source", text: ` (${source})` })))));
    }
    const weights = res.tables.find((t) => t.name === "weights");
    if (weights) {
      parts.push(el("details", {}, el("summary", { text: weights.title }), webTable(weights)));
    }
    document.getElementById("statements-body").replaceChildren(...parts);
  } catch (err) {
    section.hidden = true;
    showError(err);
  }
}

// --- the interview (options elicit, in the page) ----------------------------------------------

// the replies to a question, as a sentence names them
const REPLY_NAMES = { a: "A", b: "B", same: "the same" };

const elicit = {
  order: [],     // criterion ids, most valued first
  ratings: {},   // criterion -> the text typed
  view: null,    // the server's answer: the question, the answers so far, ...
  busy: false,
  clash: false,  // the last save met a file of the same name
};

function swingText(c) {
  const [lo, hi] = c.scale;
  return c.direction === "cost"
    ? `from ${hi} to ${lo} on its scale: less of it is better`
    : `from ${lo} to ${hi} on its scale`;
}

function buildSwings(focus) {
  const list = document.getElementById("elicit-swings");
  const n = elicit.order.length;
  list.replaceChildren(...elicit.order.map((cid, k) => {
    const c = criterion(cid);
    const up = el("button", { type: "button", class: "secondary small", "data-move": "up",
      "aria-label": `Move ${c.name} up`, disabled: k === 0,
      onclick: () => moveSwing(k, -1, "up") }, "↑");
    const down = el("button", { type: "button", class: "secondary small", "data-move": "down",
      "aria-label": `Move ${c.name} down`, disabled: k === n - 1,
      onclick: () => moveSwing(k, 1, "down") }, "↓");
    const rid = `elicit-rate-${k}`;
    const rating = k === 0
      ? el("span", { class: "rating first", text: "100" })
      : el("input", { id: rid, class: "rating", inputmode: "decimal", autocomplete: "off",
        value: elicit.ratings[cid] || "",
        "aria-label": `Rating of ${c.name} against ${criterion(elicit.order[0]).name} (100)`,
        oninput: (e) => { elicit.ratings[cid] = e.target.value; } });
    return el("li", { "data-criterion": cid },
      el("span", { class: "rank", text: `${k + 1}.` }),
      el("span", { class: "swing" }, el("strong", { text: c.name }),
        el("span", { class: "hint", text: ` (${swingText(c)})` })),
      el("span", { class: "moves" }, up, down), rating);
  }));
  if (focus) {
    const [k, dir] = focus;
    const button = list.children[k].querySelector(`[data-move="${dir}"]`);
    (button.disabled ? list.children[k].querySelector("[data-move]:not([disabled])") : button)
      .focus();
  }
}

function moveSwing(k, step, dir) {
  const j = k + step;
  [elicit.order[k], elicit.order[j]] = [elicit.order[j], elicit.order[k]];
  buildSwings([j, dir]);
}

// "70" -> 70, "60-80" -> [60, 80], "" -> undefined; anything else throws.
function parseRating(text, name) {
  const t = text.trim();
  if (!t) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(?:(?:-|–|to)\s*(\d+(?:\.\d+)?))?$/.exec(t);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m && m[2] !== undefined ? Number(m[2]) : lo;
  if (!(lo >= 0 && lo <= hi && hi <= 100)) {
    throw new Error(`${name}: a rating is a number from 0 to 100, or a range such as 60-80`);
  }
  return lo === hi ? lo : [lo, hi];
}

function setupElicit() {
  elicit.order = state.ws.criteria.map((c) => c.id);
  elicit.ratings = {};
  fillKnown();
  buildSwings();
  const id = document.getElementById("elicit-id");
  id.addEventListener("input", noteExisting);
  document.getElementById("elicit-setup").addEventListener("submit", startElicit);
  for (const b of document.querySelectorAll("#elicit-replies button")) {
    b.addEventListener("click", () => replyElicit(b.dataset.reply));
  }
  document.getElementById("elicit-back").addEventListener("click", backElicit);
  document.getElementById("elicit-restart").addEventListener("click", () => {
    elicit.view = null;
    document.getElementById("elicit-setup").hidden = false;
    document.getElementById("elicit-run").hidden = true;
    document.getElementById("elicit-id").focus();
  });
  document.getElementById("elicit-save").addEventListener("click", saveElicit);
  loadKept();
}

// Interviews the server kept on disk (from before a restart, or another window): resume one.
async function loadKept() {
  let kept = [];
  try {
    kept = await api("/api/elicit/kept");
  } catch (err) {
    return;
  }
  document.getElementById("elicit-kept-box").hidden = !kept.length;
  document.getElementById("elicit-kept").replaceChildren(...kept.map((k) => el("li", {},
    el("button", { type: "button", class: "secondary", "data-file": k.file,
      onclick: () => resumeElicit(k.file) },
    `Resume the interview for ${k.name} (weights/${k.stakeholder}.toml, ${k.answers} ` +
      `answer${k.answers === 1 ? "" : "s"}, ${k.date})`))));
}

async function resumeElicit(file) {
  if (elicit.busy) return;
  elicit.busy = true;
  try {
    const view = await api("/api/elicit/resume", { file });
    document.getElementById("elicit-setup").hidden = true;
    document.getElementById("elicit-kept-box").hidden = true;
    document.getElementById("elicit-run").hidden = false;
    document.getElementById("elicit-saved").replaceChildren();
    renderElicit(view);
    document.getElementById("elicit-progress").focus();
  } catch (err) {
    showError(err);
  } finally {
    elicit.busy = false;
  }
}

function fillKnown() {
  document.getElementById("elicit-known").replaceChildren(...state.ws.stakeholders.map((s) =>
    el("option", { value: s.id, text: s.name })));
  noteExisting();
}

function noteExisting() {
  const id = document.getElementById("elicit-id").value.trim();
  const known = state.ws.stakeholders.find((s) => s.id === id);
  const note = document.getElementById("elicit-exists");
  note.hidden = !known;
  if (known) {
    note.textContent = `weights/${id}.toml is ${possessive(known.name)} file: the answers will be ` +
      "saved over it only if you choose to replace it.";
    const name = document.getElementById("elicit-name");
    if (!name.value.trim()) name.placeholder = known.name;
  }
}

async function startElicit(event) {
  event.preventDefault();
  if (elicit.busy) return;
  const err = document.getElementById("elicit-setup-error");
  const ratings = {};
  try {
    elicit.order.slice(1).forEach((cid) => {
      const r = parseRating(elicit.ratings[cid] || "", criterion(cid).name);
      if (r !== undefined) ratings[cid] = r;
    });
    const id = document.getElementById("elicit-id").value.trim();
    if (!id) throw new Error("Give the file a name: the stakeholder's id");
    elicit.busy = true;
    const view = await api("/api/elicit/start", {
      id, name: document.getElementById("elicit-name").value.trim(),
      order: elicit.order, ratings,
      limit: Number(document.getElementById("elicit-limit").value) || 12,
    });
    err.hidden = true;
    document.getElementById("elicit-setup").hidden = true;
    document.getElementById("elicit-run").hidden = false;
    document.getElementById("elicit-saved").replaceChildren();
    document.getElementById("elicit-replace").checked = false;
    renderElicit(view);
    document.getElementById("elicit-progress").scrollIntoView({ block: "nearest" });
  } catch (e) {
    err.textContent = e.message;
    err.hidden = false;
  } finally {
    elicit.busy = false;
  }
}

async function replyElicit(reply) {
  if (elicit.busy || !elicit.view || !elicit.view.question) return;
  elicit.busy = true;
  try {
    renderElicit(await api("/api/elicit/answer", {
      interview: elicit.view.interview, question: elicit.view.question.number, reply }));
  } catch (err) {
    elicitStatus(err.message, "warning");
  } finally {
    elicit.busy = false;
  }
}

async function backElicit() {
  if (elicit.busy || !elicit.view) return;
  elicit.busy = true;
  try {
    renderElicit(await api("/api/elicit/back", { interview: elicit.view.interview }));
  } catch (err) {
    elicitStatus(err.message, "warning");
  } finally {
    elicit.busy = false;
  }
}

function elicitStatus(text, kind) {
  const status = document.getElementById("elicit-status");
  status.className = `status ${kind}`;
  status.textContent = text;
}

function side(letter, s) {
  return el("div", { class: `side side-${letter.toLowerCase()}` },
    el("span", { class: "letter", text: `Option ${letter}` }),
    el("strong", { class: "gain", text: `+${s.gain} points` }),
    el("span", { text: `on ${s.name}` }),
    s.cost ? el("span", { class: "hint", text: "a gain here is less of it" }) : "");
}

function renderElicit(view) {
  elicit.view = view;
  const q = view.question;
  const who = `${view.stakeholder.name} (${view.stakeholder.path})`;
  document.getElementById("elicit-progress").textContent = q
    ? `Question ${q.number} of at most ${view.limit}, for ${who}`
    : `${view.asked} question${view.asked === 1 ? "" : "s"} answered, for ${who}`;
  const box = document.getElementById("elicit-question");
  box.replaceChildren(...(q ? [
    q.check ? el("p", { class: "check-note", id: "elicit-check", text: "A check question: " +
      "your earlier answers already settle this one. It is asked on purpose, as M-MACBETH " +
      "asks redundant judgements, to catch a slip or a change of mind." }) : "",
    el("p", { class: "words", text: q.text }),
    el("div", { class: "sides" }, side("A", q.a), side("B", q.b)),
    el("p", { class: "hint", text: "Points are on each criterion's value scale: 0 is its " +
      "worst, 100 its best." }),
  ] : []));
  box.hidden = !q;
  const replies = document.getElementById("elicit-replies");
  const hadFocus = replies.contains(document.activeElement);
  for (const b of replies.querySelectorAll("button")) b.disabled = !q;
  replies.hidden = !q;
  document.getElementById("elicit-back").disabled = !view.can_back;

  const first = `First at the weights inferred so far: ${view.leader.label}.`;
  const last = view.last;
  if (last && last.kept === false) {
    const which = last.conflict.length ? ` It contradicts ${last.conflict.join("; ")}.` : "";
    const fits = (last.possible || []).map((r) => REPLY_NAMES[r]).join(" or ");
    elicitStatus("That answer contradicts an earlier one, so it was not kept." + which +
      (fits ? ` Given that, the answer can only be ${fits}.` : "") + (last.check
      ? ` This was a check question: answer ${fits || "again"} to keep the earlier answers, ` +
        "take back the earlier answer if it was a slip, or skip the check."
      : " Think again, or take back the earlier answer."), "warning");
  } else if (last && last.check && last.reply === "skip") {
    elicitStatus(`The check question is skipped. ${first}`, "");
  } else if (last && last.check) {
    elicitStatus(`Consistent with the earlier answers (a check question). ${first}`, "ok");
  } else if (!q && view.asked === 0) {
    elicitStatus(`The interview ended before any question: ${view.stopped}. ` +
      "Save the ranking and ratings of the swings as they are, or change them and start " +
      "again.", "warning");
  } else if (last && last.resumed) {
    elicitStatus(`The interview is resumed where it was, after ${view.asked} question` +
      `${view.asked === 1 ? "" : "s"}. ${first}`, "ok");
  } else if (last && last.taken_back) {
    elicitStatus(`The last answer is taken back. ${first}`, "");
  } else if (last && last.kept) {
    elicitStatus(`Consistent. ${first}`, "ok");
  } else {
    elicitStatus(first, "");
  }

  document.getElementById("elicit-answers").replaceChildren(...view.statements.map((t) =>
    el("li", { text: t })), ...view.answers.filter((a) => a.reply === "skip").map((a) =>
    el("li", { class: "hint", text: `question ${a.number} skipped (${a.question})` })));
  const crit = state.ws.criteria;
  document.getElementById("elicit-weights").replaceChildren(el("div", { class: "scroll" },
    el("table", {}, el("caption", { text: "Weights inferred so far (the centre of those " +
      "compatible with the answers)" }),
    el("tbody", {}, ...crit.map((c) => el("tr", {}, el("td", { text: c.name }),
      el("td", { class: "num", text: pct(view.weights[c.id]) })))))));

  const stopped = document.getElementById("elicit-stopped");
  stopped.textContent = view.stopped
    ? `The interview has ended: ${view.stopped}. Save the answers as a weights file.`
    : "Or stop here and save the answers so far.";
  stopped.classList.toggle("done", !!view.stopped);
  const replaceBox = document.getElementById("elicit-replace-box");
  replaceBox.hidden = !view.stakeholder.exists && !elicit.clash;
  document.getElementById("elicit-replace-label").textContent =
    `Replace ${view.stakeholder.path}, which exists`;
  document.getElementById("elicit-save").textContent = `Save as ${view.stakeholder.path}`;
  if (!q && (hadFocus || view.asked === 0)) {
    document.getElementById("elicit-save").focus();  // the interview ended
  }
}

async function saveElicit() {
  if (elicit.busy || !elicit.view) return;
  elicit.busy = true;
  const out = document.getElementById("elicit-saved");
  const button = document.getElementById("elicit-save");
  const rename = document.getElementById("elicit-rename");
  button.disabled = true;
  try {
    const body = { interview: elicit.view.interview,
      replace: document.getElementById("elicit-replace").checked };
    const other = rename.value.trim();
    if (elicit.clash && !body.replace && other && other !== elicit.view.stakeholder.id) {
      body.id = other;  // another name: the answers go to a new file
    }
    const res = await api("/api/elicit/save", body);
    elicit.clash = false;
    document.getElementById("elicit-rename-box").hidden = true;
    state.ws = res.workspace;
    state.version = res.workspace.version;
    fillStakeholders();
    fillKnown();
    if (res.id === state.sid) choose(res.id);  // its file was replaced: show the new one
    renderElicit(res.interview);
    document.getElementById("elicit-replace").checked = false;
    const rows = res.weights.map((w) => el("tr", {}, el("td", { text: w.name }),
      el("td", { class: "num", text: pct(w.weight) })));
    out.replaceChildren(
      el("p", { class: "done", text: `Saved ${res.path}${res.replaced ? " (replaced)" : ""}: ` +
        `${res.statements} statements.` }),
      el("div", { class: "scroll" }, el("table", {},
        el("caption", { text: "The weights inferred from them" }),
        el("tbody", {}, ...rows))),
      el("button", { type: "button", id: "elicit-show", class: "secondary",
        onclick: () => {
          document.getElementById("stakeholder").value = res.id;
          choose(res.id);
          window.scrollTo({ top: 0 });
        } }, "See these weights in the live model"));
    button.focus();
  } catch (err) {
    // a clash: the answers are kept; offer to replace, or to save under another name
    if (/already (exists|has the id)/.test(err.message)) {
      elicit.clash = true;
      document.getElementById("elicit-replace-box").hidden = false;
      document.getElementById("elicit-rename-box").hidden = false;
      rename.placeholder = `${elicit.view.stakeholder.id}-2`.slice(0, 64);
    }
    out.replaceChildren(el("p", { class: "warning", text: notSaved(err.message) +
      (elicit.clash ? " The answers are kept: tick replace, or give another name, then save." : "") }));
  } finally {
    button.disabled = false;
    button.focus();
    elicit.busy = false;
  }
}

async function start() {
  try {
    state.ws = await api("/api/workspace");
  } catch (err) {
    showError(err);
    return;
  }
  document.getElementById("title").textContent = state.ws.title;
  document.getElementById("question").textContent = state.ws.question;
  document.title = `options: ${state.ws.title}`;
  if (!state.ws.stakeholders.length) {
    showError(new Error("This workspace has no weights files (weights/<id>.toml) yet."));
    return;
  }
  const select = document.getElementById("stakeholder");
  select.disabled = false;
  select.addEventListener("change", chooseFromList);
  document.getElementById("reset").addEventListener("click", () => {
    remember();
    setWeights(stakeholder().weights, false);
    state.locked.clear();
    state.shares = {};
    refreshSliders();
    update();
    updateCompare();
    say(`Back to the weights in ${stakeholder().path}, nothing locked.`);
  });
  document.getElementById("present").addEventListener("click", present);
  document.getElementById("undo").addEventListener("click", undo);
  document.getElementById("redo").addEventListener("click", redo);
  document.getElementById("snapshot").addEventListener("click", snapshot);
  document.getElementById("save-form").addEventListener("submit", save);
  const pos = readAddress();
  state.sid = state.ws.stakeholders.some((s) => s.id === pos.sid) ? pos.sid
    : state.ws.stakeholders[0].id;
  fillStakeholders();
  offerResume();
  setupPictures();
  state.version = state.ws.version;
  choose(state.sid, pos.sid === state.sid ? pos : null);
  setInterval(poll, POLL_MS);
  window.addEventListener("pagehide", () => { if (state.sid) writeAddressNow(); });
  loadScreen();
  setupElicit();
}

// --- files changed on disk, another tab's save, a restarted server --------------------------

// Ask every two seconds whether the workspace's files changed (a save from another tab, or an
// edit on disk); the server reads them again and the page says what changed.
async function poll() {
  let v;
  try {
    v = await api(`/api/version?tab=${TAB}&stakeholder=${encodeURIComponent(state.sid)}`);
  } catch (err) {
    return;  // a stopped server: stale() has said so when it is a token problem
  }
  noteOthers(v.others || []);
  if (v.error) {
    notice(`A workspace file changed on disk but cannot be read (${v.error}); the page keeps ` +
      "the last good reading until it is fixed.");
    return;
  }
  if (v.version === state.version) return;
  state.version = v.version;
  const ws = await api("/api/workspace");
  const old = stakeholder();
  state.ws = ws;
  fillStakeholders();
  fillKnown();
  const now = stakeholder();
  const which = v.changed.length ? v.changed.join(", ") : "a workspace file";
  if (!now) {
    notice(`${which} changed on disk: ${old.name}'s file is gone; showing ${ws.stakeholders[0].name}.`);
    choose(ws.stakeholders[0].id);
    return;
  }
  const mine = v.changed.includes(now.path) || JSON.stringify(old) !== JSON.stringify(now);
  if (!mine) {
    notice(`${which} changed on disk (or was saved from another tab); the figures are read again.`);
    update();
    updateCompare();
  } else if (!state.moved) {
    notice(`${now.path} changed (saved from another tab, or edited on disk): the sliders and the ` +
      "ranking now show its new weights.");
    choose(now.id, { locked: [...state.locked], moved: false, weights: {} });
  } else {
    notice(`${now.path} changed (saved from another tab, or edited on disk) while its weights ` +
      "were being moved here: the sliders keep this room's weights; the file's own weights " +
      "are new.", "Show the file's new weights", () => { remember(); choose(now.id); });
    buildSliders();
    update();
    updateCompare();
  }
}

// Another tab moving the same stakeholder's weights to other values: say so, once per change,
// and offer its weights.
let othersShown = "";
function noteOthers(others) {
  const total = Object.values(state.weights).reduce((a, b) => a + b, 0) || 1;
  const differ = others.filter((o) => state.ws.criteria.some(
    (c) => Math.abs(100 * o.weights[c.id] - 100 * state.weights[c.id] / total) > 0.05));
  const key = JSON.stringify(differ.map((o) => [o.tab, o.weights]));
  if (!differ.length || key === othersShown) return;
  othersShown = key;
  const o = differ[0];
  notice(`Another window is moving ${possessive(stakeholder().name)} weights too (${fixed(o.ago, 0)} s ` +
    "ago), to other values than these: the two windows now show different rankings.",
  "Show the other window's weights", () => {
    remember();
    setWeights(o.weights, true);
    refreshSliders();
    update();
    updateCompare();
  });
}

function notice(text, action, onclick) {
  const box = document.getElementById("notice");
  box.replaceChildren(el("span", { text }),
    action ? el("button", { type: "button", class: "secondary", id: "notice-action",
      onclick: () => { box.hidden = true; onclick(); } }, action) : "",
    el("button", { type: "button", class: "link", id: "notice-close",
      onclick: () => { box.hidden = true; } }, "Dismiss"));
  box.hidden = false;
}

let staleShown = false;
function stale() {
  if (staleShown) return;
  staleShown = true;
  notice("The server has stopped or restarted, so this tab's token no longer works. Open the " +
    "address options serve printed in its terminal (start it again if it stopped): the page " +
    "there offers to bring back this room's weights.");
}

// The room's position, kept in this browser too, to bring back after a restart.
const KEPT = () => `options-position:${state.ws.title}`;

function keep() {
  try {
    localStorage.setItem(KEPT(), JSON.stringify({ hash: location.hash, when: Date.now() }));
  } catch (e) { /* storage refused: the address still holds it */ }
}

function offerResume() {
  let kept = null;
  try { kept = JSON.parse(localStorage.getItem(KEPT()) || "null"); } catch (e) { kept = null; }
  if (!kept || !kept.hash || kept.hash === location.hash || location.hash.length > 1) return;
  notice("This browser kept the room's last position (stakeholder, moved weights, locks).",
    "Bring it back", () => {
      window.history.replaceState(null, "", kept.hash);
      remember();
      const pos = readAddress();
      if (state.ws.stakeholders.some((s) => s.id === pos.sid)) choose(pos.sid, pos);
    });
}

document.addEventListener("DOMContentLoaded", start);
