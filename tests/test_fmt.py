"""The paper's rounding of parts beside their total (figure 1): the parts add up to the total
shown, except that equal parts are always shown equal, and a larger part is never shown smaller."""

from __future__ import annotations

import itertools

import numpy as np

from delivery_options.paper.fmt import apportion, apportion_table, risk_score, uk_date


def test_three_equal_parts_are_shown_equal_even_when_they_then_miss_the_total():
    # 6.03 x 3 = 18.09, shown 18.1; largest remainder alone would show 6.1 | 6.0 | 6.0
    assert apportion([6.03, 6.03, 6.03]) == [6.1, 6.0, 6.0]
    assert apportion_table([[6.03, 6.03, 6.03]]) == [[6.0, 6.0, 6.0]]  # adds up to 18.0


def test_equal_parts_are_shown_equal_in_every_row():
    # 6.03 in two options: the second needs a tenth to add up to 13.1, the first none; shown
    # apart, the first would show 6.0 and the second 6.1 beside another 6.0
    rows = [[6.03, 1.01], [6.03, 6.03, 1.01]]
    assert [apportion(r) for r in rows] == [[6.0, 1.0], [6.1, 6.0, 1.0]]
    assert apportion_table(rows) == [[6.0, 1.0], [6.0, 6.0, 1.0]]  # the second adds to 13.0
    # a part of another value with the same remainder can take the tenth instead
    rows = [[6.03, 1.01], [6.03, 2.03]]
    assert [apportion(r) for r in rows] == [[6.0, 1.0], [6.1, 2.0]]
    assert apportion_table(rows) == [[6.0, 1.0], [6.0, 2.1]]  # both add up


def test_tied_parts_go_up_together_when_the_row_needs_them():
    # 2.37 + 2.37 + 5.26 = 10.0: both tied parts go up, and the parts still add up
    assert apportion_table([[2.37, 2.37, 5.26]]) == [[2.4, 2.4, 5.2]]


def test_tied_parts_go_the_way_that_misses_the_total_least():
    # 1.17 x 3 = 3.51, shown 3.5: all up is a tenth over (3.6), all down two under (3.3)
    assert apportion_table([[1.17, 1.17, 1.17]]) == [[1.2, 1.2, 1.2]]
    # 6.03 x 3 (above): all up is two tenths over, all down one under, so down
    # equally near either way (2.7 or 2.5 for 2.6): as ordinary rounding would go, up
    assert apportion_table([[1.25, 1.25, 0.1]]) == [[1.3, 1.3, 0.1]]


def test_without_ties_it_is_the_largest_remainder_rule():
    rng = np.random.default_rng(3)
    for _ in range(200):
        v = list(rng.normal(0, 5, 7))
        assert apportion_table([v]) == [apportion(v)]


def test_equal_shown_equal_larger_never_shown_smaller_and_each_part_rounded_up_or_down():
    rng = np.random.default_rng(5)
    values = [6.03, 6.028, 4.384, 1.644, 8.22, 0.05, 2.25, -1.35, -6.03]
    for _ in range(300):
        rows = [list(rng.choice(values, size=rng.integers(1, 7))) for _ in range(4)]
        shown = apportion_table(rows)
        seen: dict[float, float] = {}
        for r, s in zip(rows, shown, strict=True):
            for v, x in zip(r, s, strict=True):
                assert seen.setdefault(v, x) == x  # equal values, equal shown, in every row
                assert round(abs(x - v), 9) < 0.1  # rounded down or up, never further
            for (a, x), (b, y) in itertools.combinations(zip(r, s, strict=True), 2):
                if a < b:
                    assert x <= y  # never a larger part shown smaller
    # a table whose values are all distinct adds up in every row, each sign apart
    for _ in range(100):
        rows = [list(rng.normal(0, 5, 6)) for _ in range(3)]
        for r, s in zip(rows, apportion_table(rows), strict=True):
            for sign in (1, -1):
                want = round(sum(v for v in r if sign * v > 0), 1)
                assert round(sum(x for x in s if sign * x > 0), 1) == want


def test_a_criterion_the_text_names_keeps_its_own_column():
    from delivery_options.paper.readings import summarise_contributions

    names = [f"c{j}" for j in range(9)]
    contrib = np.array([[9.0 - j + (0.5 if j == 8 else 0.0) for j in range(9)]] * 2)
    contrib[1, 8] = 0.0
    plain = summarise_contributions(["A", "B"], names, contrib, 8, 5)
    assert plain.part_labels == ("c0", "c1", "c2", "c3", "Other criteria (5)")
    kept = summarise_contributions(["A", "B"], names, contrib, 8, 5, named=[8])
    assert kept.part_labels == ("c0", "c1", "c2", "c8", "Other criteria (5)")
    assert list(kept.parts[:, 3]) == [1.5, 0.0]
    assert kept.sums() == kept.totals == plain.totals  # nothing lost by keeping it apart
    # a name that is no criterion changes nothing; with few criteria every one has a column
    other = summarise_contributions(["A", "B"], names, contrib, 8, 5, named=[42])
    assert other.part_labels == plain.part_labels and (other.parts == plain.parts).all()
    few = summarise_contributions(["A", "B"], names[:4], contrib[:, :4], 8, 5, named=[3])
    assert few.part_labels == ("c0", "c1", "c2", "c3")


def test_dates_are_written_the_uk_way():
    # GOV.UK style guide, "Dates": "26 April 2016", no leading zero, the month in words
    assert uk_date("2016-04-26") == "26 April 2016"
    assert uk_date("2031-02-03") == "3 February 2031"
    assert uk_date("2016-10") == "October 2016"  # a month only
    assert uk_date("2016-02-30") == "2016-02-30"  # no such day: left as written
    assert uk_date("2016-13") == "2016-13"
    assert uk_date("spring 2016") == "spring 2016"


def test_a_risk_score_carries_its_scale():
    assert risk_score(20, "high") == "20 of 25 (high)"  # 5 x 5 matrix
    assert risk_score(8) == "8 of 25"
