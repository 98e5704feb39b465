"""Tables as results declare them: typed columns, raw values, one declaration per table.

An analysis result declares each of its tables once (name, title, columns with their kind and
unit, rows of raw values). The renderers in this package turn the same :class:`Table` into text
for a terminal, Markdown, tidy CSV and pandas frames; nothing is rounded or formatted before
that. The JSON document of a result is its :meth:`Result.document`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

#: Column kinds. "percent" holds a share (0.25 shows as 25.0%); "range" columns hold a pair
#: (low, high) or None, and their ``of`` says the kind of each end.
KINDS = ("text", "int", "number", "percent", "range")


@dataclass(frozen=True)
class Column:
    """One column: a machine key (CSV header, frame column), a label for people, a kind."""

    key: str
    label: str
    kind: str = "text"
    digits: int = 1
    unit: str = ""  # shown after the label for people, e.g. "points" or "£k"
    of: str = "number"  # for a "range": "number" or "percent"
    key_column: bool = False  # identifies the row: repeated when a wide table is split
    text: bool = True  # shown to people (text, Markdown); False: only in CSV and frames (ids)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.key!r}: kind {self.kind!r} not in {KINDS}")

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "number", "percent", "range")

    @property
    def heading(self) -> str:
        """The label with its unit, as people read it."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


#: What a table with no rows says when its result gives no sentence of its own.
NO_ROWS = "None."


@dataclass(frozen=True)
class Table:
    """A titled table of raw values; ``name`` is its id (``--table``, CSV file, frame key).

    A table with no rows is shown to people as its title and one sentence, ``empty`` (what is
    missing and why), never as an empty grid; its notes, which are about rows, are not shown.
    CSV and frames keep the header, as a machine expects."""

    name: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    notes: tuple[str, ...] = ()
    empty: str = ""  # said instead of the grid when there are no rows (default: NO_ROWS)

    def __post_init__(self) -> None:
        width = len(self.columns)
        for i, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"table {self.name!r} row {i} has {len(row)} cells, not {width}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @property
    def no_rows(self) -> str:
        """The sentence shown instead of the grid when the table has no rows."""
        return self.empty or NO_ROWS

    def for_people(self) -> Table:
        """The table without its machine-only columns (ids), as text and Markdown show it."""
        keep = [i for i, c in enumerate(self.columns) if c.text]
        if len(keep) == len(self.columns):
            return self
        return Table(
            self.name,
            self.title,
            tuple(self.columns[i] for i in keep),
            tuple(tuple(row[i] for i in keep) for row in self.rows),
            self.notes,
            self.empty,
        )


class Result(Protocol):
    """What every analysis returns: its tables for people and one JSON document."""

    def tables(self) -> Sequence[Table]: ...

    def document(self) -> dict[str, Any]: ...
