"""Interviews in the page: the questions of ``options elicit``, one session per stakeholder id,
kept on disk inside the workspace (``.options-serve/interviews/``) to resume after a restart,
and saved as a weights file of statements once the core has loaded it."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

from ..errors import OptionsError
from ..files import read_input, write_atomic
from ..model.weights import load_stakeholder
from . import elicit
from .checks import SAFE_ID, as_object, as_text, safe_id
from .saving import current_bytes

#: Interviews in progress are kept here, inside the workspace, to resume after a restart.
KEPT = Path(".options-serve") / "interviews"
KEPT_EVENTS = 4  # replies and take-backs a kept interview may hold, per question of its limit


class InterviewDesk:
    """The room's interview requests (a mixin of :class:`~delivery_options.serve.room.Room`)."""

    def elicit_start(self, body: Any) -> dict[str, Any]:
        """Start an interview for a stakeholder id (new, or an existing file to be replaced
        only if asked when saving) from the ranking and ratings of the swings."""
        body = as_object(body)
        with self.lock:
            new_id = safe_id(body.get("id"))
            target = self.app.workspace.root / "weights" / f"{new_id}.toml"
            self._check_target(target, new_id, replace_ok=True)
            name = as_text(body.get("name") or "", "name").strip()
            if not name:
                known = self.stakeholders.get(new_id)
                name = known.name if known is not None else new_id
            date = elicit.today()
            first = self._begin(body, name, date)
            session = self.interviews.open(new_id, name, date, first)
            session.setup = {
                "order": body.get("order"),
                "ratings": body.get("ratings"),
                "limit": body.get("limit", 12),
            }
            self._keep(session)
            return elicit.view(self.app, session, target.exists())

    def _begin(self, setup: dict[str, Any], name: str, date: str):
        """The interview's first question from its setup (the swings' order, their ratings and
        the limit on questions), its statements sourced to ``name`` on ``date``."""
        source = f"{name}, interview with options serve on {date}"
        return elicit.begin(
            self.app,
            setup.get("order"),
            setup.get("ratings"),
            setup.get("limit", 12),
            source,
            date,
        )

    # --- interviews kept on disk, to resume after a restart ----------------------------------

    def _kept_folder(self) -> Path | None:
        """``.options-serve/interviews/`` in the workspace, made when first needed; None when
        it is not a plain folder of ours (a link, or a file of that name)."""
        folder = self.app.workspace.root / KEPT
        for p in (folder.parent, folder):
            if p.is_symlink() or (p.exists() and not p.is_dir()):
                return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return folder

    def _keep(self, session: elicit.Session) -> None:
        """Write the interview's setup and replies as ``.options-serve/interviews/<id>.json``
        (the server's own id: never a user's file); best effort, as the interview goes on."""
        folder = self._kept_folder()
        if folder is None:
            return
        path = folder / f"{session.id}.json"
        if path.is_symlink():
            return
        data = {
            "kind": "options serve interview",
            "stakeholder": session.stakeholder,
            "name": session.name,
            "date": session.date,
            **session.setup,
            "events": session.events,
        }
        with contextlib.suppress(OSError):
            write_atomic(path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))

    def _drop(self, session: elicit.Session) -> None:
        folder = self.app.workspace.root / KEPT
        path = folder / f"{session.id}.json"
        if not folder.is_symlink() and path.is_file() and not path.is_symlink():
            path.unlink(missing_ok=True)

    def _kept(self) -> dict[str, dict[str, Any]]:
        """The kept interviews that can be read, by file id."""
        folder = self.app.workspace.root / KEPT
        if folder.is_symlink() or not folder.is_dir():
            return {}
        out = {}
        root = self.app.workspace.root
        for path in sorted(folder.glob("*.json")):
            if not SAFE_ID.fullmatch(path.stem) or path.is_symlink() or not path.is_file():
                continue
            try:  # read as any input is: inside the workspace, no link on the way, bounded
                raw = read_input(path, f"{KEPT}/{path.name}", root, limit=256 * 1024)
                data = json.loads(raw.decode("utf-8"))
            except (OptionsError, OSError, ValueError, RecursionError):
                continue
            if isinstance(data, dict) and data.get("kind") == "options serve interview":
                out[path.stem] = data
        return out

    def elicit_kept(self) -> list[dict[str, Any]]:
        """The interviews kept on disk that are not open here: to resume."""
        with self.lock:
            out = []
            for fid, data in self._kept().items():
                if fid in self.interviews._open:
                    continue
                events = data.get("events") if isinstance(data.get("events"), list) else []
                out.append(
                    {
                        "file": fid,
                        "stakeholder": str(data.get("stakeholder", "")),
                        "name": str(data.get("name", "")),
                        "date": str(data.get("date", "")),
                        "answers": sum(e in ("a", "b", "same") for e in events),
                    }
                )
            return out

    def elicit_resume(self, body: Any) -> dict[str, Any]:
        """Open a kept interview again: the same swings, then its replies and take-backs in
        turn, as they were given."""
        body = as_object(body)
        with self.lock:
            fid = body.get("file")
            kept = self._kept()
            if not isinstance(fid, str) or fid not in kept:
                raise OptionsError("no such kept interview (it may have been saved or removed)")
            if fid in self.interviews._open:
                session = self.interviews.get(fid)
                return elicit.view(self.app, session, self._exists(session))
            data = kept[fid]
            new_id = safe_id(data.get("stakeholder"))
            name = as_text(data.get("name") or new_id, "name")
            date = as_text(data.get("date") or elicit.today(), "date")
            first = self._begin(data, name, date)
            events = data.get("events") if isinstance(data.get("events"), list) else []
            if len(events) > KEPT_EVENTS * data.get("limit", 12):  # begin() checked the limit
                raise OptionsError(
                    "the kept interview holds more replies and take-backs than its questions "
                    "allow; it cannot be resumed"
                )
            session = self.interviews.open(new_id, name, date, first, sid=fid)
            session.setup = {k: data.get(k) for k in ("order", "ratings", "limit")}
            for event in events:
                if event == "back":
                    elicit.back(session)
                else:
                    elicit.reply(session, event, None)
            return elicit.view(self.app, session, self._exists(session), {"resumed": True})

    def elicit_answer(self, body: Any) -> dict[str, Any]:
        """Answer the interview's question: a, b, same or skip; checked against every earlier
        answer at once, and not kept if it contradicts them."""
        body = as_object(body)
        with self.lock:
            session = self.interviews.get(body.get("interview"))
            last = elicit.reply(session, body.get("reply"), body.get("question"))
            self._keep(session)
            return elicit.view(self.app, session, self._exists(session), last)

    def elicit_back(self, body: Any) -> dict[str, Any]:
        """Take back the interview's last answer."""
        body = as_object(body)
        with self.lock:
            session = self.interviews.get(body.get("interview"))
            elicit.back(session)
            self._keep(session)
            return elicit.view(self.app, session, self._exists(session), {"taken_back": True})

    def elicit_save(self, body: Any) -> dict[str, Any]:
        """Save the interview's statements as ``weights/<id>.toml`` (``basis = "elicited"``),
        checked by loading it with the core first; replace a file only when ``replace``."""
        from ..interview import weights_file

        body = as_object(body)
        with self.lock:
            session = self.interviews.get(body.get("interview"))
            if body.get("id") is not None:  # another name, after a clash: the answers are kept
                session.stakeholder = safe_id(body.get("id"))
            new_id = session.stakeholder
            ws = self.app.long_list
            root, crit = ws.root, ws.criterion_ids
            target = root / "weights" / f"{new_id}.toml"
            self._check_target(target, new_id, body.get("replace") is True)
            seen = current_bytes(target)
            statements = session.state.statements
            text = weights_file(session.name, statements, session.date, "options serve")
            with tempfile.TemporaryDirectory() as tmp:  # the file must load before it is written
                trial = Path(tmp) / f"{new_id}.toml"
                trial.write_text(text, encoding="utf-8")
                try:
                    self.app._settle(
                        load_stakeholder(Path(tmp), crit, trial, ws.option_ids, ws.tree)
                    )
                except OptionsError as exc:
                    p = exc.problems[0]
                    raise OptionsError(f"not saved: {p.field or 'the file'}: {p.message}") from None
            replaced = target.exists()
            self._write(target, new_id, text, seen)
            self._reload()  # read back with the core: it must load, with its inferred weights
            st = self.stakeholders[new_id]
            session.saved = f"weights/{new_id}.toml"
            self._drop(session)  # saved: nothing left to resume
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
