"use strict";
// The live model in the browser. Every figure comes from the server (the same core as the
// command line); the page only moves weights and shows answers. Workspace text (names,
// rationales) may come from a stranger: it is only ever set with textContent, never as HTML.
// The room's positions and what changed elsewhere are in room.js, the interview in
// interview.js, the charts in charts.js.

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
  switching: null,  // what it would take (POST /api/move's switching)
  focus: null,      // the option asked about in "What would it take?"
  limits: null,     // POST /api/move's limits: inside, what the weights break, stability
  open: new Set(),  // objectives opened to their criteria (a value tree)
};

// --- small helpers ------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = visible(v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, "");
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(visible(c)));
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

// --- asking the server, one request at a time, always for the latest weights ----------------

let running = null;  // the whole update: resolves once every figure is for the latest weights
let again = false;

// Resolves once the page shows the latest weights' answers: the ranking, the limits, the
// pictures and what it would take for each option, from one request (POST /api/move), drawn
// in one frame. (Asked apart, what it would take waited for the ranking to be drawn and for a
// second round trip, and the browser drew the page twice a move; benchmarks/serve.py --browser
// measures both ways' input to answer in the page.)
function update() {
  if (running) { again = true; return running; }
  running = (async () => {
    try {
      do {
        again = false;
        const body = payload();
        const cid = document.getElementById("graph-criterion").value;
        const res = await api("/api/move", { ...body, ...(cid ? { criterion: cid } : {}),
          vfm: state.ws.costs !== false });
        if (again) continue;  // moved meanwhile: ask again for the latest
        state.rank = res.rank;
        state.byObjective = res.by_objective;
        state.limits = res.limits;
        state.switching = res.switching;
        state.switchingFor = JSON.stringify(body);
        if (!state.base) state.base = res.rank;
        showError(null);
        renderRanking();
        renderBroken();
        renderStability();
        renderHeadToHead();
        if (res.graph) renderGraph(res.graph);
        renderVfm(res.vfm);
        renderSwitching();
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

// Whether "what it would take" is for the weights on the sliders now.
const switchingFresh = () => !!state.switching && state.switchingFor === JSON.stringify(payload());

// Each weight's stability interval on its slider: the range over which, the others keeping
// their proportions, the first option stays first (options sensitivity's).
function renderStability() {
  renderBars();
  const stab = state.limits ? state.limits.stability : {};
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
  const broken = state.limits ? state.limits.broken : [];
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
// accept conflicts (options compare's common ground, said first, not folded away). On a value
// tree, by objective (an objective's weight: the sum of its criteria's), each opened to its
// criteria with the same buttons as the ranking.
function renderCompare(res) {
  state.compare = res;
  const crit = state.ws.criteria;
  const nodes = shownNodes();
  const leaves = (id) => (objective(id) ? objective(id).criteria : [id]);
  const byNode = (w) => Object.fromEntries(nodes.map((n) =>
    [n.id, leaves(n.id).reduce((s, c) => s + w[c], 0)]));
  const rangeOf = (p, n) => (n.objective ? (p.acceptable_objectives || {})[n.id]
    : (p.acceptable || {})[n.id]);
  const people = state.ws.stakeholders.map((p) => ({ ...p }));
  if (state.moved) {
    const total = Object.values(state.weights).reduce((a, b) => a + b, 0) || 1;
    people.push({ id: "in-the-room", name: `In the room (${stakeholder().name}, moved)`,
      weights: Object.fromEntries(crit.map((c) => [c.id, state.weights[c.id] / total])),
      acceptable: null });
  }
  for (const p of people) {
    p.nodeWeights = byNode(p.weights);
    p.nodeRanges = Object.fromEntries(nodes.map((n) => [n.id, rangeOf(p, n) || null]));
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
  chart.replaceChildren(weightsChart(nodes, people, widthOf(chart)),
    el("ul", { class: "key" }, ...people.map((p, k) => el("li", {},
      keyMarker(k), p.name,
      clash.has(p.id) ? el("strong", { class: "clash", text: " (conflicts)" }) : ""))));
  const tree = state.ws.flat === false;
  const head = el("tr", {}, el("th", { scope: "col", text: tree ? "Objective" : "Criterion" }),
    ...people.map((p) => el("th", { scope: "col", class: `num${clash.has(p.id) ? " clash" : ""}`,
      text: p.name })));
  const rows = nodes.map((n) => el("tr", { class: n.objective ? "objective" : "",
    "data-node": n.id }, el("th", { scope: "row", class: n.depth ? `depth-${n.depth}` : "",
    text: `${"· ".repeat(n.depth)}${n.name}` }),
  ...people.map((p) => el("td", { class: "num" }, pct(p.nodeWeights[n.id]),
    p.nodeRanges[n.id] ? el("span", { class: "range",
      text: ` (${pct(p.nodeRanges[n.id][0])}–${pct(p.nodeRanges[n.id][1])})` }) : ""))));
  const pairs = cg.feasible ? [] : cg.conflicting_pairs.map(([a, b]) => `${name(a)} and ${name(b)}`);
  document.getElementById("people-table").replaceChildren(
    el("div", { class: "scroll", tabindex: "0", role: "region",
      "aria-label": "Each stakeholder's weights, and the range it would accept" },
    el("table", { id: "people-weights" },
      el("caption", { text: tree ? "Each stakeholder's own weights by objective (an " +
        "objective's weight is the sum of its criteria's; in brackets, the range of each it " +
        "would accept)" : "Each stakeholder's own weights (in brackets, the range of each " +
        "it would accept)" }), el("thead", {}, head), el("tbody", {}, ...rows))),
    pairs.length ? el("p", { class: "warning", id: "conflicts",
      text: `What these pairs would accept has no weights in common: ${pairs.join("; ")}.` }) : "");
  document.getElementById("records").replaceChildren(el("div", { class: "scroll records",
    tabindex: "0", role: "region", "aria-label": "What each stakeholder's record settles" },
  el("table", { id: "records-table" },
    el("caption", { text: "What each stakeholder's record settles: a first choice only where " +
      "its record does; otherwise the options it leaves possible first, with the share of the " +
      "weights it allows under which each comes first" }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Stakeholder" }),
      el("th", { scope: "col", text: "Its record" }))),
    el("tbody", {}, ...state.ws.stakeholders.map((p) => el("tr", { "data-stakeholder": p.id },
      el("th", { scope: "row", text: p.name }),
      el("td", { text: p.record ? recordPhrase(p.record) : "" })))))));
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

// Each chart box's width, read once and again only when the window or the mode changes: read
// after the page has changed, it makes the browser lay the page out again at every move.
const widths = new Map();
function widthOf(box) {
  if (!widths.get(box.id)) widths.set(box.id, box.clientWidth);
  return widths.get(box.id);
}

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
  box.replaceChildren(sensitivityChart(g, names, widthOf(box)));
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

// The value-for-money map and its figures, when the workspace records costs.
function renderVfm(v) {
  const box = document.getElementById("vfm-box");
  if (v) state.vfm = v;
  if (v && !v.costs_recorded) state.ws.costs = false;  // none: not asked again
  box.hidden = !(state.vfm && state.vfm.costs_recorded);
  if (box.hidden) return;
  const chart = document.getElementById("vfm");
  chart.replaceChildren(vfmChart(state.vfm, widthOf(chart)));
  document.getElementById("vfm-table").replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { text: "Option" }),
      el("th", { class: "num", text: "Value" }),
      el("th", { class: "num", text: `Present cost (${state.vfm.unit})` }),
      el("th", { text: "Efficient" }))),
    el("tbody", {}, ...state.vfm.options.map((o) => el("tr", {}, el("td", { text: o.label }),
      el("td", { class: "num", text: fixed(o.value) }),
      el("td", { class: "num", text: `${fixed(o.cost.central, 2)} (${fixed(o.cost.low, 2)}–` +
        `${fixed(o.cost.high, 2)})` }),
      el("td", { text: o.efficient ? "yes" : "no" })))));
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
  // on a value tree: by objective, each opened to its criteria on request (the core's sums)
  const nodes = shownNodes();
  box.replaceChildren(headToHeadChart(nodes, part(ra), part(rb), optionLabel(ra),
    optionLabel(rb), widthOf(box)));
}

// --- the value tree: objectives, each opened to its criteria on request ----------------------

const objective = (id) => (state.ws.objectives || []).find((o) => o.id === id);
const nodeName = (id) => (objective(id) || criterion(id)).name;

// The nodes the ranking's bars and the head to head show, in order: every top-level node, and
// beneath an opened objective its children; flat criteria as they are.
function shownNodes() {
  if (state.ws.flat !== false) {
    return state.ws.criteria.map((c) => ({ id: c.id, name: c.name, depth: 0, objective: false }));
  }
  const out = [];
  const walk = (id, depth) => {
    const o = objective(id);
    out.push({ id, name: nodeName(id), depth, objective: !!o, open: !!o && state.open.has(id) });
    if (o && state.open.has(id)) o.children.forEach((k) => walk(k, depth + 1));
  };
  state.ws.top.forEach((id) => walk(id, 0));
  return out;
}

// Each node's contribution to an option's value: a criterion's from the ranking, an
// objective's as the core sums it (options rank's "objectives").
function part(r) {
  const out = { ...r.contributions };
  for (const [oid, o] of Object.entries(state.rank.objectives || {})) {
    out[oid] = o.contributions[r.option];
  }
  return out;
}

// The buttons that open an objective to its criteria (in the ranking and the head to head).
function renderTreeButtons() {
  for (const [boxId, where] of [["tree-rank", "in the ranking"],
    ["tree-h2h", "in the head to head"], ["tree-people", "in the side by side"]]) {
    const box = document.getElementById(boxId);
    if (state.ws.flat !== false) {
      box.hidden = true;
      continue;
    }
    box.hidden = false;
    box.replaceChildren(el("span", { class: "sub", text: "By objective; show the criteria of:" }),
      ...state.ws.objectives.map((o) => el("button", {
        type: "button", class: "secondary small toggle", "data-objective": o.id,
        "aria-expanded": String(state.open.has(o.id)),
        "aria-label": `${state.open.has(o.id) ? "Hide" : "Show"} the criteria of ${o.name} ${where}`,
        onclick: () => {
          if (state.open.has(o.id)) state.open.delete(o.id); else state.open.add(o.id);
          renderTreeButtons();
          renderRanking();
          renderHeadToHead();
          if (state.compare) renderCompare(state.compare);
          document.querySelector(`#${boxId} [data-objective="${o.id}"]`).focus();
        } }, `${"· ".repeat(o.depth)}${o.name}`)));
  }
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
  renderTreeButtons();
}

// --- the ranking --------------------------------------------------------------------------

function renderRanking() {
  const doc = state.rank;
  const st = stakeholder();
  const nodes = shownNodes().filter((n) => !n.open);  // an opened objective: its parts
  const before = Object.fromEntries(state.base.ranking.map((r) => [r.option, r.rank]));
  const head = el("tr", {},
    el("th", { class: "num", text: "Rank" }),
    el("th", { text: "Option" }), el("th", { class: "num", text: "Score" }),
    el("th", { class: "hide-narrow",
      text: state.ws.flat === false ? "Contributions by objective" : "Contributions" }),
    el("th", { text: "To come first" }));
  // one more decimal when two ranks apart would read the same score at one
  const places = doc.ranking.some((r, i) => i > 0 && r.rank !== doc.ranking[i - 1].rank &&
    fixed(r.score) === fixed(doc.ranking[i - 1].score)) ? 2 : 1;
  const rows = doc.ranking.map((r) => {
    const v = part(r);
    const parts = nodes.map((n, i) => {
      const span = el("span", { title: `${n.name}: ${fixed(v[n.id])}`, "data-node": n.id });
      span.style.width = `${Math.max(0, v[n.id])}%`;
      span.style.background = colour(i);
      return span;
    });
    const bar = el("div", { class: "bar", role: "img",
      "aria-label": nodes.map((n) => `${n.name} ${fixed(v[n.id])}`).join(", ") }, ...parts);
    const change = before[r.option] - r.rank;
    const move = change === 0 ? "" : el("span", {
      class: `move ${change > 0 ? "up" : "down"}`,
      text: ` ${change > 0 ? "▲" : "▼"}${Math.abs(change)}`,
      title: `${change > 0 ? "up" : "down"} ${Math.abs(change)} from the file's weights`,
    });
    const ask = el("button", { type: "button", class: "link", "data-option": r.option,
      onclick: () => {
        state.focus = r.option;
        renderSwitching();
        document.getElementById("switch-answer").scrollIntoView({ block: "nearest" });
      } }, "…");
    return el("tr", { class: r.rank === 1 ? "first" : "", "data-option": r.option },
      el("td", { class: "num" }, String(r.rank), move),
      el("td", { class: "option", text: optionLabel(r) }),
      el("td", { class: "num score", text: fixed(r.score, places) }),
      el("td", { class: "barcell hide-narrow" }, bar),
      el("td", { class: "first-cell" }, ask));
  });
  const table = document.getElementById("ranking-table");
  const focused = document.activeElement && table.contains(document.activeElement)
    ? document.activeElement.dataset.option : null;
  table.replaceChildren(
    el("caption", { text: rankingCaption(st) }), el("thead", {}, head), el("tbody", {}, ...rows));
  if (focused) {
    const again = table.querySelector(`button[data-option="${focused}"]`);
    if (again) again.focus();
  }
  renderFirstCells();
  document.getElementById("legend").replaceChildren(...nodes.map((n, i) => {
    const sw = el("i");
    sw.style.background = colour(i);
    return el("li", { class: n.depth ? "sub-node" : "" }, sw,
      `${n.depth ? "· ".repeat(n.depth) : ""}${n.name}`);
  }));
  const numbers = document.getElementById("contributions");
  if (state.byObjective) {  // the core's table: each objective, its criteria beneath
    numbers.replaceChildren(webTable(state.byObjective));
  } else {
    const crit = state.ws.criteria;
    numbers.replaceChildren(el("div", { class: "scroll", tabindex: "0", role: "region",
      "aria-label": "Each criterion's contribution, as numbers" }, el("table", {},
      el("thead", {}, el("tr", {}, el("th", { text: "Option" }),
        el("th", { class: "num", text: "Score" }),
        ...crit.map((c) => el("th", { class: "num", text: c.name })))),
      el("tbody", {}, ...doc.ranking.map((r) => el("tr", {},
        el("td", { text: optionLabel(r) }), el("td", { class: "num", text: fixed(r.score) }),
        ...crit.map((c) => el("td", { class: "num", text: fixed(r.contributions[c.id]) }))))))));
  }
  const lead = doc.ranking.filter((r) => r.rank === 1).map(optionLabel).join(" and ");
  document.getElementById("leader").textContent = `First under these weights: ${lead}`;
  document.getElementById("record").textContent = recordWords(st);
  document.getElementById("mini-rank").replaceChildren(...doc.ranking.slice(0, 3).map((r) =>
    el("li", {}, el("span", { text: `${r.rank} · ${optionLabel(r)}` }),
      el("span", { text: fixed(r.score) }))));
}

// Whose weights the ranking is under, said as what they are: the room's when moved; else the
// file's, typed, or (inferred) a representative point of what its statements allow.
function rankingCaption(st) {
  if (state.moved) {
    return `Ranking under these weights: the room's, moved from ${possessive(st.name)}; ` +
      "not a preference anyone stated";
  }
  if (st.inferred) {
    return `Ranking under these weights: the centre of the weights ${possessive(st.name)} ` +
      "statements allow (a representative point, not a preference it stated)";
  }
  return `Ranking under ${possessive(st.name)} weights, as in ${st.path}`;
}

// What the stakeholder's record settles (Appraisal.settled): a first choice only when it does;
// else the options it leaves possible first, with their shares of the weights it allows.
function recordPhrase(rec) {
  if (rec.settled) return `settles its first choice: ${rec.first[0].label}`;
  if (!rec.samples) {
    return `settles no first choice: ${rec.centre.map((o) => o.label).join(" and ")} tie at ` +
      "its weights";
  }
  const parts = rec.possible.map((o) => `${o.label} (${o.words})`);
  const said = parts.length === 1 ? parts[0]
    : `${parts.slice(0, -1).join(", ")} or ${parts[parts.length - 1]}`;
  return `settles no first choice: ${said} can come first (share of the weights its record ` +
    "allows)";
}

function recordWords(st) {
  return st.record ? `${possessive(st.name)} record ${recordPhrase(st.record)}.` : "";
}

// "To come first", in each row of the ranking: marked as being worked out while the figures
// are for other weights than those on the sliders.
function renderFirstCells() {
  const fresh = switchingFresh();
  const by = Object.fromEntries((state.switching ? state.switching.options : [])
    .map((s) => [s.option, s]));
  for (const button of document.querySelectorAll("#ranking-table td.first-cell button")) {
    const s = fresh ? by[button.dataset.option] : null;
    const text = s ? firstText(s) : "…";
    button.textContent = text;
    button.closest("td").setAttribute("aria-busy", String(!s));
    button.setAttribute("aria-label", `${s ? text : "being worked out"}: what would it take ` +
      `for ${option(button.dataset.option).name}?`);
  }
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
  const all = document.getElementById("switch-all");
  all.setAttribute("aria-busy", String(!switchingFresh()));
  if (!switchingFresh()) {  // for other weights: the page says so until the answer comes
    box.replaceChildren(el("p", { class: "hint", text: "Working out what it would take, " +
      "for the weights on the sliders now…" }));
    return;
  }
  all.replaceChildren(webTable(sw.table));
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
  // an inferred stakeholder's file holds what it said: the room's weights go to a new file
  document.getElementById("save-id").value = st.inferred
    ? `${st.id.slice(0, 59)}-room` : `${st.id}-agreed`.slice(0, 64);
  document.getElementById("save-name").value = st.inferred
    ? `${st.name}: the room's weights` : `${st.name}, as agreed`;
  const note = document.getElementById("save-note");
  note.hidden = !st.inferred;
  note.textContent = st.inferred ? `${possessive(st.name)} weights are inferred from what it ` +
    `said, so ${st.path} is never replaced by the room's weights: they are saved as a new ` +
    "file, which says they were set in the room, derived from its statements." : "";
  renderTreeButtons();
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
    widths.clear();
    if (state.graph) renderGraph(state.graph);
    if (state.bars && document.getElementById("wbars").clientWidth !== state.barsWidth) {
      buildBars();
    }
    if (state.rank) renderHeadToHead();
    if (state.vfm) renderVfm(null);
    if (state.compare) renderCompare(state.compare);
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

document.addEventListener("DOMContentLoaded", start);
