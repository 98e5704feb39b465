"""The live model behind the decision-conference page, free of any web framework.

A :class:`Room` holds the core (:class:`~delivery_options.appraisal.Appraisal`) and answers the
page's requests, given as parsed JSON: rank, what it would take, compare; the screen and a
stakeholder's statements. Interviews are :mod:`.interviews` (their questions :mod:`.elicit`),
saving the room's weights :mod:`.saving`, and what a request may hold :mod:`.checks`.
Stakeholders are looked up by id among the workspace's own weights files, never by a path from a
request. Every mistake in a request raises :class:`~delivery_options.errors.OptionsError`.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import replace
from typing import Any, NamedTuple

import numpy as np

from ..appraisal import Appraisal
from ..errors import OptionsError
from ..files import walk
from ..methods.record import settled_words, share_words
from ..model.load import load_workspace
from ..model.tree import ROOT as TREE_ROOT
from ..model.types import Stakeholder
from ..model.weights import weights_paths
from ..present import render
from ..present.json import rounded
from ..present.web import web_table
from ..results.infer import describe
from ..results.sensitivity import SensitivityResult
from . import elicit
from .checks import SAFE_ID, as_object, shown
from .interviews import InterviewDesk
from .saving import Saving

#: The id of the room's own weights when the stakeholders are compared.
ROOM = "in-the-room"
MAX_TABS = 64  # tabs whose position is remembered
RECENT = 30.0  # seconds: another tab's moved weights are news this long
KEEP = 16  # moved records, and weight sets, kept for the requests that follow
TOL = 1e-6  # a weight or a statement's row counts as broken beyond this (VERIFY_TOL)


class Tab(NamedTuple):
    """Where one tab stands: its stakeholder, the weights it moved and when (monotonic
    seconds), the criteria it holds locked, and when it last asked."""

    sid: str
    weights: dict[str, float] | None
    moved: float
    locked: tuple[str, ...]
    seen: float


class Room(InterviewDesk, Saving):
    """One workspace served to the page; one request is computed at a time."""

    def __init__(self, app: Appraisal):
        self.app = app
        self.lock = threading.RLock()
        self.stakeholders: dict[str, Stakeholder] = {}
        self.interviews = elicit.Interviews()
        self._inferred: dict[str, Any] = {}
        self._files: dict[str, tuple[int, int]] = {}
        self.tabs: dict[str, Tab] = {}
        self._moved: dict[str, tuple[Appraisal, Stakeholder]] = {}
        self._sets: dict[int, tuple[Stakeholder, Appraisal, Any]] = {}
        self._last_intervals: tuple[Stakeholder, Appraisal, list] | None = None
        self._reload()

    def _reload(self, files: bool = False) -> None:
        """A fresh core over the same workspace, and the stakeholders read again from disk
        (with ``files``, the criteria and options too)."""
        old = self.app
        long_list = load_workspace(old.long_list.root) if files else old.long_list
        app = Appraisal(long_list, old.defaults, old.all_options)
        if not files:  # the same options and criteria: what each record settles still holds
            app._records = old._records
        found = app.stakeholders() if weights_paths(app.workspace.root) else ()
        self.app, self.stakeholders, self._inferred = app, {s.id: s for s in found}, {}
        self._files = self._stamp()

    # --- files changed on disk ---------------------------------------------------------------

    def _stamp(self) -> dict[str, tuple[int, int]]:
        """Each workspace file the core reads, by path in the workspace: (mtime in ns, size)."""
        root = self.app.long_list.root
        options = root / "options"
        found = walk(options, "options/") if options.is_dir() else []  # rglob recursed
        paths = [root / "criteria.toml", *sorted(p for p in found if p.suffix == ".toml")]
        paths += weights_paths(root)
        out = {}
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            out[p.relative_to(root).as_posix()] = (st.st_mtime_ns, st.st_size)
        return out

    @property
    def version(self) -> str:
        """The workspace's files as the room last read them, as a short hash."""
        text = json.dumps(sorted(self._files.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def check(self) -> dict[str, Any]:
        """Read the workspace again when a file changed on disk (another tab saved, or
        someone edited a file): the version and the files that changed, or why it could not
        be read (the room then keeps what it had)."""
        with self.lock:
            try:
                now = self._stamp()
            except OptionsError as exc:  # options/ can no longer be walked: keep what it had
                return {"version": self.version, "changed": [], "error": str(exc)}
            if now == self._files:
                return {"version": self.version, "changed": [], "error": None}
            changed = sorted(p for p in {*now, *self._files} if now.get(p) != self._files.get(p))
            try:
                self._reload(files=True)
            except OptionsError as exc:
                return {"version": self.version, "changed": changed, "error": str(exc)}
            return {"version": self.version, "changed": changed, "error": None}

    # --- what the page shows first -----------------------------------------------------------

    def workspace(self) -> dict[str, Any]:
        """The criteria, options and stakeholders, with the weights each would accept."""
        ws = self.app.workspace
        return {
            "title": ws.title,
            "question": ws.question,
            "version": self.version,
            "criteria": [
                {
                    "id": c.id,
                    "name": c.name,
                    "description": c.description,
                    "direction": c.direction,
                    "scale": list(c.scale),
                }
                for c in ws.criteria
            ],
            "options": [{"id": o.id, "number": o.number, "name": o.name} for o in ws.options],
            **self._tree_json(),
            # the interview's judgements in words and the rating interval each stands for
            "judgements": [
                {"words": w, "low": lo, "high": hi} for w, (lo, hi) in elicit.JUDGEMENTS.items()
            ],
            "stakeholders": [self._stakeholder_json(s) for s in self.stakeholders.values()],
        }

    def _tree_json(self) -> dict[str, Any]:
        """The value tree (docs/format.md): the objectives, parents before children, each with
        its children and the criteria beneath it; ``flat`` true when there is none."""
        tree = self.app.workspace.tree
        return {
            "flat": tree.flat,
            "top": list(tree.children[TREE_ROOT]),
            "objectives": [
                {
                    "id": o.id,
                    "name": o.name,
                    "parent": o.parent or None,
                    "depth": tree.depth(o.id),
                    "children": list(tree.children[o.id]),
                    "criteria": list(tree.leaves(o.id)),
                }
                for o in tree.objectives
            ],
        }

    def record(self, st: Stakeholder) -> dict[str, Any]:
        """What the stakeholder's record settles (``Appraisal.settled``, as ``options compare``
        says it): the first choice only when the record settles it, else the options it leaves
        possible first with their shares of the weights it allows; the first option at the
        representative weights is given apart, as what it is."""
        s = self.app.settled(st)
        label = self.app.workspace.option_label
        return {
            "settled": s.settled,
            "first": [{"option": o, "label": label(o)} for o in s.first],
            "possible": [
                {"option": o, "label": label(o), "share": x, "words": share_words(x)}
                for o, x in s.shares
            ],
            "centre": [{"option": o, "label": label(o)} for o in s.centre],
            "samples": s.samples,
            "words": settled_words(s, label),
        }

    def _stakeholder_json(self, st: Stakeholder) -> dict[str, Any]:
        W = self.app.weight_set(st)
        acceptable = {c: [float(W.lower[j]), float(W.upper[j])] for j, c in enumerate(W.criteria)}
        ranges = self._infer(st).ror.weight_ranges if st.statements else None
        if ranges:  # each weight's range under the statements too (options infer's)
            acceptable = {c: [float(lo), float(hi)] for c, (lo, hi) in ranges.items()}
        return {
            "id": st.id,
            "name": st.name,
            "rationale": st.rationale,
            "path": st.path,
            "weights": dict(st.weights),
            "acceptable": acceptable,
            "acceptable_objectives": self._objective_ranges(st, W),
            "order": [list(pair) for pair in st.constraints.order],
            "statements": len(st.statements),
            "inferred": st.inferred,
            "basis": st.basis,
            "record": self.record(st),
        }

    def _objective_ranges(self, st: Stakeholder, W) -> dict[str, list[float]] | None:
        """On a value tree, the range of each objective's weight (the sum of its criteria's)
        the stakeholder would accept: over the weights its statements allow
        (``Appraisal.objective_ranges``, as its criteria's ranges are ``options infer``'s),
        else over its weight set W (two LPs an objective, each answer checked to be in W)."""
        from ..methods.lp import LinearOverW

        tree = self.app.workspace.tree
        if tree.flat:
            return None
        found = self.app.objective_ranges(st) if st.statements else None
        if found:
            return {o: [float(lo), float(hi)] for o, (lo, hi) in found.items()}
        over, out = LinearOverW(W, self.app.solver), {}
        for o in tree.objective_ids:
            ends = [over.optimise(tree.indicator(o), maximise=m) for m in (False, True)]
            if not all(e.ok for e in ends):
                return None
            out[o] = [ends[0].objective, ends[1].objective]
        return out

    def _infer(self, st: Stakeholder):
        """``options infer`` for a stakeholder of the workspace, computed once per load."""
        if st.path not in self._inferred:
            self._inferred[st.path] = self.app.infer(st)
        return self._inferred[st.path]

    # --- the analyses ------------------------------------------------------------------------

    def moved(self, body: Any) -> Stakeholder:
        """The named stakeholder with the request's weights (its own when none are given)."""
        body = as_object(body)
        st = self.stakeholder(body.get("stakeholder"))
        weights = body.get("weights")
        if weights is None:
            return st
        if not isinstance(weights, dict):
            raise OptionsError("weights must be an object of criterion: number", "weights")
        # the same weights as a recent request's (a move, then what it would take for it):
        # the same record, whose weight set is then kept too (:meth:`weight_set`)
        key = json.dumps([st.id, weights], sort_keys=True)
        hit = self._moved.get(key)
        if hit is not None and hit[0] is self.app:
            return hit[1]
        moved = self.app.with_weights(st, weights)
        self._moved[key] = (self.app, moved)
        while len(self._moved) > KEEP:
            self._moved.pop(next(iter(self._moved)))
        return moved

    def weight_set(self, st: Stakeholder, app: Appraisal | None = None):
        """The weights the stakeholder would accept (``Appraisal.weight_set``), kept for the
        last few records asked about: a record is immutable, and one move asks for its set
        several times (the limits, the graph, what it would take, what breaks)."""
        app = self.app if app is None else app
        hit = self._sets.get(id(st))
        if hit is not None and hit[0] is st and hit[1] is app:
            return hit[2]
        W = app.weight_set(st)
        self._sets[id(st)] = (st, app, W)  # holding ``st`` keeps its id from being reused
        while len(self._sets) > KEEP:
            self._sets.pop(next(iter(self._sets)))
        return W

    def stakeholder(self, sid: Any) -> Stakeholder:
        if not isinstance(sid, str) or sid not in self.stakeholders:
            known = ", ".join(self.stakeholders) or "none"
            raise OptionsError(f"no stakeholder {shown(sid)} in weights/ (known: {known})")
        return self.stakeholders[sid]

    def rank(self, body: Any) -> str:
        """The same JSON as ``options rank --format json`` for these weights; a ``tab`` id in the
        request records where that tab stands, so that other tabs can be told."""
        with self.lock:
            st = self.moved(body)
            self._seen(body, st)
            return render(self.app.rank(st), "json")

    def move(self, body: Any) -> dict[str, Any]:
        """What the page needs when a weight moves, in one request: the ranking (``options
        rank``'s JSON, and on a value tree its table by objective), the limits (:meth:`limits`),
        what it would take (:meth:`switching`, unless ``"switching": false``), given a
        ``criterion`` its sensitivity graph (:meth:`graph`), and with ``"vfm": true`` value for
        money (:meth:`vfm`)."""
        body = as_object(body)
        found = None
        if body.get("switching") is not False:
            with self.lock:
                app, st = self.app, self.moved(body)
                W = self.weight_set(st, app)
            found = app, st, app.what_it_takes(st, W)  # its LPs outside the lock
        with self.lock:  # one request: no other tab's request between its parts
            st = self.moved(body)
            self._seen(body, st)
            if found is not None and found[0] is self.app and found[1] is st:
                # its stability intervals are the limits' and the graph's: not worked out again
                self._last_intervals = (st, self.app, list(found[2].analysis.stability))
            result = self.app.rank(st)
            tree = not self.app.workspace.tree.flat
            out = {
                "rank": rounded(result.document()),
                "by_objective": web_table(result.table("by_objective")) if tree else None,
                "limits": self.limits(body),
                "switching": None,
                "graph": self.graph(body) if body.get("criterion") is not None else None,
                "vfm": self.vfm(body) if body.get("vfm") is True else None,
            }
            if found is not None:  # the files read again meanwhile: worked out again
                fresh = found[0] is self.app
                out["switching"] = (
                    self._switching_json(body, found[0], found[2])
                    if fresh
                    else self.switching(body)
                )
            return out

    def limits(self, body: Any) -> dict[str, Any]:
        """Whether these weights are inside what the stakeholder would accept, what they break
        (:meth:`broken`), and each weight's stability interval (the range over which, the
        others rescaled, the first option stays first: as ``options sensitivity``)."""
        from ..methods.value import weight_vector

        with self.lock:
            st = self.moved(body)
            dm, W = self.app.matrix, self.weight_set(st)
            w = weight_vector(dm.criteria, st)
            inside = W.contains(w)
            return {
                "stakeholder": st.id,
                "inside": bool(inside),
                "stability": {s.criterion: _pair(s.top) for s in self._intervals(st, W)},
                "broken": [] if inside else self.broken(body.get("stakeholder"), w),
            }

    def _intervals(self, st: Stakeholder, W) -> list:
        """Each weight's stability interval (methods/stability.py) for these weights, worked
        out once for the parts of one request (the limits and the sensitivity graph)."""
        from ..methods.stability import stability_intervals
        from ..methods.value import weight_vector

        last = self._last_intervals
        if last is not None and last[0] is st and last[1] is self.app:
            return last[2]
        dm = self.app.matrix
        found = stability_intervals(dm.values, dm.criteria, weight_vector(dm.criteria, st), W)
        self._last_intervals = (st, self.app, found)
        return found

    def vfm(self, body: Any) -> dict[str, Any]:
        """Value for money for these weights (``options value``'s JSON, cut to what the map
        draws): each option's value and present cost (central, low, high), whether it is on
        the efficient frontier; ``costs_recorded`` false when the workspace has no costs."""
        body = as_object(body)
        with self.lock:
            doc = rounded(self.app.value_for_money(self.moved(body)).document())
            if not doc.get("costs_recorded"):
                return {"costs_recorded": False}
            label = self.app.workspace.option_label
            return {
                "costs_recorded": True,
                "unit": doc.get("unit", ""),
                "options": [
                    {
                        "option": o["option"],
                        "label": label(o["option"]),
                        "number": o["number"],
                        "value": o["value"],
                        "cost": o["present_cost"],
                        "efficient": o["efficient"],
                    }
                    for o in doc["options"]
                ],
            }

    def _seen(self, body: dict[str, Any], st: Stakeholder) -> None:
        """Where a tab stands (its stakeholder and moved weights), from its requests."""
        tab = body.get("tab")
        if not isinstance(tab, str) or not SAFE_ID.fullmatch(tab):
            return
        moved = dict(st.weights) if body.get("weights") is not None else None
        old = self.tabs.get(tab)
        locked = old.locked if old is not None and old.sid == st.id else ()
        now = time.monotonic()
        self._tab(tab, Tab(st.id, moved, now if moved is not None else 0.0, locked, now))

    def _tab(self, tab: str, where: Tab) -> None:
        self.tabs.pop(tab, None)
        self.tabs[tab] = where
        while len(self.tabs) > MAX_TABS:
            self.tabs.pop(next(iter(self.tabs)))

    def others(self, tab: Any, sid: Any, locked: Any = None) -> list[dict[str, Any]]:
        """Other tabs on the same stakeholder: their weights when they moved them in the last
        :data:`RECENT` seconds, and the weights they hold locked (while they keep asking, every
        :data:`RECENT` seconds at least). ``locked`` (criterion ids, comma separated) records
        this tab's own locks."""
        now = time.monotonic()
        with self.lock:
            if isinstance(tab, str) and SAFE_ID.fullmatch(tab) and sid in self.stakeholders:
                crit = self.app.workspace.criterion_ids
                mine = tuple(
                    c for c in (locked.split(",") if isinstance(locked, str) else ()) if c in crit
                )
                old = self.tabs.get(tab)
                same = old is not None and old.sid == sid
                self._tab(
                    tab,
                    Tab(sid, old.weights if same else None, old.moved if same else 0.0, mine, now),
                )
            out = []
            for other, t in self.tabs.items():
                if other == tab or t.sid != sid or now - t.seen >= RECENT:
                    continue
                recent = t.weights is not None and now - t.moved < RECENT
                if recent or t.locked:
                    out.append(
                        {
                            "tab": other[:8],
                            "ago": round(now - (t.moved if recent else t.seen), 1),
                            "weights": t.weights if recent else None,
                            "locked": list(t.locked),
                        }
                    )
            return out

    def switching(self, body: Any) -> dict[str, Any]:
        """What it would take for each option to come first, from these weights, within the
        weights the stakeholder would accept (``options sensitivity``'s first table)."""
        with self.lock:
            app, st = self.app, self.moved(body)
            W = self.weight_set(st, app)
        # the longest part (its LPs), outside the lock: another tab's quick requests go on
        return self._switching_json(body, app, app.what_it_takes(st, W))

    def _switching_json(self, body: Any, app: Appraisal, result: SensitivityResult):
        """What it would take, as :meth:`switching` answers it, from ``app.what_it_takes``."""
        with self.lock:
            st, sa = result.stakeholder, result.analysis
            inside = sa.W.contains(sa.weights)
            doc = rounded(result.document())  # options sensitivity's JSON, not dumped
            table = result.table("switching")
            rows = []
            for row, r in zip(table.rows, sa.ranking.rows, strict=True):
                switch = doc["switching"][r.option]
                rows.append(
                    {
                        "option": r.option,
                        "status": switch["status"],
                        "moved": switch["moved"],
                        "largest": switch["linf"],
                        "weights": switch["weights"],
                        "what_it_takes": row[-1],
                    }
                )
            return {
                "stakeholder": st.id,
                "leader": sa.leader,
                "inside": bool(inside),
                "stability": {s.criterion: _pair(s.top) for s in sa.stability},
                "broken": [] if inside else self.broken(body.get("stakeholder"), sa.weights, app),
                "options": rows,
                "table": web_table(table),
            }

    def broken(self, sid: Any, w: np.ndarray, app: Appraisal | None = None) -> list[dict[str, Any]]:
        """What weights ``w`` break of what the stakeholder would accept, in words: each bound
        and order of its [constraints] (or its weight ranges) and each statement, as ``options
        infer`` words it, with the criteria each one involves (``app``: the core the weights
        were computed with, when the files may have been read again since)."""
        from ..model.statements import rows

        app = self.app if app is None else app
        st = self.stakeholder(sid) if app is self.app else app.stakeholder(sid)
        W, crit = self.weight_set(st, app), app.matrix.criteria
        name = {c.id: c.name for c in app.workspace.criteria}
        out: list[dict[str, Any]] = []
        for j, c in enumerate(crit):
            if w[j] < W.lower[j] - TOL:
                text = f"{name[c]} at least {100 * W.lower[j]:.1f}%"
                out.append({"text": text, "criteria": [c], "kind": "bound"})
            elif w[j] > W.upper[j] + TOL:
                text = f"{name[c]} at most {100 * W.upper[j]:.1f}%"
                out.append({"text": text, "criteria": [c], "kind": "bound"})
        for p, q in W.order:
            if w[q] > w[p] + TOL:
                text = f"{name[crit[p]]} weighs at least as much as {name[crit[q]]}"
                out.append({"text": text, "criteria": [crit[p], crit[q]], "kind": "order"})
        dm, d = app.long_matrix, app.strict_margin(st)
        for i, s in enumerate(st.statements):
            if not s.use:
                continue
            for row in rows(s, dm.values, dm.options, dm.criteria):
                v = float(row.a @ w)
                bad = (
                    abs(v) > TOL
                    if row.kind == "=0"
                    else v < (d if row.kind == ">=eps" else 0) - TOL
                )
                if bad:
                    involved = [
                        c for c, a in zip(dm.criteria, row.a, strict=True) if abs(a) > 1e-12
                    ]
                    out.append(
                        {
                            "text": f"{st.name} {describe(s, app.long_list)}",
                            "statement": i,
                            "criteria": involved,
                            "kind": "statement",
                        }
                    )
                    break
        return out

    def graph(self, body: Any) -> dict[str, Any]:
        """The sensitivity graph of one weight (Hiview3's, after Mareschal 1988): that weight on
        x from 0 to 1, the others rescaled in proportion, each option's value a straight line;
        where the top option changes, and the stability interval and the part inside the
        stakeholder's set W as ``options sensitivity`` computes them
        (:mod:`delivery_options.methods.stability`)."""
        from ..methods.stability import family

        body = as_object(body)
        with self.lock:
            st = self.moved(body)
            dm = self.app.matrix
            cid = body.get("criterion")
            if not isinstance(cid, str) or cid not in dm.criteria:
                raise OptionsError(f"no criterion {shown(cid)}", "criterion")
            k = dm.criteria.index(cid)
            w0 = np.array([st.weights[c] for c in dm.criteria])
            W = self.weight_set(st)
            interval = self._intervals(st, W)[k]
            A, B = family(w0, k)
            at0, at1 = dm.values @ A, dm.values @ B + dm.values @ A
            slope = at1 - at0
            start = int(np.argmax(at0 + 1e-9 * slope))  # first at 0 (a tie: the steeper)
            switches, t, top = [], 0.0, start
            while True:  # where the upper envelope changes option, from 0 to 1
                gain = slope - slope[top]
                cross = sorted(
                    (float((at0[top] - at0[b]) / gain[b]), b)
                    for b in range(len(at0))
                    if gain[b] > 1e-12
                )
                later = [(x, b) for x, b in cross if t + 1e-12 < x < 1]
                if not later:
                    break
                t, top = later[0]
                switches.append({"weight": t, "first": dm.options[top]})
            label = self.app.workspace.option_label
            return {
                "criterion": cid,
                "weight": float(w0[k]),
                "lines": [
                    {"option": o, "label": label(o), "at0": float(a), "at1": float(b)}
                    for o, a, b in zip(dm.options, at0, at1, strict=True)
                ],
                "first_at_0": dm.options[start],
                "switches": switches,
                "stable": _pair(interval.top),
                "feasible": _pair(interval.feasible),
            }

    def first(self, body: Any) -> dict[str, Any]:
        """Weights under which an option comes strictly first (by the strict margin of the
        statements), from the weights of ``start`` where it draws level (its switching weights):
        what "try these weights" applies, with the change from the weights now."""
        body = as_object(body)
        with self.lock:
            st = self.moved(body)
            crit = self.app.matrix.criteria
            option = body.get("option")
            options = self.app.matrix.options
            if not isinstance(option, str) or option not in options:
                raise OptionsError(f"no appraised option {shown(option)}", "option")
            start = body.get("start")
            if not isinstance(start, dict) or any(
                isinstance(start.get(c), bool) or not isinstance(start.get(c), int | float)
                for c in crit
            ):
                raise OptionsError("start must be an object of criterion: share", "start")
            w0 = np.array([float(start[c]) for c in crit])
            found = self.app.strictly_first(st, option, w0)
            now = np.array([st.weights[c] for c in crit])
            if found is None:
                return {"option": option, "weights": None}
            change = found - now
            X, r = self.app.matrix.values, options.index(option)
            lead = min((float((X[r] - X[b]) @ found) for b in range(len(X)) if b != r), default=0.0)
            return {
                "option": option,
                "weights": {c: float(x) for c, x in zip(crit, found, strict=True)},
                "moved": float(np.abs(change).sum() / 2),
                "largest": float(np.abs(change).max()),
                "lead": lead,
            }

    def compare(self, body: Any) -> dict[str, Any]:
        """Every stakeholder side by side (``options compare``), with the room's weights as one
        more column when the request gives weights."""
        body = as_object(body)
        with self.lock:
            sts = list(self.stakeholders.values())
            if body.get("weights") is not None:
                room = self.moved(body)
                rid = ROOM
                while rid in self.stakeholders:
                    rid += "-"
                sts.append(replace(room, id=rid, name=f"In the room ({room.name})", path=""))
            if not sts:
                raise OptionsError("no stakeholders to compare: weights/ is empty")
            app = self.app
        # computed outside the lock (its LPs take a while): another tab's moves go on
        result = app.compare(sts)
        return {
            "document": json.loads(render(result, "json")),
            "tables": [web_table(t) for t in result.tables()],
        }

    # --- the short list and what the stakeholders said -----------------------------------------

    def screen(self) -> dict[str, Any]:
        """The long list against the must-meet requirements (``options screen``'s JSON), with
        the short list and, for each option screened out, the requirements it fails and why."""
        with self.lock:
            result = self.app.screen()
            ws, sc = self.app.long_list, result.screen
            reqs = {r.id: r for r in ws.requirements}
            screened = []
            for o in sc.options:
                if o.passes:
                    continue
                fails = [
                    {
                        "requirement": r.requirement,
                        "name": reqs[r.requirement].name,
                        "reason": " ".join(
                            x
                            for x in (r.reason, *(f"[{e}]" for e in r.evidence), r.range_note)
                            if x
                        ),
                    }
                    for r in o.results
                    if not r.passes
                ]
                screened.append(
                    {"option": o.option, "label": ws.option_label(o.option), "fails": fails}
                )
            return {
                "requirements": [
                    {"id": r.id, "name": r.name, "description": r.description.strip()}
                    for r in ws.requirements
                ],
                "short_list": [{"option": o, "label": ws.option_label(o)} for o in sc.short_list],
                "screened_out": screened,
                "appraised": list(self.app.workspace.option_ids),
                "document": json.loads(render(result, "json")),
                "tables": [web_table(t) for t in result.tables()],
            }

    def statements(self, body: Any) -> dict[str, Any]:
        """What a stakeholder has said and whether it holds (``options infer``'s JSON and
        tables); no statements: an empty list."""
        body = as_object(body)
        with self.lock:
            st = self.stakeholder(body.get("stakeholder"))
            out: dict[str, Any] = {
                "stakeholder": st.id,
                "name": st.name,
                "basis": st.basis,
                "inferred": st.inferred,
            }
            if not st.statements:
                return {**out, "statements": [], "document": None, "tables": []}
            result = self._infer(st)
            return {
                **out,
                "statements": [
                    {"index": i, "text": describe(s, self.app.long_list), "source": s.source}
                    for i, s in enumerate(st.statements)
                ],
                "document": json.loads(render(result, "json")),
                "tables": [web_table(t) for t in result.tables()],
            }


def _pair(pair: tuple[float, float]) -> list[float] | None:
    """An interval as [low, high], None when empty (NaN)."""
    return None if any(np.isnan(x) for x in pair) else [float(pair[0]), float(pair[1])]
