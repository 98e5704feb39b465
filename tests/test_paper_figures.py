"""The paper's figures as a reader sees them: figure 2's acceptable band shows around its line in
greyscale at print size; figure 1 names every criterion it draws, draws a cost criterion by its
value, and its caption says so."""

from __future__ import annotations

import io

import numpy as np

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
