"""Reading TOML files safely, and typed field access that records problems instead of stopping."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import OptionsError, Problem

#: Why two different-looking ids clash (the identity rule of :mod:`.ids`).
SAME_ID = "(ids ignore case and Unicode normalisation)"

#: The longest name or title: a label, shown wherever its criterion, option or stakeholder is
#: (some forty times in the paper, where a stranger's 200,000-character name took the PDF past
#: ten minutes and a gigabyte). The longest in the bundled appraisals is 81 characters.
MAX_NAME = 500
#: The longest id given as a table key (a criterion, objective or requirement), likewise shown
#: throughout; an option's or stakeholder's id is its file name, which the file system bounds.
MAX_ID = 200
#: The longest text field (a description, rationale, piece of evidence): the longest in the
#: bundled appraisals is 1,634 characters.
MAX_TEXT = 50_000
#: The longest date given as text ("2017-04", "spring 2017"): shown as a label is.
MAX_DATE = 100
#: The fields that are names (labels), held to :data:`MAX_NAME`.
NAME_KEYS = frozenset({"name", "title"})

# The supported size (docs/format.md): above it the analyses' time grows past what anyone waits
# for (3,000 options took `options smaa` over 300 s, 2,000 criteria `options check` 115 s), so a
# larger workspace is refused in one line rather than left to run. Each bound is well above the
# benchmarks' largest appraisal, 3,000 options x 100 criteria with 3,000 statements.
MAX_OPTIONS = 5_000  # option files in options/
MAX_CRITERIA = 200  # [criteria.<id>] tables
MAX_OBJECTIVES = 200  # [objectives.<id>] tables
MAX_STAKEHOLDERS = 200  # weights files in weights/
MAX_STATEMENTS = 5_000  # [[statements]] in one weights file
#: The most coefficients the rows of one weights file's statements may hold, counted (an upper
#: bound: :func:`.statements.row_entries`) before any row is made, a repeated statement once.
#: Each row is kept over every criterion, so this is rows times criteria. A record at the caps
#: that can hold needs some 10 million: 5,000 comparisons of real options over 200 criteria
#: (1 million), one ``"*"`` over 5,000 options (1 million; two would conflict) and a swing with
#: ranges over every criterion (200 x 199 rows of 200: 8 million). 1,000 different ``"*"``
#: statements over 1,000 options and 20 criteria (20 million) took 3.4 GB and crashed the
#: solver when memory ran out; 30 swings with ranges over 200 criteria (240 million), 3 GB.
MAX_STATEMENT_ENTRIES = 10_000_000

#: The largest TOML file read. The largest in the bundled appraisals is 26 KB and a weights
#: file at :data:`MAX_STATEMENTS` with a source and a sentence of evidence each some 2 MB, so
#: 8 MB leaves a margin of four; the parser needs up to ~80 bytes of memory per byte read, and
#: 64 MB (the cap on other inputs) of empty inline tables took it past 4.5 GB and an abort.
MAX_TOML = 8 * 2**20
#: The most values one TOML file may hold, counted before parsing as its ``{ [ , =`` characters
#: (each value but the first in a list or table costs one, so the count bounds them; text
#: holding such characters only adds to it). A file at the caps needs some 50,000 (5,000
#: statements of about ten each); at 500,000 the parser's peak stays near 250 MB, where 20
#: million made it abort.
MAX_VALUES = 500_000


def too_many(count: int, most: int, what: str) -> str | None:
    """The problem's wording when ``count`` ``what`` exceed the supported ``most``, else None."""
    if count <= most:
        return None
    return (
        f"holds {count:,} {what}; the supported size is at most {most:,} "
        "(docs/format.md, Supported size)"
    )


def nth(fld: str, i: int) -> str:
    """The field of a list's item ``i`` (counted from 0) as users count: ``risk_register[1]``
    is the first, as its default id is R1 and a weights file's first statement "statement 1"."""
    return f"{fld}[{i + 1}]"


def rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_toml(path: Path, shown: str, root: Path | None = None) -> dict[str, Any]:
    """Read a TOML file, as UTF-8 with or without a byte-order mark; a file found in the
    workspace ``root`` must not lead outside it (:func:`delivery_options.files.read_input`)."""
    from ..files import read_input

    data = read_input(path, shown, root, limit=MAX_TOML)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            why = "is not UTF-8 text but UTF-16 (what Notepad calls Unicode); save it as UTF-8"
        else:
            body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data  # where exc counts
            why = f"is not UTF-8 text ({_place(body, exc.start)}); save it as UTF-8"
        raise OptionsError(Problem(shown, "", why)) from None
    return parse_toml(text, shown)


