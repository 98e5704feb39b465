"""The live model behind the decision-conference page, free of any web framework.

A :class:`Room` holds the core (:class:`~delivery_options.appraisal.Appraisal`) and answers the
page's requests, given as parsed JSON: rank, what it would take, compare, save; the screen and a
stakeholder's statements; and interviews (:mod:`.elicit`), kept here by an id the server makes.
Stakeholders are looked up by id among the workspace's own weights files, never by a path from a
request; a saved file's id must be a safe file stem, and it is written only into the
workspace's ``weights/``. Every mistake in a request raises
:class:`~delivery_options.errors.OptionsError`.
"""

from __future__ import annotations

import difflib
import json
import re
import tempfile
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from ..appraisal import Appraisal
from ..errors import OptionsError
from ..files import write_atomic
from ..model.toml import toml_key, toml_string
from ..model.types import Stakeholder
from ..model.weights import load_stakeholder, weights_paths
from ..present import render
from ..present.web import web_table
from ..results.infer import describe
from . import elicit

#: A new weights file's id: a file stem of letters, digits, "-" and "_" (no dots, no slashes).
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
#: The id of the room's own weights when the stakeholders are compared.
ROOM = "in-the-room"
MAX_TEXT = 20_000  # characters in a name or a rationale


class Room:
    """One workspace served to the page; one request is computed at a time."""

    def __init__(self, app: Appraisal):
        self.app = app
        self.lock = threading.Lock()
        self.stakeholders: dict[str, Stakeholder] = {}
        self.interviews = elicit.Interviews()
        self._inferred: dict[str, Any] = {}
        self._reload()

    def _reload(self) -> None:
        """A fresh core over the same workspace, and the stakeholders read again from disk."""
        self.app = Appraisal(self.app.long_list, self.app.defaults, self.app.all_options)
        root = self.app.workspace.root
        found = self.app.stakeholders() if weights_paths(root) else ()
        self.stakeholders = {s.id: s for s in found}
        self._inferred = {}

    # --- what the page shows first -----------------------------------------------------------

    def workspace(self) -> dict[str, Any]:
        """The criteria, options and stakeholders, with the weights each would accept."""
        ws = self.app.workspace
        return {
            "title": ws.title,
            "question": ws.question,
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
            "stakeholders": [self._stakeholder_json(s) for s in self.stakeholders.values()],
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
            "order": [list(pair) for pair in st.constraints.order],
            "statements": len(st.statements),
        }

    def _infer(self, st: Stakeholder):
        """``options infer`` for a stakeholder of the workspace, computed once per load."""
        if st.path not in self._inferred:
            self._inferred[st.path] = self.app.infer(st)
        return self._inferred[st.path]

    # --- the analyses ------------------------------------------------------------------------

    def moved(self, body: Any) -> Stakeholder:
        """The named stakeholder with the request's weights (its own when none are given)."""
        body = _object(body)
        st = self.stakeholder(body.get("stakeholder"))
        weights = body.get("weights")
        if weights is None:
            return st
        if not isinstance(weights, dict):
            raise OptionsError("weights must be an object of criterion: number", "weights")
        return self.app.with_weights(st, weights)

    def stakeholder(self, sid: Any) -> Stakeholder:
        if not isinstance(sid, str) or sid not in self.stakeholders:
            known = ", ".join(self.stakeholders) or "none"
            raise OptionsError(f"no stakeholder {_shown(sid)} in weights/ (known: {known})")
        return self.stakeholders[sid]

    def rank(self, body: Any) -> str:
        """The same JSON as ``options rank --format json`` for these weights."""
        with self.lock:
            return render(self.app.rank(self.moved(body)), "json")

    def switching(self, body: Any) -> dict[str, Any]:
        """What it would take for each option to come first, from these weights, within the
        weights the stakeholder would accept (``options sensitivity``'s first table)."""
        with self.lock:
            st = self.moved(body)
            result = self.app.sensitivity(st)
            sa = result.analysis
            inside = sa.W.contains(sa.weights)
            doc = json.loads(render(result, "json"))
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
                "options": rows,
                "table": web_table(table),
            }

    def compare(self, body: Any) -> dict[str, Any]:
        """Every stakeholder side by side (``options compare``), with the room's weights as one
        more column when the request gives weights."""
        body = _object(body)
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
            result = self.app.compare(sts)
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
        body = _object(body)
        with self.lock:
            st = self.stakeholder(body.get("stakeholder"))
            out: dict[str, Any] = {"stakeholder": st.id, "name": st.name, "basis": st.basis}
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

    # --- interviews: the questions of options elicit, in the page ------------------------------

    def elicit_start(self, body: Any) -> dict[str, Any]:
        """Start an interview for a stakeholder id (new, or an existing file to be replaced
        only if asked when saving) from the ranking and ratings of the swings."""
        body = _object(body)
        with self.lock:
            new_id = safe_id(body.get("id"))
            target = self.app.workspace.root / "weights" / f"{new_id}.toml"
            self._check_target(target, new_id, replace_ok=True)
            name = _text(body.get("name") or "", "name").strip()
            if not name:
                known = self.stakeholders.get(new_id)
                name = known.name if known is not None else new_id
            date = elicit.today()
            source = f"{name}, interview with options serve on {date}"
            first = elicit.begin(
                self.app,
                body.get("order"),
                body.get("ratings"),
                body.get("limit", 12),
                source,
                date,
            )
            session = self.interviews.open(new_id, name, date, first)
            return elicit.view(self.app, session, target.exists())

    def elicit_answer(self, body: Any) -> dict[str, Any]:
        """Answer the interview's question: a, b, same or skip; checked against every earlier
        answer at once, and not kept if it contradicts them."""
        body = _object(body)
        with self.lock:
            session = self.interviews.get(body.get("interview"))
            last = elicit.reply(session, body.get("reply"), body.get("question"))
            return elicit.view(self.app, session, self._exists(session), last)

    def elicit_back(self, body: Any) -> dict[str, Any]:
        """Take back the interview's last answer."""
        body = _object(body)
        with self.lock:
            session = self.interviews.get(body.get("interview"))
            elicit.back(session)
            return elicit.view(self.app, session, self._exists(session), {"taken_back": True})

    def elicit_save(self, body: Any) -> dict[str, Any]:
        """Save the interview's statements as ``weights/<id>.toml`` (``basis = "elicited"``),
        checked by loading it with the core first; replace a file only when ``replace``."""
        from ..interview import weights_file

        body = _object(body)
        with self.lock:
            session = self.interviews.get(body.get("interview"))
            new_id = session.stakeholder
            ws = self.app.long_list
            root, crit = ws.root, ws.criterion_ids
            target = root / "weights" / f"{new_id}.toml"
            self._check_target(target, new_id, body.get("replace") is True)
            statements = session.state.statements
            text = weights_file(session.name, statements, session.date, "options serve")
            with tempfile.TemporaryDirectory() as tmp:  # the file must load before it is written
                trial = Path(tmp) / f"{new_id}.toml"
                trial.write_text(text, encoding="utf-8")
                try:
                    self.app._settle(load_stakeholder(Path(tmp), crit, trial, ws.option_ids))
                except OptionsError as exc:
                    p = exc.problems[0]
                    raise OptionsError(f"not saved: {p.field or 'the file'}: {p.message}") from None
            replaced = target.exists()
            self._write(target, new_id, text)
            self._reload()  # read back with the core: it must load, with its inferred weights
            st = self.stakeholders[new_id]
            session.saved = f"weights/{new_id}.toml"
            return {
                "id": new_id,
                "path": session.saved,
                "replaced": replaced,
                "statements": len(statements),
                "weights": [
                    {"criterion": c.id, "name": c.name, "weight": st.weights[c.id]}
                    for c in ws.criteria
                ],
                "interview": elicit.view(self.app, session, True),
                "workspace": self.workspace(),
            }

    def _exists(self, session: elicit.Session) -> bool:
        return (self.app.workspace.root / "weights" / f"{session.stakeholder}.toml").exists()

    # --- saving what the room agreed ---------------------------------------------------------

    def save(self, body: Any) -> dict[str, Any]:
        """Write the room's weights as ``weights/<id>.toml``, validated by loading it back with
        the core; replace an existing file only when ``replace`` is true."""
        body = _object(body)
        with self.lock:
            st = self.moved(body)
            source = self.stakeholder(body.get("stakeholder"))
            new_id = safe_id(body.get("id"))
            name = _text(body.get("name", source.name), "name").strip()
            if not name:
                raise OptionsError("give the weights a name", "name")
            rationale = _text(body.get("rationale", ""), "rationale").strip()
            keep = body.get("keep_constraints", True) is not False
            root = self.app.workspace.root
            wdir = root / "weights"
            target = wdir / f"{new_id}.toml"
            self._check_target(target, new_id, body.get("replace") is True)
            text = weights_toml(self.app, source, st, name, rationale, keep)
            crit, ids = self.app.workspace.criterion_ids, self.app.long_list.option_ids
            new = _validated(self.app, new_id, text, st)
            previous = target if target.exists() else root / source.path
            # as the core reads it: weights inferred from statements are filled in
            before = self.app._settle(load_stakeholder(root, crit, previous, ids))
            old_text = previous.read_text(encoding="utf-8")
            replaced = target.exists()
            self._write(target, new_id, text)
            load_stakeholder(root, crit, target, ids)  # read back with the core: it must load
            self._reload()
            return {
                "id": new_id,
                "path": f"weights/{new_id}.toml",
                "replaced": replaced,
                "compared_with": before.path,
                "weights": [
                    {
                        "criterion": c.id,
                        "name": c.name,
                        "before": before.weights[c.id],
                        "after": new.weights[c.id],
                    }
                    for c in self.app.workspace.criteria
                ],
                "diff": "".join(
                    difflib.unified_diff(
                        old_text.splitlines(keepends=True),
                        text.splitlines(keepends=True),
                        before.path,
                        f"weights/{new_id}.toml",
                    )
                ),
                "workspace": self.workspace(),
            }

    def _write(self, target: Path, new_id: str, text: str) -> None:
        try:
            write_atomic(target, text.encode("utf-8"))
        except OSError as exc:
            raise OptionsError(f"could not write weights/{new_id}.toml ({exc.strerror})") from None

    def _check_target(self, target: Path, new_id: str, replace_ok: bool) -> None:
        wdir = target.parent
        if not wdir.is_dir():
            raise OptionsError("the workspace has no weights/ folder to save into")
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise OptionsError(f"weights/{new_id}.toml is not a plain file; choose another name")
        same = [
            p
            for p in weights_paths(self.app.workspace.root)
            if p.stem.casefold() == new_id.casefold() and p != target
        ]
        if same:
            shown = same[0].relative_to(wdir).as_posix()
            raise OptionsError(
                f"weights/{shown} already has the id '{same[0].stem}'; choose another name"
            )
        if target.exists() and not replace_ok:
            raise OptionsError(
                f"weights/{new_id}.toml already exists; choose another name, or choose to "
                "replace it"
            )


