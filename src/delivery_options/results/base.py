"""What every result shares: finding a table by name, and pandas frames of its tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..model.types import Workspace
from ..present.table import Column, Table

if TYPE_CHECKING:
    import pandas as pd


class Presentable:
    """Mixin for results: subclasses define ``_tables`` and ``_document`` (or override
    :meth:`tables` and :meth:`document`). A result of an analysis of the short list carries
    ``screened_out``, and shows it after its own tables and in its document."""

    def _tables(self) -> Sequence[Table]:
        raise NotImplementedError

    def _document(self) -> dict[str, Any]:
        raise NotImplementedError

    def tables(self) -> Sequence[Table]:
        from .screened import screened_out_table

        out = tuple(self._tables())
        items = getattr(self, "screened_out", None)
        return out + (screened_out_table(items),) if items else out

    def document(self) -> dict[str, Any]:
        from .screened import screened_out_document

        doc = self._document()
        items = getattr(self, "screened_out", None)
        return doc if items is None else {**doc, "screened_out": screened_out_document(items)}

    def table(self, name: str | None = None) -> Table:
        """The table called ``name`` (the first when None); an unknown name lists the known."""
        from ..present import pick_table

        return pick_table(list(self.tables()), name)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table as a tidy pandas DataFrame, by table name."""
        from ..present.frames import to_frame

        return {t.name: to_frame(t) for t in self.tables()}

    def frame(self, name: str | None = None) -> pd.DataFrame:
        """One table as a DataFrame (the first when no name is given)."""
        from ..present.frames import to_frame

        return to_frame(self.table(name))


# --- columns that many tables share ----------------------------------------------------------


def option_columns(with_rank: bool = False) -> tuple[Column, ...]:
    """The id (machine only), the report's number and the name of an option."""
    cols = (
        Column("option", "Option id", text=False),
        Column("number", "No.", "int", key_column=True),
        Column("name", "Option", key_column=True),
    )
    return ((Column("rank", "Rank", "int", key_column=True),) if with_rank else ()) + cols


def option_cells(ws: Workspace, oid: str) -> tuple[Any, ...]:
    o = ws.option(oid)
    return (oid, o.number, o.name)


def criterion_columns(ws: Workspace, kind: str = "number", unit: str = "") -> tuple[Column, ...]:
    """One numeric column per criterion, keyed by id and labelled by name."""
    return tuple(Column(c.id, c.name, kind, unit=unit) for c in ws.criteria)


def by_criterion(ws: Workspace, values: Sequence[float]) -> dict[str, float]:
    return {c: float(v) for c, v in zip(ws.criterion_ids, values, strict=True)}
