"""Tables as plain text for a terminal, made to fit the width they are given.

Readers are people at a terminal, often 80 columns wide. Text is left-aligned and numbers
right-aligned. When a table is too wide, headers and text cells wrap at word boundaries (text
cells down to :data:`MIN_TEXT` columns; numbers are never broken); if it still does not fit, the
other columns are split over several blocks that each repeat the key columns, every block after
the first headed "(continued)". When any row takes several lines, rows are separated by a blank
line.

Text may come from hostile files: control characters (C0, DEL, C1, line separators, bidi
controls) are shown escaped, as ``\\x1b``, and never sent to the terminal (in the title and notes,
which are wrapped as prose, tabs and newlines are only spaces). Display widths count East Asian
wide characters as two columns and combining marks as none.

There is no colour or other styling at all, so ``NO_COLOR`` and pipes need no special case.
"""

from __future__ import annotations

import functools
import os
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .cells import format_cell
from .escape import unshown
from .table import Table

GAP = "  "  # between columns
MIN_TEXT = 16  # text columns and header words are not squeezed below this unless they must be
MAX_WORD = 20  # words up to this long are not cut in text columns unless they must be
CONTINUED = "(continued)"
MISSING_TEXT = "–"
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def terminal_width(stream=None) -> int:
    """The width in columns of ``stream``'s terminal (standard output by default), ``COLUMNS``
    first, 80 when unknown; what ``shutil.get_terminal_size`` gives for standard output, without
    importing shutil and its compressors."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size((stream or sys.__stdout__).fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def visible(text: str) -> str:
    """The text with every control character shown as an escape (``\\x1b``, ``\\n``)."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if unshown(c) else c for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


