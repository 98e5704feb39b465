"""Charts for the paper, drawn with matplotlib: inline SVG for HTML and PDF, PNG for Word.

Each chart summarises rather than draws everything: at most ``TOP_OPTIONS`` options and
``TOP_CRITERIA`` criteria (the rest gathered as "other criteria", each named in the caption and
under the table; within their objective in a value tree), so a 300-option appraisal gets a
readable chart. Each comes with a caption, a reading computed from the numbers in its
table (``readings.py``), a text alternative and the table itself, so a screen reader or a
black-and-white printout loses nothing. Labels are text, never TeX ("$5m" keeps its dollar
sign). Output is deterministic: a fixed hash salt, no date in the metadata.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np

TOP_OPTIONS = 8
TOP_CRITERIA = 7
HATCHES = ("", "//", "..", "xx", "\\\\", "--", "++", "oo", "||", "**")
COLOURS = ("#1b3a5c", "#4f7cac", "#9ec1e0", "#c9d9e8", "#6b8e23", "#b5c99a", "#8c6d46", "#d6c2a1")


@dataclass(frozen=True)
class Drawn:
    svg: str
    png: bytes | None


def _setup():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.hashsalt": "delivery-options",
            "svg.fonttype": "none",
            "font.family": "DejaVu Sans",
            "font.size": 8,
            "hatch.linewidth": 0.5,
            "axes.spines.top": False,
            "axes.spines.right": False,
            # workspace text is never TeX: "$5m" keeps its dollar sign, "\foo" cannot fail
            "text.parse_math": False,
            "text.usetex": False,
        }
    )
    return plt


def _finish(fig, alt: str, png: bool) -> Drawn:
    import warnings

    import matplotlib.pyplot as plt

    buf = io.StringIO()
    data = None
    with warnings.catch_warnings():  # a glyph the font lacks is drawn as a box, not a warning
        warnings.filterwarnings("ignore", "Glyph .* missing", UserWarning)
        fig.savefig(
            buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight"
        )
        if png:
            raw = io.BytesIO()
            fig.savefig(
                raw, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None}
            )
            data = raw.getvalue()
    plt.close(fig)
    text = buf.getvalue()
    text = re.sub(r"^<\?xml[^>]*>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)
    # an accessible image: role, a title read by screen readers, and a longer description
    head, rest = text.split(">", 1)
    from ..present.escape import html as html_text

    safe = html_text(alt)  # workspace names in the text: controls shown as escapes
    text = (
        head.replace("<svg ", f'<svg role="img" aria-label="{safe}" ', 1)
        + f"><title>{safe}</title>"
        + rest
    )
    return Drawn(text, data)


def _wrap(text: str, width: int = 38) -> str:
    """A label as matplotlib shows it: escaped for a chart (no controls, ``$`` never maths, a
    leading ``_`` kept in the legend), wrapped to ``width``."""
    import textwrap

    from ..present.escape import chart

    plain = chart(text)
    return "\n".join(textwrap.wrap(plain, width)) or plain


#: With a value tree, each top-level objective's criteria take shades of one hue (and hatches
#: of their own), so the bars read by objective as well as by criterion.
FAMILIES = (
    ("#1b3a5c", "#4f7cac", "#9ec1e0", "#c9d9e8"),
    ("#4b6b1a", "#6b8e23", "#a3bf6e", "#d5e4b8"),
    ("#6b4f2e", "#8c6d46", "#bfa07a", "#e3d3bd"),
    ("#4a2f5c", "#7a5a96", "#b39dc9", "#ddd1ea"),
    ("#3a3a3a", "#6b6b6b", "#a6a6a6", "#d9d9d9"),
)


def _part_colours(groups: list[str] | None, n: int) -> list[str]:
    if not groups:
        return [COLOURS[j % len(COLOURS)] for j in range(n)]
    order = list(dict.fromkeys(groups))
    seen: dict[str, int] = {}
    out = []
    for g in groups:
        k = seen.get(g, 0)
        seen[g] = k + 1
        family = FAMILIES[order.index(g) % len(FAMILIES)]
        out.append(family[k % len(family)])
    return out


def contributions(
    labels: list[str],
    parts: np.ndarray,
    part_labels: list[str],
    alt: str,
    png: bool = False,
    totals=None,
    groups: list[str] | None = None,
) -> Drawn:
    """Stacked horizontal bars: each option's score split by criterion, in rank order; each bar
    labelled with its overall score (``totals``, or the sum of its parts when not given). With
    ``groups`` (each part's objective, a value tree), each objective's parts share a hue and
    the key lists them under the objective's name, one column per objective."""
    from matplotlib.patches import Patch

    plt = _setup()
    m, n = parts.shape
    grouped = bool(groups) and len(set(groups)) > 1 and len(groups) == n
    colours = _part_colours(groups if grouped else None, n)
    fig, ax = plt.subplots(figsize=(7.0, 0.42 * m + 1.4))
    left = np.zeros(m)
    y = np.arange(m)[::-1]
    handles = []
    for j in range(n):
        bars = ax.barh(
            y,
            parts[:, j],
            left=left,
            color=colours[j],
            edgecolor="black",
            linewidth=0.4,
            hatch=HATCHES[j % len(HATCHES)],
            label=_wrap(part_labels[j], 34 if grouped else 60),
        )
        handles.append(bars)
        left += parts[:, j]
    shown = left if totals is None else np.asarray(totals, dtype=float)
    for yi, end, total in zip(y, left, shown, strict=True):
        ax.text(end + 0.8, yi, f"{total:.1f}", va="center")
    ax.set_yticks(y, [_wrap(lb) for lb in labels])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Overall score (out of 100), split by criterion")
    below = (0.5, -0.2 - 0.02 * m)
    if not grouped:
        ax.legend(loc="upper center", bbox_to_anchor=below, ncol=2, frameon=False)
        return _finish(fig, alt, png)
    # one column per objective: its name, then its parts; shorter columns padded with blanks
    order = list(dict.fromkeys(groups))
    cols = [[j for j in range(n) if groups[j] == g] for g in order]
    per = len(order) if len(order) <= 3 else 2
    height = 1 + max(len(c) for c in cols)
    blank = Patch(visible=False)
    keys, texts, titles = [], [], set()
    for g, c in zip(order, cols, strict=True):
        titles.add(len(keys))
        keys.append(blank)
        texts.append(_wrap(g, 34))
        for j in c:
            keys.append(handles[j])
            texts.append(_wrap(part_labels[j], 34))
        if per == len(order):
            pad = height - 1 - len(c)
            keys += [blank] * pad
            texts += [""] * pad
    legend = ax.legend(
        keys, texts, loc="upper center", bbox_to_anchor=below, ncol=per, frameon=False,
        handletextpad=0.5, columnspacing=1.2,
    )  # fmt: skip
    for k, text in enumerate(legend.get_texts()):
        if k in titles:
            text.set_fontweight("bold")
    return _finish(fig, alt, png)


#: Figure 2's marks, told apart in greyscale: a light band with a dark outline (the acceptable
#: range), a dark line inside it, thinner than the band (where the leader stays first), and a
#: black diamond edged in white (the weight now), each drawn over the one before.
BAND = {"height": 0.6, "color": "#d4d4d4", "edgecolor": "#404040", "linewidth": 0.8, "zorder": 1}
LINE = {"color": "#1b3a5c", "linewidth": 3.5, "solid_capstyle": "butt", "zorder": 2}
DIAMOND = {
    "marker": "D",
    "color": "black",
    "markersize": 6,
    "markeredgecolor": "white",
    "markeredgewidth": 0.8,
    "zorder": 3,
}


def stability(labels: list[str], weights, top, feasible, alt: str, png: bool = False) -> Drawn:
    """For each criterion: its weight, how far it can move alone within the acceptable weights
    (the band) and where the leader stays first.

    The band is taller than the line by several points on each side and outlined, so it shows
    around the line (and where it ends) at print size and in greyscale.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    plt = _setup()
    n = len(labels)
    fig, ax = plt.subplots(figsize=(7.0, 0.45 * n + 1.2))
    y = np.arange(n)[::-1]
    for yi, (fl, fh), (tl, th), w in zip(y, feasible, top, weights, strict=True):
        if fl == fl:
            ax.barh(yi, 100 * (fh - fl), left=100 * fl, **BAND)
        if tl == tl:
            ax.plot([100 * tl, 100 * th], [yi, yi], **LINE)
        ax.plot([100 * w], [yi], **DIAMOND)
    ax.set_yticks(y, [_wrap(c, 34) for c in labels])
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlabel("Weight on the criterion (%)")
    highs = [h for _, h in feasible if h == h]
    ax.set_xlim(0, max(50, 100 * max(highs, default=0.45) + 5))
    keys = [
        Patch(facecolor=BAND["color"], edgecolor=BAND["edgecolor"],
              label="Acceptable, moved alone"),
        Line2D([], [], color=LINE["color"], linewidth=LINE["linewidth"],
               label="Where the leader stays first"),
        Line2D([], [], linestyle="none", **{k: v for k, v in DIAMOND.items() if k != "zorder"},
               label="Weight now"),
    ]  # fmt: skip
    ax.legend(handles=keys, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    return _finish(fig, alt, png)


def acceptability(
    labels: list[str], shares: np.ndarray, rank_labels: list[str], alt: str, png: bool = False
) -> Drawn:
    """Stacked bars: how often each option takes each rank, first place darkest."""
    plt = _setup()
    m, k = shares.shape
    fig, ax = plt.subplots(figsize=(7.0, 0.42 * m + 1.3))
    y = np.arange(m)[::-1]
    left = np.zeros(m)
    for r in range(k):
        shade = str(0.15 + 0.8 * r / max(1, k - 1))
        ax.barh(
            y,
            100 * shares[:, r],
            left=left,
            color=shade,
            edgecolor="black",
            linewidth=0.4,
            hatch=HATCHES[r % len(HATCHES)] if r else "",
            label=_wrap(rank_labels[r], 60),
        )
        left += 100 * shares[:, r]
    ax.set_yticks(y, [_wrap(lb) for lb in labels])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of trials (%)")
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.2 - 0.02 * m), ncol=min(k, 6), frameon=False
    )
    return _finish(fig, alt, png)
