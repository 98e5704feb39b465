"use strict";
// Charts drawn as SVG from figures the server computed (the same core as the command line).
// Each chart has a text alternative (its <title> and a table or list beside it) and can be
// reached with the keyboard; names are set as text, never as markup.

const SVG = "http://www.w3.org/2000/svg";
// Colours told apart by more than hue: each line also has its own dash pattern and marker.
const LINE_COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#28a197",
  "#f47738", "#505a5f"];
const DASHES = ["", "8 4", "2 3", "10 3 2 3", "5 5", "1 5", "12 2", "4 2 1 2"];

// Workspace text as every other output shows it (present/escape.py): control characters,
// bidi overrides and line separators as visible escapes, so that a name never reorders the
// sentence it sits in (a right-to-left override turned 70.4 into 4.07).
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
function visible(text) {
  return String(text).replace(UNSAFE, (ch) => {
    const n = ch.codePointAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
  });
}

function svgEl(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = visible(v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c);
  return node;
}

function chartFrame(label, width, height) {
  return svgEl("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", focusable: "true",
    tabindex: "0", "aria-label": label, class: "chart", preserveAspectRatio: "xMidYMid meet" },
  svgEl("title", { text: label }));
}

const percent = (x) => `${(100 * x).toFixed(1)}%`;
// The line height of a chart's labels: 15 px, or 24 px at presentation mode's 20 px type.
const tickStep = () => (document.body.classList.contains("present") ? 24 : 15);
// Charts are drawn at the width they are shown (so text stays at its size), 320 to 900 px.
const fit = (width) => Math.max(320, Math.min(900, Math.round(width || 640)));
// A label cut to fit ``room`` px (about 6.8 px a character at 13 px, 8.4 at presentation
// mode's 16 px); the full name is in the table.
const perChar = () => (document.body.classList.contains("present") ? 11.2 : 6.8);
const clip = (text, room) => {
  const n = Math.max(4, Math.floor((room - 8) / perChar()));
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
};
// A label in up to ``lines`` lines of ``room`` px, broken between words, the last cut with "…"
// only if it still does not fit (the full name is in the table and the accessible name).
function wrapped(text, room, lines = 2) {
  const n = Math.max(4, Math.floor((room - 8) / perChar()));
  const out = [];
  let rest = text.trim();
  while (rest && out.length < lines - 1 && rest.length > n) {
    const cut = rest.lastIndexOf(" ", n);
    if (cut <= 0) break;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1).trim();
  }
  return rest ? [...out, clip(rest, room)] : out;
}
// An SVG text of one or two lines, centred on ``y``; ``step``: the line height.
function labelText(attrs, text, room, y, step = 14) {
  const lines = wrapped(text, room);
  const node = svgEl("text", { ...attrs, y: y - (step * (lines.length - 1)) / 2 });
  lines.forEach((line, i) => node.append(svgEl("tspan", { x: attrs.x, dy: i ? step : 0,
    text: line })));
  return node;
}

