"use strict";
// A room that survives: the room's positions (undo, redo, snapshots), the address and the
// browser's copy of them, and what the server says has changed (files on disk, another tab's
// save or moves, a restarted server). Uses app.js's helpers (el, api, state).

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
    `${pos.moved ? ", moved" : ""}; first under these weights: ${lead}` });
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
    const top = topObjective(c.id);
    if (top && !box.querySelector(`[data-group="${top.id}"]`)) {  // a value tree: by objective
      box.append(el("p", { class: "slider-group", "data-group": top.id },
        el("span", { text: top.name }), el("span", { class: "group-weight" })));
    }
    box.append(row);
  });
  buildBars();
  const orders = document.getElementById("orders");
  orders.replaceChildren(...st.order.map(([a, b]) =>
    el("li", { "data-order": `${a} ${b}`,
      text: `${criterion(a).name} at least as heavy as ${criterion(b).name}` })));
  refreshSliders();
}

// The top-level objective a criterion sits under (none in a flat list).
function topObjective(cid) {
  if (state.ws.flat !== false) return null;
  return state.ws.objectives.find((o) => !o.parent && o.criteria.includes(cid)) || null;
}

// The weights as bars you drag, drawn at the width they are shown (again when it changes).
function buildBars() {
  const st = stakeholder();
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
  const had = bars.contains(document.activeElement) ? document.activeElement.dataset.criterion
    : null;
  bars.replaceChildren(state.bars.svg);
  state.barsWidth = bars.clientWidth;
  renderBars();
  if (had) state.bars.svg.querySelector(`[data-criterion="${had}"]`).focus();
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
  for (const g of document.querySelectorAll("#sliders .slider-group")) {
    const o = objective(g.dataset.group);
    const sum = o.criteria.reduce((a, c) => a + state.weights[c], 0) / total;
    g.querySelector(".group-weight").textContent = pct(sum);
  }
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
  for (const b of (state.limits ? state.limits.broken : [])) {
    for (const c of b.criteria) broken[c] = `${broken[c] || ""}; breaks ${b.text}`;
  }
  state.bars.update(shares, state.limits ? state.limits.stability : null, state.locked,
    broken);
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

// --- files changed on disk, another tab's save, a restarted server --------------------------

// Ask every two seconds whether the workspace's files changed (a save from another tab, or an
// edit on disk); the server reads them again and the page says what changed.
async function poll() {
  let v;
  try {
    const q = new URLSearchParams({ tab: TAB, stakeholder: state.sid,
      locked: [...state.locked].join(",") });
    v = await api(`/api/version?${q}`);
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

// Another tab on the same stakeholder, moving its weights to other values or holding other
// weights locked: say so, once per change, and offer its weights or its locks.
let othersShown = "";
function noteOthers(others) {
  const total = Object.values(state.weights).reduce((a, b) => a + b, 0) || 1;
  const differ = others.filter((o) => o.weights && state.ws.criteria.some(
    (c) => Math.abs(100 * o.weights[c.id] - 100 * state.weights[c.id] / total) > 0.05));
  const mine = [...state.locked].sort().join(",");
  const locks = others.filter((o) => [...o.locked].sort().join(",") !== mine);
  const key = JSON.stringify([differ.map((o) => [o.tab, o.weights]),
    locks.map((o) => [o.tab, o.locked]), mine]);
  if (key === othersShown) return;
  othersShown = key;
  if (!differ.length && !locks.length) return;
  const who = possessive(stakeholder().name);
  const names = (ids) => ids.length ? ids.map((c) => criterion(c).name).join(", ") : "none";
  if (differ.length) {
    const o = differ[0];
    const lockWords = locks.length ? ` It holds locked: ${names(locks[0].locked)} (here: ` +
      `${names([...state.locked])}).` : "";
    notice(`Another window is moving ${who} weights too (${fixed(o.ago, 0)} s ago), to other ` +
      `values than these: the two windows now show different rankings.${lockWords}`,
    "Show the other window's weights", () => {
      remember();
      setWeights(o.weights, true);
      if (locks.length) state.locked = new Set(locks[0].locked.filter((c) => criterion(c)));
      refreshSliders();
      update();
      updateCompare();
    });
    return;
  }
  const o = locks[0];
  notice(`Another window on ${who} weights holds other weights locked: ${names(o.locked)} ` +
    `(here: ${names([...state.locked])}). A weight locked there can move here, so the two ` +
    "windows move the weights differently.", "Use the other window's locks", () => {
    remember();
    state.locked = new Set(o.locked.filter((c) => criterion(c)));
    refreshSliders();
    writeAddress();
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