def _place(data: bytes, at: int) -> str:
    """'line 12, column 8' for byte ``at`` of ``data``, the first that is not UTF-8: the column
    counts the characters before it on its line."""
    start = data.rfind(b"\n", 0, at) + 1
    before = data[start:at].decode("utf-8", errors="replace")
    line = data.count(b"\n", 0, at) + 1
    return f"line {line}, column {len(before) + 1}"


#: A number with a decimal point, standing alone (not part of a dotted key such as ``k1.2.a``).
_POINT = re.compile(r"(?<![\w.+-])[+-]?\d[\d_]*\.\d[\d_]*(?:[eE][+-]?\d+)?(?![\w.])")


def _key_dots(text: str) -> int:
    """The dots that are not a number's decimal point: each may make a table (``a.b.c = 1`` is
    three tables for one ``=``), so they count as values do."""
    return text.count(".") - len(_POINT.findall(text))


def parse_toml(text: str, shown: str) -> dict[str, Any]:
    """Parse TOML text with rtoml (Rust; about 12 times faster than tomllib on a 1,000-option
    workspace), falling back to the standard library's parser when rtoml is not installed.
    Refused before parsing when it may hold more than :data:`MAX_VALUES` values: the parser's
    memory follows the values, not the bytes, and runs out with an abort, not an exception."""
    marks = sum(text.count(ch) for ch in "{[,=") + _key_dots(text)
    if marks > MAX_VALUES:
        raise OptionsError(
            Problem(
                shown,
                "",
                f"holds {marks:,} of the characters {{ [ , = and dots outside numbers (each may "
                f"start a value or a table); a file "
                f"holds at most {MAX_VALUES:,} (docs/format.md, Supported size)",
            )
        )
    try:
        import rtoml
    except ImportError:  # pragma: no cover - rtoml is a dependency; tomllib is the fallback
        rtoml = None
    if rtoml is not None:
        try:
            data = rtoml.loads(text)
        except rtoml.TomlParsingError as exc:
            message = " ".join(str(exc).split())
            kind = "a number too large to use" if "overflow" in message else "TOML syntax error"
            why = f"{kind}: {message}{_percent(text, message)}"
            raise OptionsError(Problem(shown, "", why)) from None
        except (ValueError, OverflowError) as exc:
            raise OptionsError(Problem(shown, "", f"TOML value error: {exc}")) from None
        if not isinstance(data, dict):
            raise OptionsError(Problem(shown, "", "TOML syntax error: not a table"))
        return data
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OptionsError(
            Problem(shown, "", f"TOML syntax error: {exc}{_percent(text, str(exc))}")
        ) from None


#: A number written with a per cent sign, outside quotes: ``40%``, ``12.5 %``.
_PERCENT = re.compile(r"(?<![\w.\"'])([+-]?\d[\d_]*(?:\.\d+)?)\s*%")


def _percent(text: str, message: str) -> str:
    """What to add to a syntax error on a line holding a number with a per cent sign: weights
    and scores are plain numbers."""
    found = re.search(r"line (\d+)", message)
    lines = text.splitlines()
    if not found or not 0 < int(found.group(1)) <= len(lines):
        return ""
    line = re.sub(r"\"[^\"]*\"|'[^']*'", '""', lines[int(found.group(1)) - 1])
    number = _PERCENT.search(line.split("#")[0])
    if not number:
        return ""
    n = number.group(1)
    return f'; a weight or score is a number: write {n}, not {n}% or "{n}%"'


