"""The paper's three figures (each option's parts of its score, the stability of the weights,
and the share of trials at each rank), each with its caption, its reading computed from the
numbers it shows, a text alternative and its table."""

from __future__ import annotations

import numpy as np

from . import fmt


def paper_figures(
    ws, order, short, label, crit_labels, contrib, sa, dm, w0, smaa, st, basis, settings, named=()
):
    """The three charts, each with its caption, computed reading, text alternative and table."""
    from . import charts, readings
    from .compose import MOVED_ALONE, OPTION_COLUMNS, Grid, figure
    from .document import without_command
    from .narrative import accepts

    ok = accepts(st.name, basis)
    # 1. contributions: the top options, the criteria that matter most, by objective in a tree
    tree = ws.tree
    groups = None if tree.flat else [ws.node_name((*tree.path(c), c)[0]) for c in dm.criteria]
    summ = readings.summarise_contributions(
        [short(o) for o in order],
        crit_labels,
        contrib,
        charts.TOP_OPTIONS,
        charts.TOP_CRITERIA,
        named,
        groups,
    )
    reading = readings.contributions_reading(summ)
    costs = [ws.criterion(c) for c in dm.criteria if ws.criterion(c).direction == "cost"]
    cost_names = {c.name for c in costs}
    value_words, cost_example = _cost_as_value(ws, order, short, costs, dm, w0, summ)
    more = ""
    if summ.hidden_options:
        rest = contrib[len(summ.labels) :].sum(axis=1)
        more = (
            f" The top {len(summ.labels)} of {len(order)} options are shown; the other "
            f"{len(rest)} score between {fmt.points(float(rest.min()))} and "
            f"{fmt.points(float(rest.max()))}."
        )
    alt = (
        f"Bar chart of each option's overall score out of 100, split by criterion. {reading}" + more
    )
    drawn = charts.contributions(
        list(summ.labels),
        summ.parts,
        [
            f"{lb} (a cost: the lower, the longer its bar)" if lb in cost_names else lb
            for lb in summ.part_labels
        ],
        alt,
        settings.png,
        summ.totals,
        list(summ.groups) or None,
    )
    cols = list(range(len(summ.labels)))
    tables = []
    for part in compose_chunks(cols, OPTION_COLUMNS):
        tables.append(part)
    part = tables[0]
    cuts: dict[str, list[str]] = {"contributions": [], "acceptability": []}
    if summ.hidden_options:  # a large appraisal: the chart and its table show the top options
        cuts["contributions"].append(
            f"The chart shows the top {len(summ.labels)} of {len(order)} options and this table "
            f"the first {len(part)}; every option's overall score and each criterion's part: "
            f"options rank -w {st.id} -f csv."
        )
    grid = Grid(
        "The numbers behind figure 1: each criterion's part of the overall score",
        ("Criterion", *(summ.labels[i] for i in part)),
        (
            *(
                (summ.part_labels[j], *(fmt.points(summ.parts[i, j]) for i in part))
                for j in range(len(summ.part_labels))
            ),
            ("Overall score", *(fmt.points(summ.totals[i]) for i in part)),
        ),
        (False, *(True for _ in part)),
        notes=(
            readings.contributions_note(summ, part),
            *((cost_example,) if cost_example else ()),
            *((readings.gathered_note(summ),) if summ.others() else ()),
            *(
                (f"The chart shows {len(summ.labels)} options; this table the first {len(part)}.",)
                if len(part) < len(summ.labels) and not summ.hidden_options
                else ()
            ),
            *map(without_command, cuts["contributions"]),
        ),
        small=True,
    )
    fig1 = figure(
        1,
        "Each option's overall score, split into the part each criterion contributes"
        + (", grouped by objective" if summ.groups else "")
        + f". {value_words}"
        + (f" {readings.gathered_note(summ)}" if summ.others() else "")
        + more,
        reading,
        alt,
        drawn,
        grid,
    )

    # 2. weight stability: the criterion whose weight switches the leader soonest
    from ..methods.stability import rescaled

    X = dm.values

    def first_at(k: int, t: float) -> str:
        v = X @ rescaled(w0, k, t)
        return label(dm.options[int(np.argmax(v))])

    stab = list(sa.stability)
    names = [ws.criterion(s.criterion).name for s in stab]
    found = readings.switches(
        [s.weight for s in stab], [s.top for s in stab], [s.feasible for s in stab], first_at
    )
    keep = list(range(len(stab)))
    if len(stab) > 12:  # the criteria nearest to switching, then the heaviest
        near = [s.criterion for s in found][:12]
        rest = sorted((k for k in keep if k not in near), key=lambda k: -stab[k].weight)
        keep = sorted((near + rest)[:12])
    reading = readings.stability_reading(
        [names[k] for k in keep],
        [
            readings.Switch(
                keep.index(s.criterion), s.direction, s.at, s.distance, s.new_leader, s.weight
            )
            for s in found
            if s.criterion in keep
        ],
        label(sa.leader),
        ok,
        [stab[k].feasible for k in keep],
    )
    alt = (
        "Chart of each criterion's weight (a diamond), how far that weight can move alone "
        f"within {ok} (a grey band, keyed \u2018Acceptable, moved alone\u2019), and the part "
        f"over which {label(sa.leader)} stays first (a dark line). {reading}"
    )
    drawn = charts.stability(
        [names[k] for k in keep],
        [stab[k].weight for k in keep],
        [stab[k].top for k in keep],
        [stab[k].feasible for k in keep],
        alt,
        settings.png,
    )

    def iv(p):
        lo, hi = p
        return "–" if lo != lo else f"{fmt.weight_pct(lo)}–{fmt.weight_pct(hi)}"

    switch_of = {}
    for s in found:
        switch_of.setdefault(s.criterion, s)
    grid = Grid(
        "The numbers behind figure 2",
        (
            "Criterion",
            "Weight now",
            MOVED_ALONE,
            f"{short(sa.leader)} stays first over",
            "What changes",
        ),
        tuple(
            (
                names[k],
                fmt.weight_pct(stab[k].weight),
                iv(stab[k].feasible),
                iv(stab[k].top),
                (
                    f"{switch_of[k].new_leader} first if the weight {switch_of[k].direction} "
                    f"{'below' if switch_of[k].direction == 'falls' else 'above'} "
                    f"{fmt.weight_pct(switch_of[k].at)}"
                )
                if k in switch_of
                else f"none: held at {fmt.weight_pct(stab[k].feasible[0])}"
                if _held(stab[k].feasible)
                else "no change over the whole range moved alone",
            )
            for k in keep
        ),
        (False, True, True, True, False),
        notes=(
            "Each weight is moved alone, the others rescaled in proportion so that the weights "
            "still add up to 100%.",
            *(
                (f"The {len(stab) - len(keep)} other criteria are in Annex C.",)
                if len(keep) < len(stab)
                else ()
            ),
        ),
        small=True,
    )
    fig2 = figure(
        2,
        f"How far each weight can move on its own before {label(sa.leader)} stops coming "
        f"first. The diamond is the weight now. The grey band is how far it can move alone "
        f"within {ok}. The dark line is where the leader stays first.",
        reading,
        alt,
        drawn,
        grid,
    )

    # 3. rank acceptability: the top options, ranks 1-3 and the rest gathered
    res = smaa.result
    acc_order = smaa.order()[: charts.TOP_OPTIONS]
    m = len(res.options)
    k = min(m, 3)
    shares = res.acceptability[acc_order][:, :k]
    rank_labels = [f"Rank {r + 1}" for r in range(k)]
    if m > k:
        shares = np.column_stack([shares, res.acceptability[acc_order][:, k:].sum(axis=1)])
        rank_labels.append(f"Rank {k + 1} or lower")
    labels = [short(dm.options[a]) for a in acc_order]
    reading = readings.acceptability_reading(labels, list(shares[:, 0]), res.samples)
    others = ""
    if m > len(acc_order):  # the options not drawn, together, at each rank shown
        rest = np.delete(res.acceptability, acc_order, axis=0)[:, :k].sum(axis=0)
        places = ("first", "second", "third")
        others = (
            f"The other {m - len(acc_order)} options, not drawn, together take "
            + fmt.join_words([f"{places[r]} place in {fmt.pct(float(rest[r]))}" for r in range(k)])
            + " of the trials."
        )
        cuts["acceptability"].append(
            f"The chart and this table show the {len(acc_order)} options most often ranked "
            f"high, of {m}; every option at every rank: options smaa -w {st.id} -n "
            f"{res.samples} --seed {settings.seed} -f csv."
        )
    alt = (
        "Bar chart of how often each option takes each rank when the weights and the scores "
        f"are varied together. {reading}" + (f" {others}" if others else "")
    )
    drawn = charts.acceptability(labels, shares, rank_labels, alt, settings.png)
    grid = Grid(
        "The numbers behind figure 3: share of trials at each rank",
        ("Option", *rank_labels),
        tuple(
            (lb, *(fmt.pct(float(x)) for x in row)) for lb, row in zip(labels, shares, strict=True)
        ),
        (False, *(True for _ in rank_labels)),
        notes=(
            f"{fmt.count(res.samples)} trials; weights within {ok}, scores within their plausible ranges.",
            *((others,) if others else ()),
            *map(without_command, cuts["acceptability"]),
        ),
        small=True,
    )
    fig3 = figure(
        3,
        "How often each option comes first, second and so on when the weights and the scores "
        f"are varied at random together. The weights stay within {ok}, the scores within their "
        "plausible ranges." + (f" {others}" if others else ""),
        reading,
        alt,
        drawn,
        grid,
    )
    return {"contributions": fig1, "stability": fig2, "acceptability": fig3}, cuts