@functools.lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if char == "\u00ad":
        return 1  # a soft hyphen is shown
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0  # combining marks and invisible format characters
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns the text takes on a terminal (for text already passed through :func:`visible`)."""
    return len(text) if text.isascii() else sum(_char_width(c) for c in text)


def _cut(word: str, width: int) -> tuple[str, str]:
    """The longest head of ``word`` within ``width`` (at least one character), and the rest."""
    used = 0
    for i, char in enumerate(word):
        used += _char_width(char)
        if used > width:
            return word[: max(i, 1)], word[max(i, 1) :]
    return word, ""


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken at spaces; words longer than that are cut."""
    if display_width(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for word in (w for w in text.split(" ") if w):
        size = display_width(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line:
            lines.append(line)
        while size > width:
            head, word = _cut(word, width)
            lines.append(head)
            size -= display_width(head)  # not the rest's again: that is quadratic in a long word
        line, used = word, size
    if line or not lines:
        lines.append(line)
    return lines


@dataclass(frozen=True)
class _Col:
    head: str
    cells: tuple[str, ...]
    right: bool
    key: bool
    #: Widths to trim towards, in order: natural (nothing wrapped), header on at most two lines,
    #: then text cells wrapped too, the narrowest we choose (SOFT), the narrowest possible (HARD).
    levels: tuple[int, int, int, int, int]


SOFT, HARD = 3, 4


def _narrowest(text: str, lines: int) -> int:
    """The narrowest width at which ``text`` wraps onto at most ``lines`` lines, words whole."""
    width = max(map(display_width, text.split(" ")))
    while len(wrap(text, width)) > lines:
        width += 1
    return width


def _prepare(table: Table) -> list[_Col]:
    cols = []
    for i, column in enumerate(table.columns):
        head = visible(column.heading)
        cells = tuple(visible(format_cell(column, row[i])) for row in table.rows)
        body = max(map(display_width, cells), default=0)
        natural = max(body, display_width(head), 1)
        if column.numeric:  # numbers are never broken; their headers may take more lines
            hard = max(body, min(natural, 2))
            soft = max(hard, min(max(map(display_width, head.split(" "))), MIN_TEXT))
            snug = max(soft, _narrowest(head, 2))
        else:
            hard = min(natural, 2)  # two, so a wide character always fits
            words = [w for text in (head, *cells) for w in text.split(" ")]
            longest = max(map(display_width, words), default=1)
            soft = min(natural, max(MIN_TEXT, min(longest, MAX_WORD)))  # words kept whole
            snug = max(soft, _narrowest(head, 2))
        levels = (natural, max(snug, body), snug, soft, hard)
        cols.append(_Col(head, cells, column.numeric, column.key_column, levels))
    return cols


def _fill(top: list[int], least: list[int], avail: int) -> list[int] | None:
    """Widths between ``least`` and ``top`` summing to at most ``avail``, the widest trimmed
    first; None if even ``least`` is too wide."""
    if sum(least) > avail:
        return None
    if sum(top) <= avail:
        return top

    def capped(cap: int) -> list[int]:
        return [max(m, min(t, cap)) for t, m in zip(top, least, strict=True)]

    low, high = 0, max(top)  # the largest cap that fits, by bisection
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if sum(capped(mid)) <= avail else (low, mid - 1)
    widths = capped(low)
    spare = avail - sum(widths)
    for i, t in enumerate(top):  # hand out what the cap left over
        if spare and widths[i] < t:
            widths[i] += 1
            spare -= 1
    return widths


def _fit(cols: list[_Col], width: int, floor: int) -> list[int] | None:
    """Widths within ``width`` going no further than level ``floor`` (SOFT or HARD), or None.

    Each level is tried in turn, so headers wrap onto two lines before any text cell wraps
    (a wrapped header costs one line, a wrapped cell one per row)."""
    avail = width - len(GAP) * (len(cols) - 1)
    for level in range(floor):
        widths = _fill([c.levels[level] for c in cols], [c.levels[level + 1] for c in cols], avail)
        if widths is not None:
            return widths
    return None


def _pack(
    cols: list[_Col], keys: list[int], rest: list[int], width: int, most: int
) -> list[list[int]]:
    """Consecutive groups of the ``rest`` columns, at most ``most`` each, that fit beside the keys."""
    groups: list[list[int]] = [[]]
    for i in rest:
        trial = groups[-1] + [i]
        fits = _fit([cols[j] for j in sorted(keys + trial)], width, SOFT) is not None
        if not groups[-1] or (len(trial) <= most and fits):
            groups[-1] = trial
        else:
            groups.append([i])
    return groups


def _layout(cols: list[_Col], width: int) -> list[tuple[list[int], list[int]]]:
    """Blocks of (column indices, widths): one if the table fits, else as few as possible, each
    repeating the key columns, with the other columns spread over them evenly."""
    keys = [i for i, c in enumerate(cols) if c.key]
    rest = [i for i, c in enumerate(cols) if not c.key]
    groups = _pack(cols, keys, rest, width, len(rest))
    even = _pack(cols, keys, rest, width, -(-len(rest) // len(groups)))
    groups = even if len(even) == len(groups) else groups
    blocks = []
    for group in groups:
        idx = sorted(keys + group)
        chosen = [cols[i] for i in idx]
        widths = _fit(chosen, width, HARD) or [c.levels[HARD] for c in chosen]  # or overflow
        blocks.append((idx, widths))
    return blocks


def _line(parts: Iterable[str], cols: list[_Col], widths: list[int]) -> str:
    cells = []
    for text, col, w in zip(parts, cols, widths, strict=True):
        pad = " " * (w - display_width(text))
        cells.append(pad + text if col.right else text + pad)
    return GAP.join(cells).rstrip(" ")


def _block(cols: list[_Col], widths: list[int], nrows: int) -> list[str]:
    heads = [wrap(c.head, w) for c, w in zip(cols, widths, strict=True)]
    rows = [[wrap(c.cells[r], w) for c, w in zip(cols, widths, strict=True)] for r in range(nrows)]
    # Each column only as wide as its widest wrapped line: wrapping at words may leave room.
    columns = [[heads[j], *(row[j] for row in rows)] for j in range(len(cols))]
    widths = [max(display_width(s) for lines in col for s in lines) or 1 for col in columns]
    height = max(map(len, heads))
    heads = [[""] * (height - len(h)) + h for h in heads]  # headers sit on the rule
    out = [line for k in range(height) if (line := _line((h[k] for h in heads), cols, widths))]
    out.append(GAP.join("-" * w for w in widths))
    spaced = any(len(cell) > 1 for row in rows for cell in row)
    for r, row in enumerate(rows):
        if spaced and r:
            out.append("")
        for k in range(max(map(len, row))):
            out.append(_line((cell[k] if k < len(cell) else "" for cell in row), cols, widths))
    return out


def _prose(text: str, width: int) -> list[str]:
    """A title or note as wrapped lines: tabs and newlines are only spaces here."""
    return wrap(visible(text.translate({9: " ", 10: " "})).strip(" "), width)


#: A table with at least this many columns of prose that does not fit is shown as records.
RECORD_TEXT_COLUMNS = 3


def _records(table: Table, cols: list[_Col], width: int) -> list[str]:
    """Each row as a short record: its key cells on one line, then every other cell under its
    label, wrapped with a hanging indent (for tables of prose too wide for columns)."""
    keys = [i for i, c in enumerate(cols) if c.key] or [0]
    out: list[str] = []
    for r in range(len(table.rows)):
        if r:
            out.append("")
        head = " · ".join(cols[i].cells[r] for i in keys)
        out += wrap(head, width)
        for i, c in enumerate(cols):
            if i in keys or cols[i].cells[r] == MISSING_TEXT:
                continue
            lines = wrap(f"{c.head}: {c.cells[r]}", max(10, width - 4))
            out += ["    " + line for line in lines]
    return out


def _is_prose(table: Table, cols: list[_Col], width: int) -> bool:
    prose = [c for c in cols if not c.right and not c.key]
    natural = sum(c.levels[0] for c in cols) + len(GAP) * (len(cols) - 1)
    return len(prose) >= RECORD_TEXT_COLUMNS and natural > width


def render_text(table: Table, width: int, records: bool | None = None) -> str:
    """The table as text whose lines fit in ``width`` columns whenever that is possible;
    ``records``: shown as records (or not) whatever its own width would choose."""
    width = max(width, 1)
    cols = _prepare(table)
    out: list[str] = []
    if table.title.strip():
        out += [*_prose(table.title, width), ""]
    if not table.rows:  # a sentence, not a grid of headers
        return "\n".join([*out, *_prose(table.no_rows, width)]) + "\n"
    if records is None:
        records = bool(cols) and _is_prose(table, cols, width)
    if cols and records:
        out += _records(table, cols, width)
        for note in table.notes:
            if note.strip():
                out += ["", *_prose(note, width)]
        return "\n".join(out) + "\n"
    for n, (idx, widths) in enumerate(_layout(cols, width) if cols else []):
        if n:
            out += ["", CONTINUED]
        out += _block([cols[i] for i in idx], widths, len(table.rows))
    for note in table.notes:
        if note.strip():
            out += ["", *_prose(note, width)]
    return "\n".join(out) + "\n"


def render_text_all(tables: Iterable[Table], width: int) -> str:
    """Several tables, a blank line between them. Tables of the same columns (one per option,
    say) take one layout: all as records when any of them needs to be, so that one output does
    not show the same kind of table two ways."""
    tables = list(tables)
    width = max(width, 1)
    shapes = [_shape(t) for t in tables]
    many = {shape for shape, n in Counter(shapes).items() if n > 1}
    records: dict[tuple, bool] = {}
    for t, shape in zip(tables, shapes, strict=True):
        if t.rows and shape in many and not records.get(shape):
            records[shape] = _is_prose(t, _prepare(t), width)
    return "\n".join(
        render_text(t, width, records.get(shape)) for t, shape in zip(tables, shapes, strict=True)
    )


def _shape(table: Table) -> tuple:
    """What makes two tables the same kind: their columns."""
    return tuple((c.key, c.label, c.kind) for c in table.columns)