def safe_id(value: Any) -> str:
    """A new weights file's id, refused unless it is a safe file stem."""
    if not isinstance(value, str) or not SAFE_ID.fullmatch(value):
        raise OptionsError(
            f"{_shown(value)} is not a usable name for a weights file: use up to 64 letters, "
            "digits, '-' and '_', starting with a letter or digit",
            "id",
        )
    return value


def weights_toml(
    app: Appraisal, source: Stakeholder, st: Stakeholder, name: str, rationale: str, keep: bool
) -> str:
    """The weights file: name, rationale, the source's sources, the weights as moved, and (when
    ``keep``) the weights the source stakeholder would accept, as explicit bounds and orders."""
    lines = [
        f"# Agreed with `options serve` on {date.today().isoformat()}, "
        f"starting from {_comment(source.path)}.",
        f"name = {toml_string(name)}",
    ]
    if rationale:
        lines.append(f"rationale = {toml_string(rationale, multiline=True)}")
    sources = _sources(app.workspace.root, source)
    if sources:
        lines.append(f"sources = [{', '.join(toml_string(s) for s in sources)}]")
    lines += ["", "[weights]"]
    crit = app.workspace.criterion_ids
    # as typed or moved; weights inferred from statements (no typed ones) as their shares
    typed = st.raw_weights if all(c in st.raw_weights for c in crit) else st.weights
    lines += [f"{toml_key(c)} = {typed[c]!r}" for c in crit]
    cons = st.constraints
    if keep and (cons.bounds or cons.order):
        lines += ["", "[constraints]", "# The weights the stakeholder would accept."]
        if cons.bounds:
            pairs = ", ".join(
                f"{toml_key(c)} = [{lo!r}, {hi!r}]" for c, (lo, hi) in cons.bounds.items()
            )
            lines.append(f"bounds = {{ {pairs} }}")
        if cons.order:
            pairs = ", ".join(f"[{toml_string(a)}, {toml_string(b)}]" for a, b in cons.order)
            lines.append(f"order = [{pairs}]")
    if keep and source.statements:
        from ..model.statements import to_toml

        lines += ["", "# What the stakeholder said: the weights above must honour it."]
        for k, s in enumerate(source.statements):
            lines += ([] if k == 0 else [""]) + to_toml(s).rstrip("\n").split("\n")
    return "\n".join(lines) + "\n"


