"""Charts for the paper, drawn with matplotlib as inline SVG.

Each chart comes with a caption, a one-sentence reading and the table of numbers behind it, so a
screen reader or a black-and-white printout loses nothing. Output is deterministic: a fixed hash
salt, no date in the metadata, text kept as text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np

from ..present.table import Column, Table

HATCHES = ("", "//", "..", "xx", "\\\\", "--", "++", "oo", "||", "**")
GREYS = ("#1b3a5c", "#4f7cac", "#9ec1e0", "#c9d9e8", "#6b8e23", "#b5c99a", "#8c6d46", "#d6c2a1")


@dataclass(frozen=True)
class Chart:
    svg: str
    caption: str
    reading: str
    table: Table


def _svg(fig) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    text = re.sub(r"^<\?xml[^>]*>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)
    return text.replace("<svg ", '<svg role="img" ', 1)


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
        }
    )
    return plt


def _wrap(text: str, width: int = 38) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def contributions(labels, crit_labels, contrib: np.ndarray, leader_label: str) -> Chart:
    """Stacked horizontal bars: each option's score split by criterion (rows in rank order)."""
    plt = _setup()
    m, n = contrib.shape
    fig, ax = plt.subplots(figsize=(7.0, 0.42 * m + 1.2))
    left = np.zeros(m)
    y = np.arange(m)[::-1]
    for j in range(n):
        ax.barh(
            y,
            contrib[:, j],
            left=left,
            color=GREYS[j % len(GREYS)],
            edgecolor="black",
            linewidth=0.4,
            hatch=HATCHES[j % len(HATCHES)],
            label=crit_labels[j],
        )
        left += contrib[:, j]
    for yi, total in zip(y, left, strict=True):
        ax.text(total + 0.8, yi, f"{total:.1f}", va="center")
    ax.set_yticks(y, [_wrap(lb) for lb in labels])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Overall score (0-100), split by criterion")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.02 * m), ncol=2, frameon=False)
    table = Table(
        name="contributions",
        title="",
        columns=(
            Column("option", "Option", key_column=True),
            *(Column(f"c{j}", c, "number") for j, c in enumerate(crit_labels)),
            Column("total", "Total", "number"),
        ),
        rows=tuple(
            (lb, *map(float, contrib[i]), float(contrib[i].sum())) for i, lb in enumerate(labels)
        ),
    )
    biggest = crit_labels[int(np.argmax(contrib[0]))]
    return Chart(
        _svg(fig),
        "Each option's overall score, split into the contribution of each criterion "
        "(weight x score).",
        f"{leader_label} comes first; its largest contribution comes from {biggest}.",
        table,
    )


def stability(crit_labels, weights, top, feasible, leader_label: str) -> Chart:
    """For each criterion: its weight, the acceptable range and where the leader stays first."""
    plt = _setup()
    n = len(crit_labels)
    fig, ax = plt.subplots(figsize=(7.0, 0.38 * n + 1.0))
    y = np.arange(n)[::-1]
    for yi, (fl, fh), (tl, th), w in zip(y, feasible, top, weights, strict=True):
        if fl == fl:
            ax.plot(
                [100 * fl, 100 * fh], [yi, yi], color="#999999", linewidth=6, solid_capstyle="butt"
            )
        if tl == tl:
            ax.plot([100 * tl, 100 * th], [yi, yi], color="#1b3a5c", linewidth=2.5)
        ax.plot([100 * w], [yi], marker="D", color="black", markersize=5)
    ax.set_yticks(y, [_wrap(c, 34) for c in crit_labels])
    ax.set_xlabel("Weight on the criterion (%)")
    ax.set_xlim(0, max(50, 100 * max(h for _, h in feasible if h == h) + 5))
    table = Table(
        name="stability",
        title="",
        columns=(
            Column("criterion", "Criterion", key_column=True),
            Column("weight", "Weight", "percent"),
            Column("leader_first", "Leader stays first", "range", of="percent"),
            Column("acceptable", "Acceptable range", "range", of="percent"),
        ),
        rows=tuple(
            (c, float(w), _iv(t), _iv(f))
            for c, w, t, f in zip(crit_labels, weights, top, feasible, strict=True)
        ),
    )
    tight = min(
        range(n),
        key=lambda j: (
            min(weights[j] - top[j][0], top[j][1] - weights[j]) if top[j][0] == top[j][0] else 9
        ),
    )
    return Chart(
        _svg(fig),
        "Weight stability: the diamond is the stakeholder's weight; the dark line is the range over "
        "which the leader stays first when that weight alone changes (the others rescaled); the "
        "grey band is the range the stakeholder would accept.",
        f"{leader_label}'s lead is most sensitive to the weight on {crit_labels[tight]}.",
        table,
    )


def _iv(iv) -> tuple[float, float] | None:
    lo, hi = iv
    return None if lo != lo else (float(lo), float(hi))


def acceptability(labels, acc: np.ndarray, samples: int, seed: int) -> Chart:
    """Stacked bars of rank acceptability, rank 1 darkest."""
    plt = _setup()
    m = acc.shape[0]
    fig, ax = plt.subplots(figsize=(7.0, 0.42 * m + 1.2))
    y = np.arange(m)[::-1]
    left = np.zeros(m)
    for r in range(m):
        shade = str(0.15 + 0.8 * r / max(1, m - 1))
        ax.barh(
            y,
            100 * acc[:, r],
            left=left,
            color=shade,
            edgecolor="black",
            linewidth=0.4,
            hatch=HATCHES[r % len(HATCHES)] if r else "",
            label=f"Rank {r + 1}",
        )
        left += 100 * acc[:, r]
    ax.set_yticks(y, [_wrap(lb) for lb in labels])
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"Share of {samples:,} draws (%), seed {seed}")
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.02 * m), ncol=min(m, 7), frameon=False
    )
    table = Table(
        name="acceptability",
        title="",
        columns=(
            Column("option", "Option", key_column=True),
            *(Column(f"rank_{r + 1}", f"Rank {r + 1}", "percent") for r in range(m)),
        ),
        rows=tuple((lb, *map(float, acc[i])) for i, lb in enumerate(labels)),
    )
    best = int(np.argmax(acc[:, 0]))
    return Chart(
        _svg(fig),
        "Rank acceptability: how often each option takes each rank when the weights vary within "
        "what the stakeholder would accept and the scores within their plausible ranges.",
        f"{labels[best]} is first in {100 * acc[best, 0]:.0f}% of draws.",
        table,
    )
