"""The paper as a sequence of blocks, one structure for every output format.

Compose (``compose.py``) turns the analysis into blocks; the HTML and Markdown templates and the
Word writer (``word.py``) each render the same blocks, so the formats say the same things in the
same order. Every text field holds plain text: each renderer escapes it for its own reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Heading:
    level: int  # 1: a numbered section, a part (one of the five cases) or an annex; 2, 3 within
    text: str
    anchor: str = ""
    kind: str = "heading"
    part: bool = False  # a part's heading: the numbered sections after it are its own


@dataclass(frozen=True)
class Entry:
    """A line of the contents: a heading (None for the annexes' group, which has none of its
    own), its text, and the headings nested under it."""

    heading: Heading | None
    text: str
    children: tuple[Heading, ...] = ()

    @property
    def anchor(self) -> str:
        return self.heading.anchor if self.heading else ""


@dataclass(frozen=True)
class Para:
    text: str
    lead: str = ""  # a bold lead-in ("Recommendation.")
    style: str = ""  # "", "note", "headline", "quote"
    kind: str = "para"


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]
    ordered: bool = False
    kind: str = "items"


@dataclass(frozen=True)
class Grid:
    """A table of text cells with a header row; ``numeric`` right-aligns a column."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    notes: tuple[str, ...] = ()
    small: bool = False
    widths: tuple[float, ...] = ()  # relative column widths (Word, PDF); empty: automatic
    kind: str = "grid"

    def is_numeric(self, j: int) -> bool:
        return j < len(self.numeric) and self.numeric[j]


@dataclass(frozen=True)
class Figure:
    number: int
    caption: str
    reading: str
    alt: str  # the text alternative: what the chart shows, in a sentence or two
    svg: str
    png: bytes | None
    table: Grid
    kind: str = "figure"


@dataclass(frozen=True)
class Box:
    """The decision box: label and text pairs, shown framed on the first page."""

    title: str
    rows: tuple[tuple[str, str], ...]
    kind: str = "box"


@dataclass(frozen=True)
class Contents:
    kind: str = "contents"


@dataclass(frozen=True)
class Break:
    """A page break (print and Word only)."""

    kind: str = "break"


@dataclass
class Document:
    kind: str  # "paper" or "submission"
    title: str
    subtitle: str
    marking: str
    cover: tuple[tuple[str, str], ...]  # label, value: organisation, author, date, ...
    blocks: list = field(default_factory=list)
    language: str = "en-GB"
    cuts: list = field(default_factory=list)  # (where, what is left out and where it is)
    _anchors: set = field(default_factory=set)

    def __post_init__(self) -> None:
        # one line each: they become the PDF's and Word's title and subject, where a line
        # break (a workspace title's CR, LF or U+2028) forged a line of what a reader prints
        self.title, self.subtitle, self.marking = (
            " ".join(x.split()) for x in (self.title, self.subtitle, self.marking)
        )

    def add(self, *blocks) -> None:
        for b in blocks:
            if isinstance(b, Heading) and not b.anchor:
                b = replace(b, anchor=self._anchor(b.text))
            self.blocks.append(b)

    def cut(self, where: str, text: str) -> str:
        """Record a cut (a table's first rows, a list's first items) made at ``where`` and
        return its wording, so that the paper says each where it is made and lists them all.
        The command that prints everything is given only in the list (Annex G, the audit):
        where the cut is made, the paper refers to it there."""
        if all(text != said for _, said in self.cuts):
            self.cuts.append((where, text))
        return without_command(text)

    def _anchor(self, text: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48] or "section"
        anchor, n = base, 2
        while anchor in self._anchors:
            anchor, n = f"{base}-{n}", n + 1
        self._anchors.add(anchor)
        return anchor

    def contents(self) -> list[Heading]:
        """The numbered sections, the parts (the five cases) between them, and the annexes."""
        return [b for b in self.blocks if isinstance(b, Heading) and b.level == 1]

    def contents_tree(self) -> list[Entry]:
        """The contents nested by section: each part (one of the five cases) with its numbered
        sections under it, the annexes under one line of their own; a section before the first
        part stands alone."""
        out: list[Entry] = []
        for h in self.contents():
            last = out[-1] if out else None
            if h.part:
                out.append(Entry(h, h.text))
            elif h.text.startswith("Annex"):
                if last is None or last.heading is not None:
                    out.append(Entry(None, ANNEXES))
                out[-1] = replace(out[-1], children=(*out[-1].children, h))
            elif last is not None and last.heading is not None and last.heading.part:
                out[-1] = replace(last, children=(*last.children, h))
            else:
                out.append(Entry(h, h.text))
        return out

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    def grids(self) -> list[Grid]:
        out = []
        for b in self.blocks:
            if isinstance(b, Grid):
                out.append(b)
            elif isinstance(b, Figure):
                out.append(b.table)
        return out


ANNEXES = "Annexes"

#: a command line of the tool, as a cut names it: "options risks -f csv", "`options infer -w X`"
_COMMAND = re.compile(
    r"`?\boptions (?:screen|rank|risks|infer|sensitivity|compare|check|smaa|report)\b"
    r"[^`;]*?`?(?=\.?$|\s+gives\b)"
)


def without_command(text: str) -> str:
    """A cut's wording for the main text: its command line replaced by where it is given."""
    return _COMMAND.sub("the command given in Annex G", text)