class Checker:
    """Typed access to one parsed file that records problems instead of stopping at the first."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def fail(self, fld: str, message: str) -> None:
        self.problems.append(Problem(self.file, fld, message))

    def table(self, data: Mapping[str, Any], key: str, fld: str, required: bool = False) -> dict:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(fld, "is required")
            return {}
        if not isinstance(value, dict):
            self.fail(fld, "must be a table")
            return {}
        return value

    def text(self, data: Mapping[str, Any], key: str, fld: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(fld, "is required")
            return ""
        if not isinstance(value, str):
            self.fail(fld, "must be text")
            return ""
        if required and not value.strip():
            self.fail(fld, "must not be empty")
        most = MAX_NAME if key in NAME_KEYS else MAX_TEXT
        return value if self.short(value, fld, most) else value[:most]

    def short(self, value: str, fld: str, most: int = MAX_TEXT, what: str = "") -> bool:
        """Whether ``value`` is at most ``most`` characters; a problem if not."""
        if len(value) <= most:
            return True
        kind = what or ("a name" if most == MAX_NAME else "a text field")
        self.fail(fld, f"is {len(value):,} characters; {kind} holds at most {most:,}")
        return False

    def number(self, value: Any, fld: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            per_cent = isinstance(value, str) and _PERCENT.fullmatch(value.strip())
            if per_cent:
                n = per_cent.group(1)
                self.fail(fld, f'must be a number: write {n}, not "{value}" (no quotes, no %)')
            else:
                self.fail(fld, f"must be a number, not {describe(value)}")
            return None
        try:
            x = float(value)
        except OverflowError:
            x = math.inf
        if not math.isfinite(x):
            shown = value if isinstance(value, float) else "a whole number too large to use"
            self.fail(fld, f"must be a finite number, not {shown}")
            return None
        return x

    def texts(self, value: Any, fld: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            self.short(value, fld)
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(fld, "must be a list of text")
            return ()
        for i, v in enumerate(value):
            self.short(v, nth(fld, i))
        return tuple(value)

    def table_entries(
        self, raw: Mapping[str, Any], prefix: str, kind: str
    ) -> Iterator[tuple[str, str, dict]]:
        """(id, field, table) for each ``[prefix.<id>]`` table: empty ids, ids that differ only
        in letter case, and entries that are not tables, are reported and skipped."""
        from .ids import identity

        seen: dict[str, str] = {}
        for key, spec in raw.items():
            fld = f"{prefix}.{key[:40]}..." if len(key) > MAX_ID else f"{prefix}.{key}"
            if not self.short(key, fld, MAX_ID, f"a {kind} id"):
                continue
            if not key.strip():  # "" is the value tree's root, and no name to show
                article = "an" if kind[:1] in "aeiou" else "a"
                self.fail(fld, f"{article} {kind}'s id must not be empty")
                continue
            if identity(key) in seen:
                self.fail(fld, f"clashes with {kind} '{seen[identity(key)]}' {SAME_ID}")
                continue
            seen[identity(key)] = key
            if not isinstance(spec, dict):
                self.fail(fld, "must be a table")
                continue
            yield key, fld, spec

    def unknown_keys(self, data: Mapping[str, Any], allowed: Iterable[str], prefix: str) -> None:
        allowed = set(allowed)
        for key in data:
            if key not in allowed:
                self.fail(f"{prefix}{key}", f"unknown field (expected one of: {listing(allowed)})")


def did_you_mean(word: Any, known: Iterable[str]) -> str:
    """``; did you mean 'x'?`` when a known id is close to ``word`` (letter case aside), else
    nothing: for a mistyped criterion, option or stakeholder alike."""
    known = list(known)
    if isinstance(word, str) and known:
        import difflib  # only once a name is wrong: start-up time matters

        folded = {k.casefold(): k for k in known}
        close = difflib.get_close_matches(word.casefold(), list(folded), n=1)
        if close:
            return f"; did you mean '{folded[close[0]]}'?"
    return ""


def hint(word: Any, known: Iterable[str]) -> str:
    """What to add to "unknown ...": :func:`did_you_mean`, else the known ids when there are
    at most 8, else nothing."""
    known = list(known)
    if close := did_you_mean(word, known):
        return close
    if 0 < len(known) <= 8:
        return f"; known: {', '.join(known)}"
    return ""


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def listing(items: Iterable[str]) -> str:
    return ", ".join(sorted(items))


# --- writing ---------------------------------------------------------------------------------


def toml_string(text: str, multiline: bool = False) -> str:
    """A TOML basic string holding ``text`` exactly: quotes, backslashes and control characters
    escaped (TOML 1.0, section "String"); ``multiline`` keeps newlines and tabs as they are."""
    named = {} if multiline else {"\n": "\\n", "\t": "\\t"}
    keep = "\n\t" if multiline else ""
    out = []
    for ch in text:
        if ch in keep:
            out.append(ch)
        elif ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch in named:
            out.append(named[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    body = "".join(out)
    return f'"""\n{body}"""' if multiline else f'"{body}"'


def toml_key(key: str) -> str:
    """A key as TOML needs it: bare when it can be, else quoted."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)