// The sensitivity graph of one weight (as Hiview3 draws it): x = that weight from 0 to 100%,
// the others rescaled in proportion; y = each option's value. The weight now, the points
// where the first option changes, and the part of the range the stakeholder would accept.
function sensitivityChart(g, names, width = 640) {
  // in presentation mode lower, so that the ranking and the pictures fit a projector's 1080 px
  const tall = document.body.classList.contains("present") ? 216 : 320;
  const W = fit(width), H = Math.round(Math.min(tall, W * 0.6)), L = 44, R = 16, T = 16, B = 40;
  const x = (t) => L + t * (W - L - R);
  const ys = g.lines.flatMap((l) => [l.at0, l.at1]);
  const lo = Math.max(0, Math.floor(Math.min(...ys) / 10) * 10);
  const hi = Math.min(100, Math.ceil(Math.max(...ys) / 10) * 10);
  const y = (v) => T + (hi - v) / Math.max(hi - lo, 1e-9) * (H - T - B);
  const label = `Sensitivity graph of the weight on ${names.criterion}: each option's value ` +
    `as that weight moves from 0 to 100%; now ${percent(g.weight)}` +
    (g.switches.length ? `; the first option changes at ${g.switches.map((s) =>
      `${percent(s.weight)} (to ${names.option(s.first)})`).join(", ")}` : "; the first " +
      "option never changes") + ".";
  const svg = chartFrame(label, W, H);
  if (g.feasible) {
    svg.append(svgEl("rect", { x: x(g.feasible[0]), y: T, height: H - T - B, class: "accept",
      width: Math.max(1, x(g.feasible[1]) - x(g.feasible[0])) }));
  }
  for (let v = lo; v <= hi; v += 10) {
    svg.append(svgEl("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "grid" }),
      svgEl("text", { x: L - 6, y: y(v) + 4, class: "tick", "text-anchor": "end",
        text: String(v) }));
  }
  for (let t = 0; t <= 1.0001; t += W < 480 ? 0.25 : 0.2) {
    svg.append(svgEl("text", { x: x(t), y: H - B + 16, class: "tick",
      "text-anchor": t > 0.99 ? "end" : "middle", text: `${Math.round(100 * t)}%` }));
  }
  svg.append(svgEl("text", { x: (L + W - R) / 2, y: H - 4, class: "axis",
    "text-anchor": "middle", text: clip(`Weight on ${names.criterion}`, (W - L - R) * 0.8) }));
  g.lines.forEach((l, i) => {
    svg.append(svgEl("line", { x1: x(0), y1: y(l.at0), x2: x(1), y2: y(l.at1),
      class: "series", stroke: LINE_COLOURS[i % LINE_COLOURS.length],
      "stroke-dasharray": DASHES[i % DASHES.length], "data-option": l.option }));
    const now = l.at0 + (l.at1 - l.at0) * g.weight;
    svg.append(svgEl("circle", { cx: x(g.weight), cy: y(now), r: 4,
      fill: LINE_COLOURS[i % LINE_COLOURS.length] }));
  });
  for (const s of g.switches) {
    svg.append(svgEl("line", { x1: x(s.weight), x2: x(s.weight), y1: T, y2: H - B,
      class: "switch", "data-weight": s.weight }));
  }
  svg.append(svgEl("line", { x1: x(g.weight), x2: x(g.weight), y1: T, y2: H - B,
    class: "now" }), svgEl("text", { x: x(g.weight) + 4, y: T + 12, class: "now-label",
    text: `now ${percent(g.weight)}` }));
  return svg;
}

// A marker told apart by shape as well as colour (k-th stakeholder).
function marker(k, cx, cy, colour) {
  const r = 5.5;
  const shapes = [
    () => svgEl("circle", { cx, cy, r }),
    () => svgEl("rect", { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r }),
    () => svgEl("path", { d: `M${cx},${cy - r - 1}L${cx + r + 1},${cy + r}L${cx - r - 1},${cy + r}Z` }),
    () => svgEl("path", { d: `M${cx},${cy - r - 1}L${cx + r + 1},${cy}L${cx},${cy + r + 1}L${cx - r - 1},${cy}Z` }),
    () => svgEl("path", { d: `M${cx - r},${cy - r}L${cx + r},${cy + r}M${cx + r},${cy - r}L${cx - r},${cy + r}`,
      "stroke-width": 3, stroke: colour }),
    () => svgEl("path", { d: `M${cx},${cy + r + 1}L${cx + r + 1},${cy - r}L${cx - r - 1},${cy - r}Z` }),
    () => svgEl("circle", { cx, cy, r, fill: "#fff", stroke: colour, "stroke-width": 3 }),
    () => svgEl("rect", { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r, fill: "#fff",
      stroke: colour, "stroke-width": 3 }),
  ];
  const node = shapes[k % shapes.length]();
  if (!node.getAttribute("fill")) node.setAttribute("fill", colour);
  return node;
}

// The stakeholders' weights side by side: a row per criterion (on a value tree, per objective,
// an opened one followed by its parts, indented), a marker per stakeholder (its own shape and
// colour) at its weight, a thin line over the range it would accept. ``rows``: {id, name,
// depth, objective}; each person's ``nodeWeights`` and ``nodeRanges`` by row id.
function weightsChart(rows, people, width = 900) {
  const W = fit(width), L = Math.min(250, Math.round(W * 0.36)), R = 20, T = 24, step = 8;
  const rowH = step * people.length + 16;
  const H = T + rowH * rows.length + 6;
  const x = (w) => L + w * (W - L - R);
  const by = rows.some((n) => n.objective) ? "by objective (an objective's weight is the sum " +
    "of its criteria's)" : "by criterion";
  const label = `Each stakeholder's weights side by side, ${by}: a marker at its weight, a ` +
    "line over the range it would accept; the table below gives the figures.";
  const svg = chartFrame(label, W, H);
  for (let v = 0; v <= 1.0001; v += 0.2) {
    svg.append(svgEl("line", { x1: x(v), x2: x(v), y1: T - 4, y2: H - 4, class: "grid" }),
      svgEl("text", { x: x(v), y: 14, class: "tick", "text-anchor": "middle",
        text: `${Math.round(100 * v)}%` }));
  }
  rows.forEach((n, i) => {
    const top = T + i * rowH;
    const indent = 14 * (n.depth || 0);
    svg.append(svgEl("line", { x1: 0, x2: W, y1: top, y2: top, class: "grid" }),
      labelText({ x: indent, class: n.objective ? "tick objective" : "tick", "data-node": n.id },
        n.name, (L - indent) * (n.objective ? 0.85 : 1), top + rowH / 2 + 5, tickStep()));
    people.forEach((p, k) => {
      const yy = top + 10 + k * step;
      const colour = LINE_COLOURS[k % LINE_COLOURS.length];
      const range = p.nodeRanges[n.id];
      if (range) {
        svg.append(svgEl("line", { x1: x(range[0]), x2: x(range[1]), y1: yy, y2: yy,
          stroke: colour, class: "range-line" }));
      }
      const m = marker(k, x(p.nodeWeights[n.id]), yy, colour);
      m.setAttribute("data-stakeholder", p.id);
      m.setAttribute("data-node", n.id);
      svg.append(m);
    });
  });
  return svg;
}

// Two options' difference by criterion (the head-to-head): bars right where the first is
// ahead, left where the second is, in value points at the weights now. ``nodes``: the rows, each
// {id, name, depth, objective, open} (criteria; or objectives, an opened one followed by its
// parts, indented); ``a`` and ``b``: each node's contribution to each option's value.
function headToHeadChart(nodes, a, b, nameA, nameB, width = 640) {
  // on a phone each row's name goes on its own line above its bar, the full width
  const W = fit(width), stacked = W < 480, step = tickStep(), R = 20;
  const L = stacked ? 0 : Math.min(260, Math.round(W * 0.4));
  const rowH = stacked ? step + 22 : 2 * step + 6;
  const H = rowH * nodes.length + 30;
  const d = nodes.map((n) => a[n.id] - b[n.id]);
  const span = Math.max(1, ...d.map(Math.abs));
  const mid = L + (W - L - R) / 2;
  const x = (v) => mid + v / span * ((W - L - R) / 2 - 40);  // 40 px left for the figure
  const total = nodes.filter((n) => n.depth === 0).reduce((s, n) => s + a[n.id] - b[n.id], 0);
  const by = nodes.some((n) => n.objective) ? "by objective" : "by criterion";
  const label = `Head to head: ${nameA} against ${nameB} ${by}, in value points at ` +
    `the weights now; in all ${nameA} is ${total >= 0 ? "ahead" : "behind"} by ` +
    `${Math.abs(total).toFixed(1)} points: ` + nodes.map((n, i) =>
    `${n.name} ${d[i] >= 0 ? "+" : "−"}${Math.abs(d[i]).toFixed(1)}`).join(", ") + ".";
  const svg = chartFrame(label, W, H);
  svg.append(svgEl("text", { x: mid + 6, y: 12, class: "tick",
    text: clip(`${nameA} ahead →`, W - mid - 6) }),
  svgEl("text", { x: mid - 6, y: 12, class: "tick", "text-anchor": "end",
    text: clip(`← ${nameB} ahead`, mid - 6) }));
  nodes.forEach((n, i) => {
    const yy = 20 + i * rowH;
    const v = d[i];
    const indent = 14 * n.depth;
    const kind = n.open ? "opened" : v >= 0 ? "ahead" : "behind";
    const name = { x: indent, class: n.objective ? "tick objective" : "tick" };
    const room = ((stacked ? W : L) - indent - 8) * (n.objective ? 0.85 : 1);  // bold: wider
    const at = stacked ? yy + step + 10 : yy + rowH / 2;  // the bar's middle
    svg.append(stacked ? svgEl("text", { ...name, y: yy + step - 2, text: clip(n.name, room) })
      : labelText(name, n.name, room, at + 3, step),
    svgEl("rect", { x: Math.min(x(0), x(v)), y: at - (n.open ? 4 : 8),
      height: n.open ? 8 : 16, width: Math.max(1, Math.abs(x(v) - x(0))), class: kind,
      "data-node": n.id }),
    svgEl("text", { x: v >= 0 ? x(v) + 4 : x(v) - 4, y: at + 4, class: "value",
      "text-anchor": v >= 0 ? "start" : "end", text: `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(1)}` }));
  });
  // the zero line; on a phone only beside each bar, so that it never runs through the names
  // above the bars
  svg.append(...(stacked ? nodes.map((n, i) => {
    const at = 20 + i * rowH + step + 10;
    return svgEl("line", { x1: mid, x2: mid, y1: at - 8, y2: at + 8, class: "axis-line" });
  }) : [svgEl("line", { x1: mid, x2: mid, y1: 16, y2: H - 6, class: "axis-line" })]));
  return svg;
}

// The weights as bars you drag (as Hiview3 shows them): a bar per criterion, its length the
// weight, the shaded band the range the stakeholder would accept, the dark line under it the
// stability interval. Each bar is a slider for the keyboard (arrows 0.5 points, Page Up and
// Down 5, Home and End) and for screen readers; dragging moves it as its range slider does.
// ``move(criterion, percent)`` moves a weight, ``done()`` ends a drag.
function weightBars(criteria, acceptable, move, done, width = 640) {
  const step = tickStep();
  // on a phone each name goes on its own line above its bar, the full width
  const W = fit(width), stacked = W < 480, R = 56, T = 6;
  const L = stacked ? 0 : Math.min(260, Math.round(W * 0.36));
  // two lines of a name to a row; on a projector no gap between rows, so that eight fit
  const gap = document.body.classList.contains("present") ? 0 : 8;
  const rowH = stacked ? step + 30 : Math.max(34, 2 * step + gap);
  const H = T + rowH * criteria.length;
  const x = (w) => L + w * (W - L - R);
  const svg = chartFrame("The weights as bars: drag a bar, or use the arrow keys on it; the " +
    "shaded band is what the stakeholder would accept, the dark line the stability interval.",
  W, H);
  svg.setAttribute("role", "group");  // it holds sliders, so not an image
  svg.removeAttribute("tabindex");
  const now = {};  // each weight in percent, exactly
  const rows = criteria.map((c, i) => {
    const y = T + i * rowH;
    const [lo, hi] = acceptable[c.id];
    const g = svgEl("g", { role: "slider", tabindex: "0", "aria-label": c.name,
      "aria-valuemin": 0, "aria-valuemax": 100, class: "wbar", "data-criterion": c.id });
    const mid = stacked ? y + step + 13 : y + rowH / 2 - 2;
    const band = svgEl("rect", { x: x(lo), y: mid - 11, width: Math.max(1, x(hi) - x(lo)),
      height: 22, class: "accept" });
    const bar = svgEl("rect", { x: L, y: mid - 7, height: 14, class: "wbar-fill" });
    const stable = svgEl("line", { y1: mid + 13, y2: mid + 13, class: "stable-line" });
    const value = svgEl("text", { y: mid + 5, class: "value" });
    g.append(svgEl("rect", { x: 0, y, width: W, height: rowH, class: "hit" }),
      stacked ? svgEl("text", { x: 0, y: y + step - 2, class: "tick", text: clip(c.name, W) })
        : labelText({ x: 0, class: "tick" }, c.name, L, mid + 5, step),
      band, bar, stable, value);
    svg.append(g);
    const share = () => now[c.id] || 0;
    g.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 0.5, ArrowUp: 0.5, ArrowLeft: -0.5, ArrowDown: -0.5,
        PageUp: 5, PageDown: -5 }[e.key];
      const to = e.key === "Home" ? 0 : e.key === "End" ? 100 : step !== undefined
        ? share() + step : null;
      if (to === null) return;
      e.preventDefault();
      move(c.id, Math.max(0, Math.min(100, to)));
      done();
    });
    g.addEventListener("pointerdown", (e) => {
      g.focus();
      svg.setPointerCapture(e.pointerId);
      const at = (ev) => {
        const box = svg.getBoundingClientRect();
        const px = (ev.clientX - box.left) * (W / box.width);
        move(c.id, Math.max(0, Math.min(100, 100 * (px - L) / (W - L - R))));
      };
      at(e);
      const up = () => {
        svg.removeEventListener("pointermove", at);
        svg.removeEventListener("pointerup", up);
        done();
      };
      svg.addEventListener("pointermove", at);
      svg.addEventListener("pointerup", up);
    });
    return { c, g, bar, stable, value };
  });
  // Show the weights (shares) and stability intervals ({criterion: [lo, hi] or null}).
  const update = (shares, stable, locked, broken) => {
    for (const r of rows) {
      const w = shares[r.c.id];
      now[r.c.id] = 100 * w;
      r.bar.setAttribute("width", Math.max(0, x(w) - L));
      r.value.setAttribute("x", x(w) + 6);
      r.value.textContent = percent(w);
      r.g.setAttribute("aria-valuenow", (100 * w).toFixed(1));
      r.g.setAttribute("aria-valuetext", `${percent(w)}${broken[r.c.id] || ""}`);
      r.g.setAttribute("aria-disabled", locked.has(r.c.id) ? "true" : "false");
      r.g.classList.toggle("locked", locked.has(r.c.id));
      const s = stable ? stable[r.c.id] : null;
      r.stable.setAttribute("visibility", s ? "visible" : "hidden");
      if (s) {
        r.stable.setAttribute("x1", x(s[0]));
        r.stable.setAttribute("x2", x(s[1]));
      }
    }
  };
  return { svg, update };
}