def _cost_as_value(ws, order, short, costs, dm, w0, summ) -> tuple[str, str]:
    """How figure 1 draws a value: the sentences for its caption, and, where a cost criterion
    is shown, a worked example from the first option shown (score, value, weight, part), so the
    reader can see why a low cost gives a long bar."""
    words = (
        "A part is the criterion's weight times the option's value on it (0\u2013100, 100 the "
        "best its scale allows)."
    )
    if not costs:
        return words, ""
    said = fmt.join_words([c.name.lower() for c in costs])
    words += (
        f" For a cost, such as {said}, the lower the cost the higher the value, so it is drawn "
        "as value, not as the score."
    )
    c = next((c for c in costs if c.name in summ.part_labels), None)
    if c is None or not summ.labels:
        return words, ""
    j = list(dm.criteria).index(c.id)
    k = list(summ.part_labels).index(c.name)

    def case(i: int) -> str:
        o = order[i]
        value = fmt.number(float(dm.values[dm.options.index(o), j]), 1)
        return (
            f"{short(o)}, scored {fmt.raw(c, ws.option(o).scores[c.id].value)}, has a value of "
            f"{value} and a part of {fmt.weight_pct(float(w0[j]))} \u00d7 {value} = "
            f"{fmt.points(summ.parts[i, k])}"
        )

    cases = [case(i) for i in range(min(2, len(summ.labels)))]
    return words, f"{c.name} is a cost (a higher score is worse): " + "; ".join(cases) + "."


def _held(feasible: tuple[float, float]) -> bool:
    """An acceptable range that holds the weight at one value, as shown at one decimal."""
    lo, hi = feasible
    return lo == lo and round(100 * lo, 1) == round(100 * hi, 1)


def compose_chunks(seq, n):
    return [seq[i : i + n] for i in range(0, len(seq), n)] or [seq]
