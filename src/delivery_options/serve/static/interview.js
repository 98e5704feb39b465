"use strict";
// The interview of options elicit, in the page: the swings ranked and rated, then the questions
// (check questions among them), each answer checked at once, saved as a weights file, and
// interviews kept on the server resumed. Uses app.js's helpers (el, api, state); names set as
// text only.

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
    const top = criterion(elicit.order[0]).name;
    const input = k === 0 ? null : el("input", { id: rid, class: "rating", autocomplete: "off",
      value: elicit.ratings[cid] || "",
      "aria-label": `Rating of ${c.name} against ${top} (100), in numbers or words`,
      oninput: (e) => { elicit.ratings[cid] = e.target.value; } });
    // or in words, as M-MACBETH asks: how much more the first swing is worth than this one
    const words = k === 0 ? null : el("select", { id: `${rid}-words`, class: "words-pick",
      "aria-label": `How much more ${top} is worth than ${c.name}, in words`,
      onchange: (e) => {
        if (!e.target.value) return;
        elicit.ratings[cid] = e.target.value;
        input.value = e.target.value;
      } }, el("option", { value: "", text: "in words…" }),
    ...(state.ws.judgements || []).map((j) => el("option", { value: j.words,
      text: `${j.words} (${fixed(j.low, 0)}${j.high !== j.low ? `–${fixed(j.high, 0)}` : ""})` })));
    if (words && elicit.ratings[cid]) words.value = elicit.ratings[cid];
    const rating = k === 0
      ? el("span", { class: "rating first", text: "100" })
      : el("span", { class: "rating-pair" }, input, words);
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

// A judgement in words ("weak", "weak to moderate"), as the server reads it; or null.
function judgementWords(text) {
  const known = (state.ws.judgements || []).map((j) => j.words);
  const t = text.toLowerCase().replace(/-/g, " ").split(/\s+/).filter(Boolean).join(" ");
  const parts = t.split(" to ");
  return (known.includes(t) || (parts.length === 2 && parts.every((p) => known.includes(p))))
    ? t : null;
}

// "70" -> 70, "60-80" -> [60, 80], "weak" -> "weak" (the server maps the words to their
// interval), "" -> undefined; anything else throws.
function parseRating(text, name) {
  const t = text.trim();
  if (!t) return undefined;
  const words = judgementWords(t);
  if (words) return words;
  const m = /^(\d+(?:\.\d+)?)\s*(?:(?:-|–|to)\s*(\d+(?:\.\d+)?))?$/.exec(t);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m && m[2] !== undefined ? Number(m[2]) : lo;
  if (!(lo >= 0 && lo <= hi && hi <= 100)) {
    throw new Error(`${name}: a rating is a number from 0 to 100, a range such as 60-80, or ` +
      "words (weak, moderate, ...: see what the words mean)");
  }
  return lo === hi ? lo : [lo, hi];
}

function setupElicit() {
  elicit.order = state.ws.criteria.map((c) => c.id);
  elicit.ratings = {};
  document.getElementById("elicit-words").replaceChildren(...(state.ws.judgements || []).map(
    (j) => el("tr", {}, el("th", { scope: "row", text: j.words }),
      el("td", { class: "num", text: j.low === j.high ? fixed(j.low, 0)
        : `${fixed(j.low, 0)} to ${fixed(j.high, 0)}` }))));
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

// One side of a question: a gain on a criterion, or on every criterion of an objective (its
// swing, on a value tree), named beneath it.
function side(letter, s) {
  return el("div", { class: `side side-${letter.toLowerCase()}` },
    el("span", { class: "letter", text: `Option ${letter}` }),
    el("strong", { class: "gain", text: `+${s.gain} points` }),
    el("span", { text: s.objective ? `on each criterion of ${s.name}:` : `on ${s.name}` }),
    s.objective ? el("span", { class: "hint", text: s.criteria.join("; ") }) : "",
    s.cost ? el("span", { class: "hint", text: s.objective ? "a gain on a cost is less of it"
      : "a gain here is less of it" }) : "");
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

  const first = settledSoFar(view);
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

// What the answers so far settle: a first choice only when they do (one option necessarily
// first); otherwise that they leave it open, the centre's leader said as what it is.
function settledSoFar(view) {
  const label = (id) => { const o = option(id); return o ? optionLabel(o) : id; };
  if (view.necessarily_first) {
    return `The answers settle the first choice: ${label(view.necessarily_first)}.`;
  }
  const still = view.still_first.length > 1
    ? ` ${view.still_first.map(label).join(", ")} can each still come first.` : "";
  return `The answers so far settle no first choice.${still} At the centre of the weights ` +
    `they allow, ${view.leader.label} comes first: a representative point, not a settled ` +
    "preference.";
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