// The value-for-money map: each option's present cost (x, central, a line from low to high)
// against its value (y) under the weights now; the efficient frontier joined; each point
// marked with the option's number.
function vfmChart(v, width = 640) {
  const W = fit(width), H = Math.round(Math.min(340, W * 0.62)), L = 48, R = 20, T = 14, B = 42;
  const costs = v.options.flatMap((o) => [o.cost.low, o.cost.high]);
  const vals = v.options.map((o) => o.value);
  const x0 = Math.min(0, ...costs), x1 = Math.max(...costs) * 1.05 || 1;
  const y0 = Math.max(0, Math.floor(Math.min(...vals) / 10) * 10 - 10);
  const y1 = Math.min(100, Math.ceil(Math.max(...vals) / 10) * 10 + 5);
  const x = (c) => L + (c - x0) / (x1 - x0) * (W - L - R);
  const y = (s) => T + (y1 - s) / Math.max(y1 - y0, 1e-9) * (H - T - B);
  const frontier = v.options.filter((o) => o.efficient).sort((a, b) => a.cost.central - b.cost.central);
  const label = `Value for money: each option's value against its present cost in ${v.unit}; ` +
    `on the efficient frontier: ${frontier.map((o) => o.label).join(", ") || "none"}.`;
  const svg = chartFrame(label, W, H);
  for (let s = y0; s <= y1; s += 10) {
    svg.append(svgEl("line", { x1: L, x2: W - R, y1: y(s), y2: y(s), class: "grid" }),
      svgEl("text", { x: L - 6, y: y(s) + 4, class: "tick", "text-anchor": "end", text: String(s) }));
  }
  svg.append(svgEl("text", { x: (L + W - R) / 2, y: H - 6, class: "axis", "text-anchor": "middle",
    text: `Present cost (${v.unit})` }));
  for (let k = 0; k <= 4; k += 1) {
    const c = x0 + (x1 - x0) * k / 4;
    svg.append(svgEl("text", { x: x(c), y: H - B + 16, class: "tick",
      "text-anchor": k === 4 ? "end" : "middle", text: c.toFixed(1) }));
  }
  if (frontier.length > 1) {
    svg.append(svgEl("polyline", { class: "frontier", points: frontier.map((o) =>
      `${x(o.cost.central)},${y(o.value)}`).join(" ") }));
  }
  v.options.forEach((o, i) => {
    const colour = LINE_COLOURS[i % LINE_COLOURS.length];
    svg.append(svgEl("line", { x1: x(o.cost.low), x2: x(o.cost.high), y1: y(o.value),
      y2: y(o.value), stroke: colour, class: "range-line" }));
    const m = marker(i, x(o.cost.central), y(o.value), colour);
    m.setAttribute("data-option", o.option);
    svg.append(m, svgEl("text", { x: x(o.cost.central) + 8, y: y(o.value) - 8, class: "value",
      text: o.number !== null ? String(o.number) : o.label }));
  });
  return svg;
}
