"""The options the screen set aside, as every analysis of the short list names them (kept apart
from results/screen.py so that an analysis does not load the screen's and registers' tables)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model.types import Workspace
from ..present.table import Column, Table

if TYPE_CHECKING:
    from ..methods.screening import Screen


@dataclass(frozen=True)
class ScreenedOut:
    """An option set aside by the screen, and the requirements it fails."""

    option: str
    name: str
    number: int | None
    fails: tuple[str, ...]  # requirement ids
    failed_names: tuple[str, ...]  # the same, as people read them


def screened_out(ws: Workspace, sc: Screen) -> tuple[ScreenedOut, ...]:
    names = {r.id: r.name for r in ws.requirements}
    return tuple(
        ScreenedOut(o, ws.option(o).name, ws.option(o).number, f, tuple(names[r] for r in f))
        for o, f in sc.screened_out.items()
    )


def screened_out_table(items: tuple[ScreenedOut, ...]) -> Table:
    """The options the screen set aside, shown beside every analysis of the short list."""
    return Table(
        name="screened_out",
        title="Screened out: not on the short list, so not appraised here",
        columns=(
            Column("option", "Option id", text=False),
            Column("number", "No.", "int", key_column=True),
            Column("name", "Option", key_column=True),
            Column("fails", "Fails the requirement(s)"),
        ),
        rows=tuple((s.option, s.number, s.name, "; ".join(s.failed_names)) for s in items),
        notes=("Run `options screen` for the reasons; add --all to appraise every option.",),
    )


def screened_out_document(items: tuple[ScreenedOut, ...]) -> list[dict[str, Any]]:
    return [{"option": s.option, "fails": list(s.fails)} for s in items]
