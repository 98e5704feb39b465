"""The paper's figures as a reader sees them: figure 2's acceptable band shows around its line in
greyscale at print size; figure 1 names every criterion it draws, draws a cost criterion by its
value, and its caption says so."""

from __future__ import annotations

import io

import numpy as np

from conftest import ROOT, TINY_OPTIONS, write_workspace
from delivery_options.appraisal import load
from delivery_options.paper import render

#: Word and the PDF print a chart 16 cm wide; the charts are drawn 7 inches (17.8 cm) wide.
PRINT_SCALE = 16 / 17.78
#: The least a band must show beyond its line, on each side, at print size (points).
MARGIN_PT = 3.0


def _grey(png: bytes) -> tuple[np.ndarray, np.ndarray]:
    from PIL import Image

    im = Image.open(io.BytesIO(png)).convert("RGB")
    return np.asarray(im).astype(int), np.asarray(im.convert("L")).astype(int)


def test_figure_2_band_shows_around_its_line_in_greyscale_at_print_size():
    """A leader that stays first over the whole acceptable range: the line spans the band, so
    only the band's height beyond the line's shows it (it once showed 2 points each side)."""
    from delivery_options.paper import charts

    drawn = charts.stability(
        ["Deliverability"], [0.084], [(0.0, 0.215)], [(0.0, 0.215)], "alt", png=True
    )
    rgb, grey = _grey(drawn.png)
    line = np.all(np.abs(rgb - np.array([0x1B, 0x3A, 0x5C])) < 40, axis=2)
    counts = line.sum(axis=1)
    mid = int(np.argmax(counts))  # the longest run of the line's colour: the line (not its key)
    assert counts[mid] > 40
    top = bottom = mid
    while counts[top - 1] > counts[mid] // 2:
        top -= 1
    while counts[bottom + 1] > counts[mid] // 2:
        bottom += 1
    cols = np.where(line[mid])[0]
    x = cols.min() + (cols.max() - cols.min()) // 5  # in the line, clear of the diamond
    band = lambda v: 120 < v < 235  # noqa: E731  light grey: neither paper nor the line

    def run(start: int, step: int) -> int:
        k = 0
        while band(grey[start + step * (k + 1), x]):
            k += 1
        return k

    px_per_pt = 150 / 72 * PRINT_SCALE
    above, below = run(top, -1) / px_per_pt, run(bottom, 1) / px_per_pt
    assert above >= MARGIN_PT and below >= MARGIN_PT, (above, below)
    # in greyscale the band is told from the paper and from the line by a clear step
    shade = grey[top - 2, x]
    assert 255 - shade >= 30 and shade - grey[(top + bottom) // 2, x] >= 80
    # and it is outlined: a darker edge where the band ends above the line
    edge = grey[top - run(top, -1) - 2 : top - run(top, -1) + 1, x]
    assert edge.min() < shade - 60


def test_figure_2_draws_the_band_under_the_line_and_the_diamond_over_both():
    from delivery_options.paper import charts

    assert charts.BAND["zorder"] < charts.LINE["zorder"] < charts.DIAMOND["zorder"]
    assert charts.BAND["edgecolor"] not in ("none", None)


def test_figure_2_names_its_band_the_range_moved_alone():
    """The band is each weight's range moved alone (the others rescaled), not the widest
    acceptable range of section 6: the key, the text alternative, the caption and the table
    say so alike."""
    ctx = render.build_context(load(ROOT), render.Settings("commissioner", samples=300))
    fig = next(f for f in ctx["doc"].figures() if f.number == 2)
    assert "Acceptable, moved alone" in _svg_words(fig.svg)
    assert "Acceptable range" not in _svg_words(fig.svg)
    assert "\u2018Acceptable, moved alone\u2019" in fig.alt and "move alone" in fig.alt
    assert "how far it can move alone within" in fig.caption
    assert fig.table.header[2] == "Acceptable, moved alone"


# --- figure 1 ------------------------------------------------------------------------------


def _svg_words(svg: str) -> str:
    """The chart's text as one line (labels wrap onto several lines of the SVG)."""
    import html
    import re

    return " ".join(
        " ".join(html.unescape(t) for t in re.findall(r">([^<>]+)</text>", svg)).split()
    )


def test_figure_1_draws_a_cost_as_value_and_its_caption_says_so(tmp_path):
    """By hand (tests/conftest.py's tiny workspace, even weights of 1/3): Beta leads; its cost
    of 50 on the 0-200 cost scale is a value of 100 * (200 - 50) / 200 = 75, a part of 25.0;
    Alpha's (or Gamma's) cost of 150 or 100 is a value of 25 or 50. The caption once said
    "weight times the option's score" beside a bar drawn from the value."""
    from delivery_options.appraisal import load
    from delivery_options.paper import render

    ws = write_workspace(tmp_path / "t", options=TINY_OPTIONS, weights={"even": EVEN})
    c = render.build_context(load(ws), render.Settings("even", samples=300))
    fig = next(f for f in c["doc"].figures() if f.number == 1)
    cost = next(r for r in fig.table.rows if r[0] == "Cost")
    assert fig.table.header[1] == "Option 2"  # Beta
    assert cost[1] == "25.0"
    assert "times the option's score" not in fig.caption + " ".join(fig.table.notes)
    assert "value" in fig.caption and "For a cost, such as cost" in fig.caption
    example = next(n for n in fig.table.notes if n.startswith("Cost is a cost"))
    assert "Option 2, scored 50, has a value of 75 and a part of 33.3% × 75 = 25.0" in example
    assert "(a cost: the lower, the longer its bar)" in _svg_words(fig.svg)


EVEN = 'name = "Even"\n[weights]\nquality = 1\ncost = 1\nspeed = 1\n'


def test_figure_1_names_every_criterion_it_gathers():
    from delivery_options.paper.readings import gathered_note, summarise_contributions

    names = [f"c{j}" for j in range(9)]
    contrib = np.array([[9, 8, 7, 6, 5, 4, 3, 2, 1], [9, 8, 7, 6, 5, 4, 3, 2, 1]], float)
    s = summarise_contributions(["A", "B"], names, contrib, 8, 5, named=[8])
    assert s.others() == [("Other criteria (5)", ("c3", "c4", "c5", "c6", "c7"))]
    assert gathered_note(s) == "Other criteria (5): c3, c4, c5, c6 and c7."
    assert s.parts.sum(axis=1).round(1).tolist() == [45.0, 45.0]
    # a value tree: the criteria gathered within their objective, parts ordered by objective
    groups = ["X", "Y", "X", "Y", "X", "Y", "X", "Y", "X"]
    t = summarise_contributions(["A", "B"], names, contrib, 8, 5, groups=groups)
    assert t.part_labels == (
        "c0", "c2", "Other criteria of X (3)", "c1", "c3", "Other criteria of Y (2)",
    )  # fmt: skip
    assert t.groups == ("X", "X", "X", "Y", "Y", "Y")
    assert dict(t.others()) == {
        "Other criteria of X (3)": ("c4", "c6", "c8"),
        "Other criteria of Y (2)": ("c5", "c7"),
    }
    # by hand: X keeps c0 (9) and c2 (7) and gathers c4, c6, c8 (5 + 3 + 1); Y keeps c1 (8)
    # and c3 (6) and gathers c5, c7 (4 + 2)
    assert t.parts[0].tolist() == [9, 7, 9, 8, 6, 6]


def test_figure_1_in_a_paper_with_many_criteria_names_each_one(tmp_path):
    """Nine criteria, seven shown alone: the two gathered are named in the caption and under
    the table, and the criterion the text gives as the largest reason keeps its own part."""
    from delivery_options.appraisal import load
    from delivery_options.paper import render

    crit = '[appraisal]\ntitle = "Nine"\n' + "".join(
        f'[criteria.k{j}]\nname = "Crit {j}"\n' for j in range(9)
    )
    scores = {
        "x": [90, 80, 70, 60, 50, 40, 30, 20, 10],
        "y": [10, 20, 30, 40, 50, 60, 70, 80, 95],
    }
    options = {
        o: f'name = "{o.upper()}"\n[scores]\n' + "".join(f"k{j} = {v}\n" for j, v in enumerate(s))
        for o, s in scores.items()
    }
    weights = {"w": 'name = "W"\n[weights]\n' + "".join(f"k{j} = 1\n" for j in range(9))}
    ws = write_workspace(tmp_path / "nine", crit, options, weights)
    c = render.build_context(load(ws), render.Settings("w", samples=300))
    fig = next(f for f in c["doc"].figures() if f.number == 1)
    said = (
        fig.caption + " " + " ".join(fig.table.notes) + " " + " ".join(r[0] for r in fig.table.rows)
    )
    for j in range(9):
        assert f"Crit {j}" in said, j
    gathered = [r[0] for r in fig.table.rows if r[0].startswith("Other criteria")]
    assert gathered == ["Other criteria (3)"]
    why = c["narrative"].head_to_head.largest_reason() if c["narrative"].head_to_head else None
    if why:
        assert c["ws"].criterion(why).name in [r[0] for r in fig.table.rows]


def test_figure_1_groups_the_sandwell_criteria_by_objective():
    """Sandwell is a value tree of three objectives: the key names each, bold, above its
    criteria, and every criterion is named in the chart."""
    from conftest import ROOT
    from delivery_options import load
    from delivery_options.paper import render

    app = load(str(ROOT))
    c = render.build_context(app, render.Settings("commissioner", samples=200))
    fig = c["figures"]["contributions"]
    words = _svg_words(fig.svg)
    for o in app.workspace.tree.objectives:
        assert o.name in words
    for cr in app.workspace.criteria:
        assert cr.name in words
    assert words.index("Securing and sustaining improvement") < words.index(
        "Capacity to drive improvement"
    )
    assert "grouped by objective" in fig.caption
    assert "Transition cost and disruption is a cost" in " ".join(fig.table.notes)
