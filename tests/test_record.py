"""What a stakeholder's record settles (methods/record.py), apart from the representative weights:
cases worked by hand, and the wording every summary uses."""

from __future__ import annotations

import pytest

import delivery_options as do
from conftest import write_workspace
from delivery_options.methods.record import Settled, settled_words, share_words
from delivery_options.paper.narrative import build

CRITERIA = '[appraisal]\ntitle = "T"\n[criteria.a]\nname = "A"\n[criteria.b]\nname = "B"\n'
# The record: the swing of a is at least b's, so w_a in [0.5, 1] (uniform on that segment).
SWING = 'name = "{name}"\n[[statements]]\nswing = {{ a = 100, b = [0, 100] }}\nsource = "s1"\n'


def _opt(name, a, b):
    return f'name = "{name}"\n[scores]\na = {a}\nb = {b}\n'


def _app(tmp_path, options, weights):
    return do.load(write_workspace(tmp_path / "w", CRITERIA, options, weights))


def test_settled_when_one_option_is_first_under_every_allowed_weighting(tmp_path):
    # X = 100 w_a >= 50 >= 100 (1 - w_a) = Y for every w_a >= 0.5
    app = _app(
        tmp_path, {"x": _opt("X", 100, 0), "y": _opt("Y", 0, 100)}, {"p": SWING.format(name="P")}
    )
    s = app.settled("p")
    assert s.first == ("x",) and s.settled
    assert settled_words(s, str.upper) == "X first: its record settles it"
    assert app.compare().favourites() == {"p": ("x",)}


def test_open_record_gives_each_possible_option_its_share(tmp_path):
    # X = 100 w_a; Y = 40 w_a + 100 (1 - w_a) = 100 - 60 w_a. X >= Y iff w_a >= 0.625, so over
    # w_a uniform on [0.5, 1] Y is first on 0.125 / 0.5 = 25% of it and X on 75%.
    app = _app(
        tmp_path, {"x": _opt("X", 100, 0), "y": _opt("Y", 40, 100)}, {"p": SWING.format(name="P")}
    )
    s = app.settled("p")
    assert s.first == () and set(s.possible) == {"x", "y"}
    assert s.share("x") == pytest.approx(0.75, abs=0.02)
    assert s.share("y") == pytest.approx(0.25, abs=0.02)
    assert settled_words(s, str.upper) == (
        "not settled by its record: X (75%) or Y (25%) can come first (share of the weights its "
        "record allows)"
    )
    # the centre of [0.5, 1] is w_a = 0.75, where X leads: that is a point, not a preference
    cmp = app.compare()
    assert cmp.representative() == {"p": ("x",)}
    assert cmp.favourites() == {}
    doc = cmp.document()
    assert doc["favourites"] == {} and doc["representative_first"] == {"p": "x"}
    assert doc["record"]["p"]["settled"] is False


def test_typed_weights_are_the_record_and_a_tie_settles_nothing(tmp_path):
    typed = 'name = "T"\n[weights]\na = 1\nb = 1\n'
    app = _app(tmp_path, {"x": _opt("X", 100, 0), "y": _opt("Y", 0, 100)}, {"t": typed})
    s = app.settled("t")
    assert s.first == () and s.centre == ("x", "y") and s.samples == 0
    assert settled_words(s, str.upper) == "no first choice settled: X and Y tie"


def test_share_words_never_say_none_or_all_of_an_open_record():
    assert [share_words(x) for x in (0.0, 0.004, 0.18, 0.996, 1.0)] == [
        "under 1%",
        "under 1%",
        "18%",
        "over 99%",
        "over 99%",
    ]


def _narrative(favourites, open_records):
    from delivery_options.methods.value import RankedOption, Ranking

    rows = (
        RankedOption("x", 1, 70.0, {"a": 70.0}),
        RankedOption("y", 2, 60.0, {"a": 60.0}),
    )
    return build(
        option_label=lambda o: f"option {o}",
        crit_name=str,
        stakeholder="Chair",
        ranking=Ranking("chair", {"a": 1.0}, rows),
        favourites=favourites,
        open_records=open_records,
    )


def test_a_party_with_no_preference_on_record_is_never_said_to_prefer():
    n = _narrative({"Chair": ("x",)}, {"Panel": (("x", 0.82), ("y", 0.18))})
    text = " ".join((*n.reasons, *n.dissent))
    assert "for each of the 2 parties" not in text
    assert "The record of Chair settles it first" in text
    assert (
        "Panel's record settles no first choice: it leaves option x 82%, option y 18% possible "
        "(each option's share of the weights the record allows)."
    ) in n.dissent
    # the same open shares are said once for the parties that share them
    n = _narrative({}, {"P": (("x", 0.5), ("y", 0.5)), "Q": (("x", 0.5), ("y", 0.5))})
    assert n.dissent == (
        "The records of P and Q settle no first choice. Option x comes first under 50% of the "
        "weightings they allow, option y under 50%.",
    )
    n = _narrative({}, {"P": (("x", 0.5), ("y", 0.5)), "Q": (("x", 0.9), ("y", 0.1))})
    assert n.dissent == (
        "The record of P settles no first choice. Option x comes first under 50% of the "
        "weightings it allows, option y under 50%.",
        "The record of Q settles no first choice. Option x comes first under 90% of the "
        "weightings it allows, option y under 10%.",
    )
    # parties whose records settle another option are said together
    n = _narrative({"P": ("y",), "Q": ("y",)}, {})
    assert n.dissent == ("The records of P and Q settle option y first instead.",)
    assert not any("comes first for each" in r for r in n.reasons)


def test_every_party_settled_and_agreeing_is_said_so():
    n = _narrative({"Chair": ("x",), "Panel": ("x",)}, {})
    assert any(
        "for each of the 2 parties compared" in r and "record settles it" in r for r in n.reasons
    )


def test_settled_dataclass_share_of_an_option_not_possible_is_zero():
    s = Settled("p", (), ("x",), (("x", 1.0),), ("x",), 10)
    assert s.share("y") == 0.0
