"""Numbers as the paper shows them: one rounding rule, units from the criterion's scale.

The rule: points on the 0-100 scale and percentages of weight are shown to one decimal place;
where parts are shown beside their total (contributions to a score, weight moved between
criteria), the parts are rounded by the largest-remainder method so that the shown parts add up
to the shown total. In a table of parts (figure 1), equal parts are shown equal as well: parts
of the same value, in any row, are rounded up or down together, and a row whose parts then miss
its total says so under the table (:func:`apportion_table`). Shares of trials are whole percentages, with "fewer than 1%" and "more than
99%" rather than a rounded 0% or 100% that did not happen. A raw score is shown on its
criterion's own scale, with that scale's unit where the criterion names one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from ..model.risks import SCALE as RISK_SCALE
from ..model.types import Criterion

DASH = "–"  # an en dash for ranges


def apportion(values: Sequence[float], digits: int = 1) -> list[float]:
    """Round ``values`` to ``digits`` places so that they add up to their rounded total.

    Positive and negative parts are apportioned separately (each against its own rounded sum),
    so "move 3.8 points from A (-2.5), B (-1.3) to C (+3.8)" always adds up on both sides.
    """
    scale = 10**digits
    out = [0.0] * len(values)
    for sign in (1, -1):
        idx = [i for i, v in enumerate(values) if sign * v > 0]
        if not idx:
            continue
        exact = [abs(values[i]) * scale for i in idx]
        target = round(sum(exact))
        floors = [math.floor(x) for x in exact]
        short = target - sum(floors)
        order = sorted(range(len(idx)), key=lambda k: (-(exact[k] - floors[k]), k))
        for k in order[: max(0, short)]:
            floors[k] += 1
        for k, i in enumerate(idx):
            out[i] = sign * floors[k] / scale
    return out


def apportion_table(rows: Sequence[Sequence[float]], digits: int = 1) -> list[list[float]]:
    """Round each row of parts as :func:`apportion` does, except that equal parts are shown equal.

    Parts of the same value, anywhere in the table, form one group, rounded up or down together.
    The largest remainders go up first, a whole group at a time, while every row it falls in
    still needs a unit for its parts to add up to its rounded total. A group that would overshoot
    some row goes whichever way leaves the rows it falls in nearer their totals (equally near: as
    ordinary rounding would), and once a group stays down, no smaller remainder in its rows goes
    up, so a larger part is never shown smaller. A row's shown parts can then miss its rounded
    total by a unit or so of the last place; the table must say so. Positive and negative parts
    are apportioned separately, as in :func:`apportion`.
    """
    scale = 10**digits
    out = [[0] * len(r) for r in rows]
    need: dict[tuple[int, int], int] = {}  # (row, sign): units still to give for it to add up
    groups: dict[tuple[int, float], list[tuple[int, int]]] = {}  # (sign, units): its cells
    for i, r in enumerate(rows):
        for sign in (1, -1):
            cells = [j for j, v in enumerate(r) if sign * v > 0]
            if not cells:
                continue
            # in units of the last place shown, to a millionth: equal values stay equal through
            # floating-point noise, with one floor and one remainder
            units = {j: round(abs(float(r[j])) * scale, 6) for j in cells}
            floors = {j: math.floor(u) for j, u in units.items()}
            need[(i, sign)] = round(sum(abs(float(r[j])) * scale for j in cells)) - sum(
                floors.values()
            )
            for j in cells:
                out[i][j] = sign * floors[j]
                groups.setdefault((sign, units[j]), []).append((i, j))
    closed: set[tuple[int, int]] = set()  # rows (and signs) where no part may go up any more

    def remainder(units: float) -> float:
        return round(units % 1, 6)

    # largest remainder first; of equal remainders, a smaller group first (it fits more often)
    order = sorted(groups.items(), key=lambda g: (-remainder(g[0][1]), len(g[1]), g[1][0]))
    for (sign, u), cells in order:
        rem = remainder(u)
        if rem <= 0:
            continue
        rows_in = Counter((i, sign) for i, _ in cells)
        if any(k in closed for k in rows_in):
            up = False
        elif all(need[k] >= n for k, n in rows_in.items()):
            up = True
        else:
            short = sum(abs(need[k]) for k in rows_in)
            over = sum(abs(need[k] - n) for k, n in rows_in.items())
            up = over < short or (over == short and rem >= 0.5)
        if up:
            for k, n in rows_in.items():
                need[k] -= n
            for i, j in cells:
                out[i][j] += sign
        else:
            closed.update(rows_in)
    return [[x / scale for x in r] for r in out]


def points(x: float, signed: bool = False) -> str:
    """A number of points on the 0-100 scale, one decimal place."""
    x = 0.0 if abs(x) < 0.05 else x
    return f"{x:+.1f}" if signed else f"{x:.1f}"


def pct(share: float) -> str:
    """A share (0-1) as a whole percentage, never a rounded 0% or 100% that did not happen."""
    if share <= 0:
        return "0%"
    if share >= 1:
        return "100%"
    if share < 0.005:
        return "fewer than 1%"
    if share > 0.995:
        return "more than 99%"
    return f"{100 * share:.0f}%"


def weight_pct(w: float) -> str:
    """A normalised weight as a percentage with one decimal place."""
    return f"{100 * w:.1f}%"


def count(n: int) -> str:
    return f"{n:,}"


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(n: int) -> str:
    """A count as a sentence may begin with it: 'two', up to ten; larger counts in figures."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