def _sources(root: Path, st: Stakeholder) -> list[str]:
    """The source file's ``sources`` list (the Stakeholder record does not keep it)."""
    from ..model.toml import read_toml

    try:
        data = read_toml(root / st.path, st.path)
    except OptionsError:
        return []
    found = data.get("sources", [])
    return [s for s in found if isinstance(s, str)] if isinstance(found, list) else []


def _validated(app: Appraisal, new_id: str, text: str, st: Stakeholder):
    """Load the text with the core from a scratch copy, its statements (if kept) checked
    against its weights; it must give the room's weights."""
    crit, ids = app.workspace.criterion_ids, app.long_list.option_ids
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{new_id}.toml"
        path.write_text(text, encoding="utf-8")
        try:
            new = load_stakeholder(Path(tmp), crit, path, ids)
            problems = app.statement_problems([new])
            if problems:
                raise OptionsError(problems[0])
        except OptionsError as exc:
            raise OptionsError(
                f"not saved: {exc.problems[0].field or 'the file'}: {exc.problems[0].message}"
                " (move the weights back inside what the stakeholder would accept, or save "
                "without the acceptable ranges)"
            ) from None
    # the same weights, to the last bits of a float (weights inferred from statements are
    # written as shares, which the core normalises again)
    if any(abs(new.weights[c] - st.weights[c]) > 1e-12 for c in crit):
        raise OptionsError("not saved: the file would not give the same weights")
    return new


# --- checking and writing text ---------------------------------------------------------------


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise OptionsError("the request must be a JSON object")
    return body


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise OptionsError(f"{what} must be text", what)
    if len(value) > MAX_TEXT:
        raise OptionsError(f"{what} is longer than {MAX_TEXT:,} characters", what)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise OptionsError(f"{what} holds characters that are not text", what) from None
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _shown(value: Any) -> str:
    """A value from a request, quoted and cut short, for an error message."""
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 60 else text[:57] + "..."


def _comment(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)
