"""Saving what the room agreed as a weights file: written only into the workspace's
``weights/``, under a safe id, never over a file of inferred weights, edited in place when it is
the stakeholder's own file (its rationale, basis and comments kept), and loaded back with the core
before and after it is written."""

from __future__ import annotations

import difflib
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from ..appraisal import Appraisal
from ..errors import OptionsError
from ..files import confined, write_atomic
from ..model.ids import same as same_id
from ..model.toml import toml_key, toml_string
from ..model.types import Stakeholder
from ..model.weights import load_stakeholder, weights_paths
from .checks import as_object, as_text, comment_text, safe_id


class Saving:
    """The room's ``save`` and the checks every write into ``weights/`` shares (a mixin of
    :class:`~delivery_options.serve.room.Room`)."""

    def save(self, body: Any) -> dict[str, Any]:
        """Write the room's weights as ``weights/<id>.toml``, validated by loading it back with
        the core; replace an existing file only when ``replace`` is true."""
        body = as_object(body)
        with self.lock:
            st = self.moved(body)
            source = self.stakeholder(body.get("stakeholder"))
            new_id = safe_id(body.get("id"))
            name = as_text(body.get("name", source.name), "name").strip()
            if not name:
                raise OptionsError("give the weights a name", "name")
            rationale = as_text(body.get("rationale", ""), "rationale").strip()
            keep = body.get("keep_constraints", True) is not False
            root = self.app.workspace.root
            wdir = root / "weights"
            target = wdir / f"{new_id}.toml"
            self._check_target(target, new_id, body.get("replace") is True)
            seen = current_bytes(target)
            held = self._held_by(target)
            if held is not None and held.inferred:
                raise OptionsError(
                    f"weights/{new_id}.toml holds what {held.name} said, and its weights are "
                    "inferred from those statements: the room's weights are never saved over "
                    f"them. Save them as a new file, such as weights/{room_id(held.id)}.toml",
                    "id",
                )
            own = target.exists() and target.resolve() == (root / source.path).resolve()
            if own and keep:  # its own file: edit it, keeping its rationale, basis and comments
                text = edited_weights(target.read_bytes().decode("utf-8"), self.app, st, name)
                text = _with_note(text, rationale)
            else:
                text = weights_toml(self.app, source, st, name, rationale, keep)
            crit, ids = self.app.workspace.criterion_ids, self.app.long_list.option_ids
            new = _validated(self.app, new_id, text, st)
            previous = target if target.exists() else root / source.path
            # as the core reads it: weights inferred from statements are filled in
            before = self.app._settle(
                load_stakeholder(root, crit, previous, ids, self.app.workspace.tree)
            )
            old_text = previous.read_text(encoding="utf-8")
            replaced = target.exists()
            self._write(target, new_id, text, seen)
            load_stakeholder(
                root, crit, target, ids, self.app.workspace.tree
            )  # read back with the core: it must load
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

    def _held_by(self, target: Path) -> Stakeholder | None:
        """The stakeholder whose file ``target`` is, if any."""
        if not target.exists():
            return None
        root = self.app.workspace.root
        for st in self.stakeholders.values():
            if (root / st.path).resolve() == target.resolve():
                return st
        return None

    def _write(self, target: Path, new_id: str, text: str, seen: bytes | None) -> None:
        """Write ``text`` as ``target``, only if the target is still as it was when it was
        checked (``seen``: its bytes, None when it did not exist): a file made, or edited in
        an editor, while the weights were checked is never replaced unseen."""
        if current_bytes(target) != seen:
            raise OptionsError(
                f"weights/{new_id}.toml changed while the weights were being checked; nothing "
                "was written (save again to see it)"
            )
        # and no file has taken the id meanwhile, in any case or folder (weights/Board.toml)
        self._check_target(target, new_id, replace_ok=True)
        try:
            write_atomic(target, text.encode("utf-8"))
        except OSError as exc:
            raise OptionsError(f"could not write weights/{new_id}.toml ({exc.strerror})") from None

    def _check_target(self, target: Path, new_id: str, replace_ok: bool) -> None:
        wdir = target.parent
        if not wdir.is_dir():
            raise OptionsError("the workspace has no weights/ folder to save into")
        if wdir.is_symlink():  # a stranger's link out of the workspace: never written through
            raise OptionsError("weights/ is a link; the file would be written outside")
        confined(self.app.workspace.root, wdir, "weights/")
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise OptionsError(f"weights/{new_id}.toml is not a plain file; choose another name")
        same = [
            p
            for p in weights_paths(self.app.workspace.root)
            if same_id(p.stem, new_id) and p != target
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


def current_bytes(path: Path) -> bytes | None:
    """A file's bytes, None when there is none (or it cannot be read)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def room_id(sid: str) -> str:
    """The id suggested for the room's weights of an inferred stakeholder: ``<id>-room``."""
    return f"{sid[: 64 - len('-room')]}-room"


def room_rationale(source: Stakeholder, day: str) -> str:
    """Why a file of the room's weights exists, and whose they are not."""
    return (
        f"These weights were set in the room with options serve on {day}, derived from "
        f"{source.id}'s statements ({source.path}), whose weights are inferred from them. They "
        f"are the room's weights, not a preference {source.name} stated; {source.path} is "
        "unchanged."
    )


def weights_toml(
    app: Appraisal, source: Stakeholder, st: Stakeholder, name: str, rationale: str, keep: bool
) -> str:
    """The weights file: name, rationale, the source's sources, the weights as moved, and (when
    ``keep``) the weights the source stakeholder would accept, as explicit bounds and orders."""
    today = date.today().isoformat()
    lines = [
        f"# Agreed with `options serve` on {today}, starting from {comment_text(source.path)}.",
        f"name = {toml_string(name)}",
    ]
    if source.inferred:  # the room's weights, never put in the name of the one who said
        lines[0] = (
            f"# The room's weights, set with `options serve` on {today} from the weights "
            f"inferred from {comment_text(source.path)}'s statements; that file is unchanged."
        )
        lines.insert(1, "# basis: the weights were set in the room and are stated for it; not")
        lines.insert(2, f"# a preference {comment_text(source.name)} stated.")
        lines.append('basis = "stated"')
        lines.append(f"date = {toml_string(today)}")
        rationale = room_rationale(source, today) + (f"\n\n{rationale}" if rationale else "")
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


TABLE = re.compile(r"\s*\[")
KEY = re.compile(r"\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\s*=")
#: ``[weights]`` as TOML allows it written: spaces inside, the key quoted, a comment after.
#: ``weights = { ... }`` or ``weights.x = 1``: the weights not written as a table.
INLINE_WEIGHTS = re.compile(r"""\s*(weights|"weights"|'weights')\s*[.=]""")
WEIGHTS_HEADER = re.compile(r"""\s*\[\s*(weights|"weights"|'weights')\s*\]\s*(#.*)?\Z""")


def _weights_header(lines: list[str], quoted: list[bool]) -> int | None:
    """The line of the ``[weights]`` table's header, never a line inside a multi-line string."""
    return next(
        (i for i, line in enumerate(lines) if not quoted[i] and WEIGHTS_HEADER.match(line)), None
    )


def _lines(text: str) -> list[str]:
    """The file's lines, split at its line ends only: ``str.splitlines`` also splits at U+2028,
    U+2029, NEL and other characters TOML keeps inside a string or comment."""
    lines = text.replace("\r\n", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _newline(text: str) -> str:
    """The file's own line ending, kept when it is edited."""
    return "\r\n" if "\r\n" in text else "\n"


def _layout(lines: list[str]) -> list[bool]:
    """For each line, whether it is inside a multi-line string (so not TOML structure)."""
    inside, out = None, []
    for line in lines:
        out.append(inside is not None)
        rest = line
        while True:
            if inside is None:
                found = [(rest.find(q), q) for q in ('"""', "'''") if q in rest]
                if not found:
                    break
                at, q = min(found)
                if "#" in rest[:at]:
                    break
                inside, rest = q, rest[at + 3 :]
            else:
                at = rest.find(inside)
                if at < 0:
                    break
                inside, rest = None, rest[at + 3 :]
    return out


def edited_weights(text: str, app: Appraisal, st: Stakeholder, name: str) -> str:
    """A weights file's own text with its ``[weights]`` set to the room's (a table added before
    the first table when it has none) and its ``name`` line set to ``name``; every other line,
    its rationale, basis, sources, constraints, statements and comments, kept as written."""
    lines = _lines(text)
    quoted = _layout(lines)
    if any(not quoted[i] and INLINE_WEIGHTS.match(line) for i, line in enumerate(lines)):
        raise OptionsError(
            f"{st.path} writes its weights as an inline table or dotted keys, which the room "
            "does not edit in place; save them as a new file, or write them as a [weights] table"
        )
    crit = app.workspace.criterion_ids
    # local weights on objectives: the room's overall weights go in on the criteria alone (so
    # read as overall weights), and the objectives' lines go, or they would be read again
    nodes = {toml_key(o) for o in app.workspace.tree.objective_ids}
    local = any(toml_key(k) in nodes for k in st.raw_weights)
    typed = st.raw_weights if not local and all(c in st.raw_weights for c in crit) else st.weights
    wanted = {toml_key(c): f"{toml_key(c)} = {typed[c]!r}" for c in crit}
    tables = [i for i, line in enumerate(lines) if not quoted[i] and TABLE.match(line)]
    first_table = tables[0] if tables else len(lines)
    for i in range(first_table):
        m = KEY.match(lines[i])
        if not quoted[i] and m and m.group(1).strip("\"'") == "name":
            lines[i] = f"name = {toml_string(name)}"
    head = _weights_header(lines, quoted)
    nl = _newline(text)
    if head is None:
        at = first_table  # before the first table and the comments that lead into it
        while at > 0 and not quoted[at - 1] and lines[at - 1].lstrip().startswith("#"):
            at -= 1
        lines[at:at] = ["", "[weights]", *wanted.values(), ""][
            0 if lines[at - 1 : at] != [""] else 1 :
        ]
        return nl.join(lines) + nl
    end = next((i for i in tables if i > head), len(lines))
    seen = set()
    for i in range(head + 1, end):
        m = KEY.match(lines[i])
        if m and not quoted[i]:
            key = toml_key(m.group(1).strip("\"'"))
            if key in nodes:
                lines[i] = f"# {lines[i]}  (an objective's local weight, left by the room)"
            elif key in wanted:
                comment = lines[i].split("#", 1)[1] if "#" in lines[i].split("=", 1)[1] else ""
                lines[i] = wanted[key] + (f"  #{comment}" if comment else "")
                seen.add(key)
    last = max((i for i in range(head, end) if lines[i].strip()), default=head)
    missing = [v for k, v in wanted.items() if k not in seen]
    lines[last + 1 : last + 1] = missing
    return nl.join(lines) + nl


def _with_note(text: str, rationale: str) -> str:
    """The room's reasons as a comment above the ``[weights]`` header (found as the edit found
    it: never inside a string), dated."""
    lines = _lines(text)
    head = _weights_header(lines, _layout(lines))
    if not rationale or head is None:
        return text
    note = [f"# Moved in the room with options serve on {date.today().isoformat()}:"]
    note += [f"#   {comment_text(line)}".rstrip() for line in rationale.split("\n")]
    lines[head:head] = note
    return _newline(text).join(lines) + _newline(text)


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
        path.write_bytes(text.encode("utf-8"))  # as written: no newline translated
        try:
            new = load_stakeholder(Path(tmp), crit, path, ids, app.workspace.tree)
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