def _decimals(c: Criterion) -> int:
    """Enough decimals to show a thousandth of the scale's width, no more."""
    width = abs(c.scale[1] - c.scale[0]) or 1.0
    return max(0, 3 - math.floor(math.log10(width)) - 1)


def unit(c: Criterion) -> str:
    """The criterion's unit, where its record names one (e.g. "£k" or "months")."""
    return str(getattr(c, "unit", "") or "")


def number(x: float, decimals: int) -> str:
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def raw(c: Criterion, x: float, with_unit: bool = True) -> str:
    """A raw score on the criterion's own scale: "1,364" or "£1,364k" style with the unit."""
    text = number(x, _decimals(c))
    u = unit(c)
    if not (with_unit and u):
        return text
    if u in ("£", "$", "€"):
        return f"{u}{text}"
    return f"{text} {u}"


def raw_finer(c: Criterion, x: float) -> str:
    """A raw score one decimal place finer than :func:`raw` shows a score: where a switch
    happens (61.94 is "61.9", never "62", which would put it on the wrong side)."""
    return _with_unit(c, number(x, _decimals(c) + 1))


def _with_unit(c: Criterion, text: str) -> str:
    u = unit(c)
    if not u:
        return text
    return f"{u}{text}" if u in ("£", "$", "€") else f"{text} {u}"


def scale_text(c: Criterion) -> str:
    """The criterion's scale: "0–100", "0–2,000 £k"."""
    lo, hi = (number(v, _decimals(c)) for v in c.scale)
    u = unit(c)
    return f"{lo}{DASH}{hi}" + (f" {u}" if u else "")


def raw_range(c: Criterion, lo: float, hi: float) -> str:
    return f"{raw(c, lo, False)}{DASH}{raw(c, hi)}"


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def uk_date(text: str) -> str:
    """A date as UK prose writes it: "2016-04-26" as "26 April 2016", "2016-10" as "October
    2016" (GOV.UK style guide, "Dates"); anything else, or an impossible date, as it is."""
    import re

    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", (text or "").strip())
    if not m:
        return text
    year, month, day = int(m[1]), int(m[2]), m[3]
    if not 1 <= month <= 12:
        return text
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    import datetime as dt

    try:
        dt.date(year, month, int(day))
    except ValueError:
        return text
    return f"{int(day)} {MONTHS[month - 1]} {year}"


#: The top of the risk matrix: the highest likelihood times the highest impact (5 x 5 = 25).
RISK_TOP = RISK_SCALE[1] ** 2


def risk_score(score: int, band: str = "") -> str:
    """A risk score with its scale: "20 of 25 (high)" (a bare "20 (high)" leaves the reader
    to guess the scale)."""
    return f"{score} of {RISK_TOP}" + (f" ({band})" if band else "")


def join_words(items: Sequence[str], last: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def score_rows(criteria, options, with_unit: bool = True) -> tuple[tuple[str, ...], ...]:
    """A scores table's rows, one a criterion: its name and scale (a cost marked "lower is
    better" where its score is read), then each option's score with its plausible range."""
    return tuple(
        (
            f"{cr.name} ({scale_text(cr)}"
            + (", lower is better)" if cr.direction == "cost" else ")"),
            *(
                f"{raw(cr, o.scores[cr.id].value, with_unit)} "
                f"({raw_range(cr, o.scores[cr.id].low, o.scores[cr.id].high)})"
                for o in options
            ),
        )
        for cr in criteria
    )
