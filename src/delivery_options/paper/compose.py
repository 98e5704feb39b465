"""The options paper, from the analysis: it follows the Green Book's route from the long list,
through the screen (with the reason for each rejection), to the appraisal of the short list, its
risks, where the stakeholders stand, what would change the answer and the preferred way
forward; the method, every score and every table of the analysis are in annexes. No method's
name appears before the annexes. The submission is in ``submission.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..present.cells import format_cell
from ..present.table import Table
from ..present.words import possessive
from .document import (
    Box,
    Break,
    Contents,
    Document,
    Figure,
    Grid,
    Heading,
    Items,
    Para,
    without_command,
)
from .fmt import (
    count,
    join_words,
    pct,
    points,
    raw,
    raw_range,
    scale_text,
    score_rows,
    uk_date,
    weight_pct,
)
from .narrative import BASIS_WORDS, BODY_OPTIONS, RULES, the

NOT_STATED = "not stated"
MAX_COLUMNS = 6  # a table wider than this is split, its key columns repeated
OPTION_COLUMNS = 4  # options (or stakeholders) side by side in a transposed table


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _chunks(seq: Sequence, n: int) -> list[Sequence]:
    return [seq[i : i + n] for i in range(0, len(seq), n)] or [seq]


MAX_ROWS = 100  # an annex table longer than this shows its first rows and says where the rest is
BODY_ROWS = 30  # a table or list in the body longer than this shows its first rows
LIST_ITEMS = 50  # a list in one table cell longer than this shows its first LIST_SHOWN items
LIST_SHOWN = 20
ACCEPTABILITY_ROWS = 60  # Annex D: the options most often ranked high
#: Annex C's switching table: 'Largest' is another move than 'Moved' (office reading 7, A11)
LARGEST_NOTE = "Largest: the smallest possible largest change to any one weight."
LARGEST_SAID = (
    "Largest: the least that the largest change to any one weight can be, by a different move "
    "from the one in Moved, spread over several weights."
)
LARGEST_HEADER = {
    "Largest (points)": "Largest one-weight change, another move (points)",
    "Largest": "Largest one-weight change, another move",
}
#: beside a table of objectives' weights: each is summed before rounding (office reading 7, A9)
OBJECTIVE_ROUNDING = (
    "Each weight is rounded on its own and an objective's is summed before rounding, so it may "
    "differ by 0.1 from the sum of the rounded weights beneath it."
)
EVIDENCE_ITEMS = 16  # scores of the top two that could change the top option, listed
SAME_FINDINGS = 3  # a kind of finding found more often than this is shown once, counted
CELL_RISKS = 12  # a cell of the risk matrix holding more risks than this counts them
BRIEF_OPTIONS = 6  # the submission names up to this many options in a list
BRIEF_RISKS = 3  # more than that: the largest risk of the 3 ranked highest


def _first(shown: int, total: int, what: str, where: str) -> str:
    """How a cut is said: 'The first 100 of 300 rows are shown; every row: options ...'."""
    return f"The first {shown} of {total} {what} are shown; {where}."


def _short_list_cell(text: str) -> tuple[str, bool]:
    """A cell holding a long comma-separated list keeps its first items and counts the rest."""
    items = text.split(", ")
    if len(items) <= LIST_ITEMS:
        return text, False
    return ", ".join(items[:LIST_SHOWN]) + f" and {len(items) - LIST_SHOWN} more", True


def grids_from_table(
    t: Table,
    small: bool = True,
    caption: str | None = None,
    command: str = "",
    rank: dict[str, int] | None = None,
    doc: Document | None = None,
    where: str = "",
) -> list[Grid]:
    """A result's table as one or more grids that fit the page: key columns repeated; a table
    of more than ``MAX_ROWS`` rows shows its first rows (those of the highest-ranked options,
    given each option's place in ``rank``) and names the command for the rest; a cell listing
    more than ``LIST_ITEMS`` items shows its first ones. Each cut is said in the table's notes
    (and recorded in ``doc``)."""
    extra: list[str] = []
    every = f"every row: {command}" if command else "the rest are not shown"
    rows = t.rows
    if len(rows) > MAX_ROWS:
        at = next((j for j, c in enumerate(t.columns) if c.key == "option"), None)
        if rank is not None and at is not None and "rank" not in t.keys:
            best = sorted({r[at] for r in rows}, key=lambda o: (rank.get(o, len(rank)), o))
            keep = set(best[:MAX_ROWS])
            picked = [r for r in rows if r[at] in keep]
            if len(picked) <= MAX_ROWS:
                extra.append(
                    f"The rows of the {len(keep)} highest-ranked of {len(best)} options are "
                    "shown"
                    + (f" ({len(picked)} of {len(rows)} rows)" if len(picked) != len(keep) else "")
                    + f"; {every}."
                )
                rows = tuple(picked)
        if len(rows) > MAX_ROWS:
            extra.append(_first(MAX_ROWS, len(rows), "rows", every))
            rows = rows[:MAX_ROWS]
    cols = [(j, c) for j, c in enumerate(t.columns) if c.text]
    cells = []
    listed = False
    for row in rows:
        out_row = []
        for j, c in cols:
            text = format_cell(c, row[j])
            if len(text) > 400:
                text, cut = _short_list_cell(text)
                listed = listed or cut
            out_row.append(text)
        cells.append(out_row)
    if listed:
        extra.append(
            f"A list of more than {LIST_ITEMS} items in a cell shows its first {LIST_SHOWN}"
            + (f"; every item: {command}." if command else ".")
        )
    if doc is not None:
        for x in extra:
            doc.cut(f"{where}, \u201c{t.title}\u201d", x)
    keys = [k for k, (_, c) in enumerate(cols) if c.key_column] or [0]
    rest = [k for k in range(len(cols)) if k not in keys]
    width = max(1, MAX_COLUMNS - len(keys))
    parts = _chunks(rest, width) if rest else [[]]
    out = []
    title = t.title if caption is None else caption
    for k, part in enumerate(parts):
        use = keys + list(part)
        cap = title if len(parts) == 1 else f"{title} ({k + 1} of {len(parts)})"
        out.append(
            Grid(
                cap,
                tuple(cols[i][1].heading for i in use),
                tuple(tuple(r[i] for i in use) for r in cells),
                tuple(cols[i][1].numeric for i in use),
                (*t.notes, *map(without_command, extra)) if k == len(parts) - 1 else (),
                small=small,
            )
        )
    return out


def _split(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool] = (),
    notes: Sequence[str] = (),
    small: bool = False,
) -> list[Grid]:
    """A table wider than ``MAX_COLUMNS`` as several, its first column repeated in each."""
    if len(header) <= MAX_COLUMNS:
        return [
            Grid(
                caption, tuple(header), tuple(map(tuple, rows)), tuple(numeric), tuple(notes), small
            )
        ]
    parts = _chunks(list(range(1, len(header))), MAX_COLUMNS - 1)
    num = list(numeric) + [False] * len(header)
    return [
        Grid(
            f"{caption} ({k + 1} of {len(parts)})",
            (header[0], *(header[j] for j in part)),
            tuple((r[0], *(r[j] for j in part)) for r in rows),
            (num[0], *(num[j] for j in part)),
            tuple(notes) if k == len(parts) - 1 else (),
            small,
        )
        for k, part in enumerate(parts)
    ]


def _short_name(name: str) -> str:
    """A stakeholder's name for a column heading: without its bracketed gloss."""
    return name.split(" (", 1)[0]


def _short_names(text: str, sts) -> str:
    """The text with each stakeholder's name without its bracketed gloss (the submission)."""
    for s in sorted(sts, key=lambda s: -len(s.name)):
        text = text.replace(s.name, _short_name(s.name))
    return text


# --- the options paper ---------------------------------------------------------------------


def paper(c: dict) -> Document:
    """The options paper in the Green Book's five cases, after a summary; the annexes last."""
    from .sections import commercial, economic_case, financial, management, strategic

    ws, n = c["ws"], c["narrative"]
    doc = Document("paper", ws.title, "Options paper", c["meta"]["marking"], cover_rows(c["cover"]))
    _front(doc, c, "Options paper")
    doc.add(Break(), Contents(), Break())
    _summary(doc, c)
    strategic.section(doc, c)
    economic_case.section(doc, c)
    number = 1 + sum(1 for h in doc.contents() if h.text[:1].isdigit())
    vfm = next(h.text for h in doc.contents() if h.text.endswith("Value for money"))
    commercial.section(doc, c, number)
    financial.section(doc, c, number + 1, f"section {vfm.split('.', 1)[0]}")
    management.section(doc, c, number + 2)
    doc.add(Break())
    _annexes(doc, c)
    del n
    if doc.cuts:  # said once up front; each cut is said where it is made, and listed in Annex G
        at = next(  # at the end of the summary: before the first part heading
            i
            for i, b in enumerate(doc.blocks)
            if isinstance(b, Heading) and b.level == 1 and not b.text.startswith("1. ")
        )
        doc.blocks.insert(
            at,
            Para(
                f"This appraisal has {len(ws.options)} options and {len(ws.criteria)} criteria. "
                "Where a table or list would run to many pages, the paper shows the options "
                "ranked highest and summarises the rest; each cut is said where it is made, and "
                "Annex G lists them all, with the command that prints everything.",
                lead="What the paper leaves out.",
                style="note",
            ),
        )
    return doc


def cover_rows(cover) -> tuple[tuple[str, str], ...]:
    """The cover's fields the workspace records, and those it does not named once, in one row
    ('Not stated: organisation, author, version and protective marking')."""
    shown = tuple((k, v) for k, v in cover if v and v != NOT_STATED)
    gone = [k.lower() for k, v in cover if not v or v == NOT_STATED]
    if not gone:
        return shown
    return (*shown, ("Not stated", _cap(join_words(gone))))


#: Two ranges of a weight, two names: over every weighting the readings allow (section 6), and
#: along the path of moving one weight alone, the others rescaled (Figure 2, Annex C).
WIDEST = "widest range"
MOVED_ALONE = "Acceptable, moved alone"


def _relabel(g: Grid, names: dict[str, str]) -> Grid:
    from dataclasses import replace

    return replace(g, header=tuple(names.get(h, h) for h in g.header))


def trials_differ(c: dict) -> str:
    """Why the tests count different numbers of trials, when they do: one figure, one reason."""
    lead, smaa = c.get("lead"), c["smaa"]
    if lead is None or not getattr(lead, "samples", None) or lead.samples == smaa.samples:
        return ""
    if smaa.stop == "asked":
        how = f"uses the {smaa.samples:,} trials asked for"
    elif smaa.stop == "converged":
        h = f"\u00b1{100 * (smaa.half_width or 0):.0f} point"
        how = (
            f"stops once every share it reports is known to within {h} (at 95% confidence), "
            f"here after {smaa.samples:,} trials"
        )
    elif smaa.stop == "cap":
        h = f"\u00b1{100 * (smaa.half_width or 0):.0f} point"
        how = f"uses {smaa.samples:,} trials, enough for every share it reports to within {h}"
    else:  # stopped at its limit: the precision it reached, not the one it aimed for
        h = f"\u00b1{100 * smaa.error_bound:.1f} points"
        how = f"stops at its limit of {smaa.samples:,} trials, with every share within {h}"
    return (
        f"The trials differ in number by design: varying the scores alone uses a fixed "
        f"{lead.samples:,}; varying weights and scores together {how}."
    )


def _reasons(c: dict) -> tuple[str, ...]:
    """The narrative's reasons, with the one on which options can come first said as what it
    is: no finding when every short-listed option can, and an input when the stakeholder's own
    statements already put every other option below them."""
    from ..present.words import possessive
    from .narrative import stated_below

    n, ws, st = c["narrative"], c["ws"], c["stakeholder"]
    if not n.possibly_first_reason:
        return n.reasons
    ok = c["accepts"]
    record = f"{possessive(the(st.name))} record"
    statements = tuple(getattr(st, "statements", ()) or ())
    long_ids = c["long_list"].option_ids
    said = stated_below(statements, long_ids, n.possibly_first)
    pf = [c["label"](o) for o in n.possibly_first]
    if len(n.possibly_first) == len(ws.options) > 1:  # a limit of the record, not a result
        from .question import weight_question

        text = (
            f"{_cap(record)} does not say enough to settle which short-listed option comes "
            f"first: each does under some of {ok} (section 6). That is a limit of what is "
            "recorded, not a finding about the options"
            + (
                "; section 8 puts the question that would settle it to the decision-maker."
                if weight_question(c) is not None
                else "."
            )
        )
    elif said:
        text = (
            f"{_cap(record)} already puts every other option below {join_words(pf)} (section 6), "
            f"so that only they can come first within {ok} is an input to this analysis, not a "
            "finding."
        )
    else:
        return n.reasons
    if said and len(n.possibly_first) == len(ws.options) and len(long_ids) > len(ws.options):
        text += (
            f" That no option outside the short list could come first is not a finding either: "
            f"{record} states it, and the weights modelled from it honour it (section 6)."
        )
    return tuple(text if r == n.possibly_first_reason else r for r in n.reasons)


#: what is sought, when the workspace records no decision ([appraisal.decision] sought, answers)
NO_DECISION = (
    "Not recorded. The workspace does not say what the decision-maker is asked to decide now, "
    "or which answers are open."
)


def _decision_rows(d: dict) -> tuple[tuple[str, str], ...]:
    """The decision box: each field the workspace records; one it does not is left out."""
    rows = (("Decision sought", d["sought"]), ("By when", d["by"]), ("Who decides", d["maker"]))
    return tuple((k, v) for k, v in rows if v)


def _who_and_when(d: dict) -> Para | None:
    """'The Secretary of State, by 30 June.': a clause the workspace does not record is left
    out, and with neither recorded, the sentence."""
    maker, by = (d[k].strip().rstrip(".") for k in ("maker", "by"))
    if maker and by:
        return Para(f"{maker}, by {by}.", lead="Who decides, and by when.")
    if maker:
        return Para(f"{maker}.", lead="Who decides.")
    if by:
        return Para(f"{by}.", lead="By when.")
    return None


def examples_note(c: dict, labelled: bool = True) -> Para | None:
    """On the cover, when the workspace still holds the example text ``options init`` wrote:
    which files, and that nothing in the document is evidence yet (and, when ``labelled``, that
    its result is labelled provisional)."""
    files = c.get("placeholders") or ()
    if not files:
        return None
    hold = "holds" if len(files) == 1 else "hold"
    return Para(
        f"{join_words(list(files))} still {hold} the example text that options init wrote "
        "(options check lists every field). This is a draft on placeholders: its figures rest on "
        "no evidence yet" + (", and its result is labelled provisional." if labelled else "."),
        lead="Placeholders, not evidence.",
        style="note",
    )


def _front(doc: Document, c: dict, kind: str) -> None:
    note = examples_note(c)
    if note:
        doc.add(note)
    rows = _decision_rows(c["decision"])
    if rows:
        doc.add(Box("The decision", rows))
    doc.add(
        Para(
            f"{_cap(c['narrative'].headline)}",
            lead="The analysis in brief.",
            style="headline",
        )
    )


def _concluded(c: dict) -> Para | None:
    d = c["ws"].decision
    if not d.concluded:
        return None
    who = d.concluded_by or "the decision-maker"
    where = f" ({d.source})" if d.source else ""
    return Para(
        f"\u201c{d.concluded}\u201d{where}. The recommendation above is this analysis's, set "
        f"beside that conclusion, not put in the words of {who}.",
        lead=f"What {who} concluded.",
        style="quote",
    )


def _summary(doc: Document, c: dict) -> None:
    n = c["narrative"]
    doc.add(Heading(1, "1. Summary and recommendation"))
    doc.add(Para(_cap(n.headline), lead="Recommendation.", style="headline"))
    doc.add(
        Para(
            f"{n.status}: the least certain of the tests below, each of which gives its own "
            f"verdict. Annex A sets out the rules.",
            lead="Overall, how certain:",
        )
    )
    for para in records_settle(c):
        doc.add(para)
    q = _concluded(c)
    if q:
        doc.add(q)
    doc.add(Heading(2, "Why"), Items(tuple(_cap(r) for r in _reasons(c)), ordered=True))
    if n.long_dissent:  # agreement on the short list is not agreement over the long list
        doc.add(Para(" ".join(_cap(x) for x in n.long_dissent)))
    doc.add(
        Heading(2, "How certain is this?"),
        Items(tuple(f"{t.sentence} On this test alone: {t.verdict}." for t in n.verdicts)),
    )
    why = trials_differ(c)
    if why:
        doc.add(Para(why, style="note"))
    if len({t.verdict for t in n.verdicts}) > 1:
        doc.add(
            Para(
                "Each test has its own thresholds (Annex A), so near-equal shares can carry "
                "different labels. A share of trials is not a share of the weightings a party's "
                "record allows (section 6).",
                style="note",
            )
        )
    if n.caveats:
        shown = n.caveats[:4]
        doc.add(Heading(2, "What would change it"), Items(tuple(_cap(x) for x in shown)))
        # counted from the list section 7 shows, not from every caveat
        listed = _section7_items(c)
        more = [x for x in listed if x not in shown]
        if more:
            # counted from the result: a statement of scores moving alike gives each threshold
            per = dict(zip(n.evidence, n.thresholds, strict=False))
            weights = len(_weight_items(n))
            scores = sum(per.get(x, 1) for x in listed if x in per)
            hidden = sum(per.get(x, 1) for x in more if x in per) + sum(
                1 for x in more if x not in per
            )
            kinds = join_words(
                (
                    [f"{count(weights)} change{'s' if weights != 1 else ''} of weights"]
                    if weights
                    else []
                )
                + (
                    [f"{count(scores)} score threshold{'s' if scores != 1 else ''}"]
                    if scores
                    else []
                )
            )
            doc.add(
                Para(
                    f"Section 7 lists {weights + scores} such changes ({kinds}); {hidden} of "
                    "them are not shown here.",
                    style="note",
                )
            )


def _shares_words(s, short, allows: str = "its record allows") -> str:
    """'option 5 comes first under 77% of the weightings its record allows, option 2 under 23%':
    a share of weightings, named so (never to be read as a share of trials)."""
    from ..methods.record import share_words

    parts = [f"{short(o)} under {share_words(x)}" for o, x in s.shares]
    if not parts:
        return ""
    head = parts[0].replace(" under ", " comes first under ", 1) + f" of the weightings {allows}"
    return ", ".join([head, *parts[1:]])


def _maker_lead(c: dict) -> str:
    maker_words = c["decision"]["maker"].strip().rstrip(".")
    if maker_words.startswith("The "):
        maker_words = "t" + maker_words[1:]
    return f"For the decision-maker, {maker_words}." if maker_words else "For the decision-maker."


def _maker_reading(c: dict, maker, s, rk, short) -> str:
    """The weights standing for the decision-maker, said as what they are: this appraisal's
    reading of its record (an input), never the decision-maker's own preference; where the
    record states no view on the options (a Direction's question, say), that is said first."""
    who = the(_short_name(maker.name))
    statements = tuple(getattr(maker, "statements", ()) or ())
    sources = {x.source for x in statements if getattr(x, "source", "")}
    on_options = any(hasattr(x, "better") or hasattr(x, "a") for x in statements)
    text = ""
    if len(sources) == 1:
        src = sources.pop()
        if src[:1].isupper() and not src.startswith(("The ", "A ", "An ")):
            src = "the " + src
        text = f"{_cap(possessive(who))} record here is {src}"
        text += ", which states no view on the options. " if not on_options else ". "
    text += (
        f"The weights this appraisal reads from it are an input to this analysis, not a "
        f"preference {who} stated."
    )
    if s.settled:
        return text + f" On that reading, {short(s.first[0])} comes first under every weighting."
    text += f" On that reading, {_shares_words(s, short, 'the reading allows')}."
    if len(rk.rows) > 1 and len(rk.leaders) == 1:
        gap = rk.rows[0].score - rk.rows[1].score
        text += (
            f" At the centre of those weights {short(rk.leaders[0])} leads by {gap:.1f} points; "
            "that is a representative point, not a preference."
        )
    return text


def _base_case_why(c: dict) -> str:
    """Why the base case uses the weights it does, in one sentence: the party whose conclusion
    the decision-maker has before them (``concluded_by``), when they are that party; otherwise
    only whose weights they are."""
    d, base = c["ws"].decision, c["stakeholder"]
    by = (d.concluded_by or "").strip()
    plain = lambda x: x.lower().removeprefix("the ").split(" (", 1)[0]  # noqa: E731
    if by and plain(by) == plain(base.name):
        src = f" ({d.source})" if d.source else ""
        return (
            f"This paper's base case uses {c['weights_by']}. It does so because the conclusion "
            f"before the decision-maker is {possessive(by)}{src}. Section 6 gives every party's."
        )
    return f"This paper's base case uses {c['weights_by']}; section 6 gives every party's."


def records_settle(c: dict) -> list[Para]:
    """What the records settle, the decision-maker's first: its first choice only where its
    record settles it, and otherwise the options it leaves open with their shares; a first
    choice a party's own statements give is said to be an input (issue 19)."""
    compared = c.get("compared")
    settled = {s.stakeholder: s for s in getattr(compared, "settled", ()) or ()}
    sts = [s for s in c["stakeholders"] if s.id in settled]
    if not sts:
        return []
    stated = c.get("stated_first", set())

    def short(oid: str) -> str:  # "option 5" inside a sentence
        name = c["short"](oid)
        return "o" + name[1:] if name.startswith("Option ") else name

    maker_id = c["ws"].decision.maker_weights
    maker = next((s for s in sts if maker_id and s.id == maker_id), None)
    rankings = {rk.stakeholder: rk for rk in compared.rankings}
    out = []
    if maker is not None:
        out.append(
            Para(
                _maker_reading(c, maker, settled[maker.id], rankings[maker.id], short),
                lead=_maker_lead(c),
            )
        )
    rest = [s for s in sts if s is not maker]
    by_statement = [s for s in rest if settled[s.id].settled and s.name in stated]
    by_record = [s for s in rest if settled[s.id].settled and s.name not in stated]
    open_ = [s for s in rest if not settled[s.id].settled]
    said = []
    names = lambda xs: join_words([the(_short_name(s.name)) for s in xs])  # noqa: E731
    base = c["stakeholder"]
    for s in open_:
        if s.id == base.id:
            said.append(
                f"The record of {the(_short_name(s.name))} settles no first choice: "
                f"{_shares_words(settled[s.id], short)}."
            )
    others_open = [s for s in open_ if s.id != base.id]
    if others_open:
        said.append(
            f"Nor do the records of {names(others_open)}."
            if said
            else f"The records of {names(others_open)} settle no first choice."
        )
    for s in by_record:
        said.append(
            f"The record of {the(_short_name(s.name))} settles {short(settled[s.id].first[0])} first."
        )
    if by_statement:
        firsts = {settled[s.id].first[0] for s in by_statement}
        if len(firsts) == 1:
            said.append(
                f"This appraisal reads the records of {names(by_statement)} as putting "
                f"{short(firsts.pop())} first on the short list: an input, not a finding."
            )
        else:
            said += [
                f"This appraisal reads the record of {the(_short_name(s.name))} as putting "
                f"{short(settled[s.id].first[0])} first: an input, not a finding."
                for s in by_statement
            ]
    if said:
        said.append(_base_case_why(c))
        out.append(Para(" ".join(said), lead="What the other parties' records settle."))
    return out


def basis_of(s) -> str:
    """How a stakeholder's weights came about, as the paper attributes them: "modelled" (by the
    analyst), "stated" (given by or for the stakeholder), "inferred" (from what it said) or
    "elicited"; an object that does not say is "modelled", the most guarded word."""
    found = str(getattr(s, "attribution", "") or "modelled")
    return found if found in BASIS_WORDS else "modelled"


_basis = basis_of


def _tag(ws, oid: str) -> str:
    o = ws.option(oid)
    return str(o.number) if o.number is not None else oid


def _constraints_text(s, ws) -> str:
    cons = s.constraints
    parts = ["weights under which the readings above hold"] if _used(s) else []
    parts += [
        f"{ws.criterion(k).name} held at {100 * lo:.0f}%"
        if lo == hi
        else f"{ws.criterion(k).name} between {100 * lo:.0f}% and {100 * hi:.0f}%"
        for k, (lo, hi) in cons.bounds.items()
    ]
    parts += [
        f"{ws.criterion(a).name} weighted at least as much as {ws.criterion(b).name}"
        for a, b in cons.order
    ]
    if cons.tolerance is not None:
        parts.append(
            f"no weight more than {100 * cons.tolerance:.0f} points from the weights shown"
        )
    return "; ".join(parts) if parts else "no limits recorded (any weights)"


def _used(s) -> bool:
    return any(getattr(x, "use", True) for x in getattr(s, "statements", ()) or ())


def _said_lead(s) -> str:
    """Whose words the statements are: a modelled stakeholder's come from the record, as the
    analyst read it, and are never put in the stakeholder's mouth."""
    basis = getattr(s, "basis", "modelled")
    if basis == "modelled":
        return "What the record shows, and how the analyst read it:"
    if basis == "elicited":
        return f"What {the(s.name)} said when asked" + (
            f" ({uk_date(str(s.date))}):" if s.date else ":"
        )
    return f"What {the(s.name)} said:"


def _said(s, number, crit_name, crit_ids) -> tuple[str, ...]:
    """The stakeholder's statements: each source and its evidence once, as recorded (its quotation
    marks are the record's), then what it was read as, with preferences for one option merged."""
    groups: dict[tuple[str, str, bool], list] = {}
    for x in s.statements:
        groups.setdefault((x.source, x.evidence, x.use), []).append(x)
    out = []
    for (source, evidence, use), items in groups.items():
        head = (f"{source}: {evidence.strip()}" if evidence.strip() else source).rstrip()
        stop = "" if head.endswith((".", "!", "?", "\u2026")) else "."  # never '..'
        tail = " (on the record, but not used for the weights)" if not use else ""
        out.append(f"{head}{stop} Read as: {_readings(items, number, crit_name, crit_ids)}{tail}.")
    return tuple(out)


def _readings(items, number, crit_name, crit_ids) -> str:
    """Statements in plain words; options by number ("option 2 preferred to options 1 and 3")."""

    def side(x) -> str:
        if isinstance(x, str):
            return "every other option" if x == "*" else number(x)
        made_up = ", ".join(f"{crit_name(c)} {v:g}" for c, v in x.values)
        return f"a made-up option ({made_up})"

    def sides(xs: list) -> str:
        nums = [number(x) for x in xs if isinstance(x, str) and x != "*"]
        if len(nums) == len(xs) > 1 and all(n.startswith("option ") for n in nums):
            return "options " + join_words([n.removeprefix("option ") for n in nums])
        return join_words([side(x) for x in xs])

    prefer: dict[str, list] = {}
    out: list[tuple[bool, str]] = []  # (a preference group?, its key or the reading)
    for x in items:
        if hasattr(x, "better"):
            key = side(x.better)
            if key not in prefer:
                prefer[key] = []
                out.append((True, key))
            prefer[key].append(x.worse)
        elif hasattr(x, "a"):
            out.append((False, f"{side(x.a)} and {side(x.b)} equally good"))
        elif hasattr(x, "order"):
            out.append((False, " weighed at least as much as ".join(crit_name(c) for c in x.order)))
        else:
            out.append((False, _swing_words(x.ratings, crit_name, crit_ids)))
    return "; ".join(f"{k} preferred to {sides(prefer[k])}" if grp else k for grp, k in out)


def _swing_words(ratings, crit_name, crit_ids) -> str:
    """Interval swing ratings in words. One swing rated exactly 100 and the others anywhere from 0
    to 100 says only that its criterion weighs at least as much as each of the others named
    (Mustajoki, Hamalainen & Salo 2005); that is said so."""
    top = [c for c, lo, hi in ratings if lo == hi == 100]
    free = [c for c, lo, hi in ratings if (lo, hi) == (0, 100)]
    if len(top) == 1 and len(free) == len(ratings) - 1:
        rest = [c for c in crit_ids if c != top[0]]
        whom = (
            "any other criterion"
            if set(free) == set(rest)
            else join_words([crit_name(c) for c in free])
        )
        return f"{crit_name(top[0])} weighs at least as much as {whom}"
    rated = [
        f"{crit_name(c)} {lo:g}" if lo == hi else f"{crit_name(c)} {lo:g} to {hi:g}"
        for c, lo, hi in ratings
    ]
    return "swings rated, out of 100 for the most valued: " + join_words(rated)


def _weight_cell(s, crit: str, ranges: dict) -> str:
    shown = weight_pct(s.weights[crit])
    rng = ranges.get(s.id, {}).get(crit)
    if rng is None:
        return shown
    lo, hi = (100 * v for v in rng)
    nb = "\u00a0"  # the range stays on one line with its weight
    if round(lo) == round(hi):
        return f"{shown}{nb}(fixed)"
    return f"{shown}{nb}({lo:.0f}{nb}to{nb}{hi:.0f}%)"


def _weight_items(n) -> list[str]:
    return [x for x in n.caveats if "draw level if the weights changed" in x]


def _section7_items(c: dict) -> list[str]:
    """What section 7 lists of the things that would change the answer: the weight change, then
    the scores (the first ``EVIDENCE_ITEMS``)."""
    n = c["narrative"]
    return _weight_items(n) + list(n.evidence[:EVIDENCE_ITEMS])


def _figure_cuts(doc: Document, c: dict, name: str, where: str) -> None:
    """Record what a chart leaves out (its table's notes say it)."""
    for text in c.get("figure_cuts", {}).get(name, ()):
        doc.cut(where, text)


def _number(c: dict, oid: str) -> str:
    """'option 2', or the option's name when it has no number."""
    o = c["long_list"].option(oid)
    return f"option {o.number}" if o.number is not None else o.name


def _evidence(doc: Document, c: dict) -> list:
    """The scores of the top two whose plausible range holds a change of the top option: the
    first ``EVIDENCE_ITEMS``, and where the rest are."""
    n = c["narrative"]
    out: list = [Items(tuple(_cap(e) for e in n.evidence[:EVIDENCE_ITEMS]))]
    if len(n.evidence) > EVIDENCE_ITEMS:
        out.append(
            Para(
                doc.cut(
                    "Section 7, the scores that could change the top option",
                    f"The first {EVIDENCE_ITEMS} of {len(n.evidence)} such statements are "
                    f"listed; every score that could change the top option is marked 'yes: "
                    f"check the evidence' by options sensitivity -w "
                    f"{c['stakeholder'].id} -f csv --table score_switching.",
                ),
                style="note",
            )
        )
    return out


# --- annexes --------------------------------------------------------------------------------


def _annexes(doc: Document, c: dict) -> None:
    ws, n = c["ws"], c["narrative"]
    smaa = c["smaa"]
    doc.add(Heading(1, "Annex A. Method"))
    doc.add(
        Para(
            "This annex names the methods behind the plain-English sections above, for readers "
            "who want to check them. The main text needs none of it."
        )
    )
    doc.add(
        Items(
            (
                "Value model: an additive multi-criteria model (DCLG, Multi-criteria analysis: a "
                "manual, 2009). Raw scores are mapped linearly onto 0\u2013100 between the "
                "criterion's fixed anchors, reversed for a cost; weights are normalised to sum "
                "to 1; an option's overall score is the weighted sum.",
                _swing_method(c),
                "Switching weights: the least total change in weights for an option to draw "
                "level with every other (Annex C's Moved column), and, by another move, the least "
                "that the largest change to any one weight can be (its Largest column); each found by "
                "linear programming over the weights the stakeholder would accept (its bounds, "
                "order and tolerance), and each answer checked by scoring the options again "
                "(technically, the L1 and L\u221e distances).",
                "Weight stability intervals: each weight moved alone with the others rescaled in "
                "proportion, in closed form (Mareschal 1988).",
                "Score switching values: the score, one at a time with the weights held, at which "
                "the top option changes, compared with the score's plausible range.",
                f"Uncertainty: SMAA-2 (Lahdelma and Salminen 2001), {count(smaa.samples)} draws "
                f"with seed {smaa.seed}. Weights: {_plain_method(smaa.weight_method)}. Scores: "
                f"{smaa.score_method}. Every acceptability is within "
                f"\u00b1{100 * smaa.error_bound:.1f} points at 95% confidence, all together.",
                "The head to head of the top two: "
                + (
                    f"{count(c['lead'].samples)} draws of the scores alone (triangular within "
                    f"each plausible range), weights held, seed {smaa.seed}."
                    if c["lead"]
                    else "not computed (one option)."
                ),
                "Agreement between stakeholders' rankings: how alike two rankings are "
                "(Kendall's tau-b); how far each option falls short of each party's best "
                "(regret), and the option that leaves the worst-off party least short "
                "(minimax regret); any mix of the parties' weights (their convex hull); common "
                "ground: the weights every party would accept at once.",
                f"The weight calculations are linear programs, solved with the "
                f"{c['audit']['solver']} solver; the choice of solver never changes an answer.",
            )
        )
    )
    rules = RULES if c.get("placeholders") else tuple(r for r in RULES if "Provisional" not in r)
    doc.add(Para("", lead="How certain the paper may sound:"), Items(rules))
    doc.add(
        Grid(
            "The certainty tests as they came out",
            ("Test", "Result", "This test alone"),
            tuple((t.name, t.sentence, t.verdict) for t in n.verdicts),
            small=True,
            widths=(1, 6, 1.4),
        )
    )

    doc.add(Heading(1, "Annex B. Every score and its evidence"))
    if len(ws.options) > COMPACT_FROM:
        _scores_compact(doc, c)
    else:
        _scores_by_option(doc, c)

    doc.add(Heading(1, "Annex C. Sensitivity tables"))
    who = c["stakeholder"].id
    place = {r.option: i for i, r in enumerate(c["ranking"].rows)}
    gone = "The options screened out, and the requirements each fails, are in section 3."
    for t in c["sensitivity_tables"]:
        if t.name == "screened_out":  # shown once, in section 3
            doc.add(Para(gone, style="note"))
            continue
        if t.name == "robust":
            t = _renamed_notes(t, {MINIMAX_ONE: SAFEST_ONE})
        if t.name == "score_switching":
            t = _score_switching_plain(t)
        if t.name == "switching":  # two moves side by side: said to be two (reading 7, A11)
            t = _renamed_notes(t, {LARGEST_NOTE: LARGEST_SAID})
        doc.add(
            *(
                _relabel(g, {"Acceptable": MOVED_ALONE, **LARGEST_HEADER})
                for g in grids_from_table(
                    t,
                    command=f"options sensitivity -w {who} -f csv --table {t.name}",
                    rank=place,
                    doc=doc,
                    where="Annex C",
                )
            )
        )

    doc.add(Heading(1, "Annex D. Uncertainty: rank acceptability"))
    fig3 = c.get("figures", {}).get("acceptability")
    grids = _acceptability_grids(doc, c)
    if fig3 is not None and all(
        g.header[1:] == fig3.table.header[1:] and len(g.rows) == len(fig3.table.rows) for g in grids
    ):  # the table under Figure 3 already holds every share: said once, not twice
        doc.add(
            Para(
                "Every option's share of the trials at each rank is the table under Figure 3 "
                "(section 7), which shows them all; Annex A gives the method."
            )
        )
    else:
        doc.add(*grids)

    doc.add(Heading(1, "Annex E. The stakeholders compared"))
    for t in c["compare_tables"]:
        if t.name == "agreement" and len(c["stakeholders"]) > 12:
            continue
        if t.name == "screened_out":  # shown once, in section 3
            doc.add(Para(gone, style="note"))
            continue
        caption = None
        if t.name == "back_test" and not shows_outcome(c):
            continue  # decided after the paper's date: not known on it (README, options compare)
        if t.name == "ranks":
            t = _stated_notes(t, c)
        if t.name == "regret":
            t = _regret_as_printed(t, c["compare_tables"])
        if t.name == "objective_weights":  # the sum is of the weights before rounding
            from dataclasses import replace

            t = replace(t, notes=(*t.notes, OBJECTIVE_ROUNDING))
        if t.name == "back_test":  # what was decided later: labelled as added after the event
            out = c["long_list"].outcome
            when = f" ({uk_date(out.date)})" if out is not None and out.date else ""
            what = ", ".join(
                x
                for x in (
                    c["long_list"].option_label(out.option) if out is not None else "",
                    uk_date(out.date) if out is not None else "",
                )
                if x
            )
            caption = "A check added after the event: what was decided later" + (
                f" ({what})" if what else ""
            )
            doc.add(
                Heading(2, "A check added after the event"),
                Para(
                    f"The appraisal rests on the record as of {uk_date(ws.date) or NOT_STATED}. "
                    f"What was decided later{when} is not part of it: no result above uses it. "
                    "It is set beside the model afterwards, only as a check of it."
                ),
            )
        ids = {s.id: _short_name(s.name) for s in c["stakeholders"]}  # names, never file ids
        doc.add(
            *(
                _relabel(g, ids)
                for g in grids_from_table(
                    t,
                    caption=caption,
                    command=f"options compare -f csv --table {t.name}",
                    rank=place,
                    doc=doc,
                    where="Annex E",
                )
            )
        )

    doc.add(Heading(1, "Annex F. Method checklist"))
    doc.add(
        Grid(
            "The eight steps of the DCLG multi-criteria manual",
            ("Step", "Met?", "What this appraisal shows"),
            tuple(tuple(row) for row in c["dclg"]),
            small=True,
            widths=(2, 1, 5),
        )
    )
    findings = c["findings"]
    if findings:
        kinds: dict[str, list] = {}
        for f in findings:
            kinds.setdefault(f.code, []).append(f)
        rows = []
        for f in findings:
            same = kinds[f.code]
            if len(findings) <= BODY_ROWS or len(same) <= SAME_FINDINGS:
                rows.append((f.message, f.why, f.reference))
            elif f is same[0]:
                rows.append(
                    (
                        f"{f.message.rstrip('.')}; and {count(len(same) - 1)} more findings "
                        "of this kind.",
                        f.why,
                        f.reference,
                    )
                )
        grouped = len(rows) < len(findings)
        doc.add(
            Grid(
                "What the method checks found (warnings to weigh, not errors)",
                ("Finding", "Why it matters", "Reference"),
                tuple(rows),
                small=True,
                widths=(3, 4, 2),
                notes=(
                    (
                        doc.cut(
                            "Annex F, what the method checks found",
                            f"Of {count(len(findings))} findings, a kind found more than "
                            f"{SAME_FINDINGS} times is shown once, with its count; every "
                            f"finding: options check -f csv.",
                        ),
                    )
                    if grouped
                    else ()
                )
                + (
                    (UNROUNDED_LEADS,)
                    if any(re.search(r" leads .* by \d+\.\d points", r[0]) for r in rows)
                    else ()
                ),
            )
        )
    else:
        doc.add(Para("The method checks found no known mistake."))

    doc.add(Heading(1, "Annex G. Audit"))
    a = c["audit"]
    doc.add(
        Para(
            f"options {c['version']}, Python {a['python']}; linear programs solved with "
            f"{a['solver']}; {count(a['samples'])} uncertainty draws with seed {a['seed']}. "
            + "; ".join(f"{p} {v}" for p, v in a["versions"])
            + "."
        )
    )
    doc.add(
        Grid(
            "Every input file and its SHA-256 digest",
            ("Input file", "SHA-256"),
            tuple(a["files"]),
            small=True,
            widths=(2, 5),
        )
    )
    if doc.cuts:
        doc.add(Heading(2, "What this paper leaves out, and where to find it"))
        doc.add(
            Para(
                "Where a table or list would run to many pages, the paper shows its first rows "
                "(the options ranked highest) and summarises the rest. Each cut is said where it "
                "is made; here they all are. The commands run in the workspace folder and print "
                "every row from the same inputs (listed above)."
            ),
            Items(tuple(f"{where}. {text}" for where, text in doc.cuts)),
        )


def shows_outcome(c: dict) -> bool:
    """Whether the paper sets what was decided later beside the model: only when the paper is
    dated on or after that decision. A paper dated before it could not have known it, and a
    back-test in a paper put to the decision-maker reads as hindsight validating the advice, so
    it stays out (``options compare`` and the README keep it)."""
    out = c["long_list"].outcome
    if out is None:
        return False
    paper, later = str(c.get("date_iso") or ""), str(out.date or "")
    return bool(paper and later) and paper[: len(later)] >= later


SETTLES = "first: its record settles it."
STATED = "first, as this appraisal reads its record: an input, not a finding."


#: Why a lead in Annex F's findings may differ from the difference of two printed totals.
UNROUNDED_LEADS = (
    "A lead in these findings is worked from the unrounded scores, so it may differ by 0.1 from "
    "the difference of the rounded overall scores in Annex E."
)
#: The two minimax-regret answers, named apart (a reader took one label with two winners for a
#: contradiction): the safest choice within one party's weightings (Annex C) and across the
#: parties (Annex E).
MINIMAX_ONE = (
    "Least worst-case shortfall over these weightings (minimax regret, for this stakeholder alone)"
)
SAFEST_ONE = "Safest choice within this stakeholder's weightings (the smallest worst-case shortfall over them)"
MINIMAX_ALL = (
    "Across the stakeholders, the option that leaves the worst-off least short (minimax regret)"
)
SAFEST_ALL = (
    "Safest choice across the parties (the option that leaves the worst-off party least short)"
)


INSIDE = "Inside its plausible range"


def _score_switching_plain(t: Table) -> Table:
    """Annex C's score switching table said plainly (office reading 7, old 49): a column empty
    in every row (a unit no criterion has) is left out, and 'within range' says yes or no, the
    note saying what a yes means, rather than a row of dashes and 'yes: check the evidence'."""
    from dataclasses import replace

    keep = [
        k
        for k, col in enumerate(t.columns)
        if not col.text or any(r[k] is not None for r in t.rows)
    ]
    cols = [t.columns[k] for k in keep]
    rows = [[r[k] for k in keep] for r in t.rows]
    keys = [col.key for col in cols]
    said = ()
    if "within_range" in keys:
        j = keys.index("within_range")
        inside = [str(r[j]).startswith("yes") for r in rows]
        if all(inside) and rows:  # the same in every row: said once, in words
            del cols[j]
            for r in rows:
                del r[j]
            said = (
                "Every score here would put another option first at a value inside its "
                "plausible range, so the evidence for each decides the answer (section 7).",
            )
        else:
            cols[j] = replace(cols[j], label=INSIDE)
            for r, yes in zip(rows, inside, strict=True):
                r[j] = "yes" if yes else "no"
            said = (
                f"{INSIDE}: yes when a value the evidence allows would put another option "
                "first, so the evidence for that score decides the answer (section 7).",
            )
    notes = (*t.notes, *said)
    return replace(t, columns=tuple(cols), rows=tuple(tuple(r) for r in rows), notes=notes)


def _plain_method(text: str) -> str:
    """How the trials draw weights, in plain words beside the technical ones (office reading
    7, old 50): 'by rejection from the simplex' says what it does."""
    return text.replace(
        "uniform on the acceptable weights by rejection from the simplex",
        "spread evenly over the acceptable weights: drawn at random among all weights that add "
        "up to 100%, and kept only when acceptable (rejection from the simplex)",
    )


def _renamed_notes(t: Table, names: dict[str, str]) -> Table:
    from dataclasses import replace

    def note(x: str) -> str:
        for old, new in names.items():
            x = x.replace(old, new)
        return x

    return replace(t, notes=tuple(note(x) for x in t.notes))


def _regret_as_printed(t: Table, tables) -> Table:
    """The regret table as the difference of the overall scores printed above it (each rounded
    to one decimal), so that no printed gap differs from the printed totals' difference by a
    rounding (Sandwell: 62.0 - 54.7 = 7.3, worked unrounded as 7.4); the notes say so."""
    from dataclasses import replace

    scores = next((x for x in tables if x.name == "scores"), None)
    if scores is None or scores.keys[:3] != t.keys[:3]:
        return t
    first = 3  # the option's id, number and name
    shown = {r[0]: [round(float(v), 1) for v in r[first:]] for r in scores.rows}
    cols = len(scores.keys) - first
    best = [max(v[j] for v in shown.values()) for j in range(cols)]
    rows = []
    for r in t.rows:
        if r[0] not in shown:
            return t
        gaps = [round(best[j] - shown[r[0]][j], 1) for j in range(cols)]
        rows.append((*r[:first], *gaps, *((max(gaps),) if len(r) > first + cols else ())))
    notes = tuple(x.replace(MINIMAX_ALL, SAFEST_ALL) for x in t.notes)
    notes = (
        notes[0] + " Each is the difference of the rounded overall scores in the table above.",
        *notes[1:],
    )
    return replace(t, rows=tuple(rows), notes=notes)


def _stated_notes(t: Table, c: dict) -> Table:
    """The ranks table's notes, with a first choice the party's own statements give said as an
    input, not as something its record settles (the record restates what it was told)."""
    from dataclasses import replace

    stated = c.get("stated_first", set())
    heads = tuple(f"{name}: " for name in stated)

    def note(x: str) -> str:
        if x.startswith(heads) and x.endswith(SETTLES):
            return x[: -len(SETTLES)] + STATED
        return x

    return replace(t, notes=tuple(note(x) for x in t.notes))


def _swing_method(c: dict) -> str:
    """Annex A on swing weights: whose weights rest on swing ratings, from the statements."""
    sts, swing = c["stakeholders"], c["swing"]
    what = (
        "swing ratings (how much the swing from the bottom to the top of one criterion's scale "
        "matters against the others)"
    )
    if not swing:
        return (
            f"Weights: no party's weights rest on {what}; they are "
            + join_words(sorted({_basis(s) for s in sts}), "or")
            + ", with each file's reasons."
        )
    rest = [s for s in sts if s not in swing]
    return (
        f"Weights: {what} underlie the weights of {join_words([the(s.name) for s in swing])}, "
        "as interval ratings (Mustajoki, H\u00e4m\u00e4l\u00e4inen and Salo 2005) that the "
        "weights used honour"
        + (
            f"; those of {join_words([the(s.name) for s in rest])} rest on other statements or "
            "typed weights, not swing ratings."
            if rest
            else "."
        )
    )


COMPACT_FROM = 30  # more options than this: every score in one matrix, reasons listed apart


def _scores_by_option(doc: Document, c: dict) -> None:
    ws, label = c["ws"], c["label"]
    for o in ws.options:
        doc.add(Heading(2, _cap(label(o.id))))
        doc.add(_score_grid(ws, o, f"Scores of {ws.option_label(o.id)}"))
    sq = benchmark_option(c)
    if sq is not None:  # the benchmark's score in section 4 is checkable here
        doc.add(
            Heading(
                2,
                (f"Option {sq.number} ({sq.name})" if sq.number is not None else sq.name)
                + ": the benchmark, not appraised",
            ),
            Para(
                "Business as usual fails the screen, so it is not appraised; section 4 gives its "
                "overall score as the benchmark, from these scores."
            ),
            _score_grid(ws, sq, f"Scores of {c['long_list'].option_label(sq.id)}"),
        )
    _screened_out_scores(doc, c)


def _screened_out_scores(doc: Document, c: dict) -> None:
    """Every scored option the body does not show (those screened out), in one compact table,
    then every long-list option's overall score under each party's weights: the dominance and
    correlation checks (Annex F) and the long-list leads (section 6) rest on them (office
    readings 6 and 7, old 20 and N15). Said only when the long list holds more than the short
    list and the benchmark."""
    from ..methods.value import decision_matrix, rank_options, weight_vector

    long, ws = c["long_list"], c["ws"]
    sq = benchmark_option(c)
    shown = {o.id for o in ws.options} | ({sq.id} if sq is not None else set())
    rest = [o for o in long.options if o.id not in shown]
    if not rest or len(long.options) > COMPACT_FROM:
        return
    doc.add(Heading(2, "The options screened out: their scores"))
    doc.add(
        Para(
            "They are not appraised, but the method checks (Annex F) and the parties' first "
            "choices over the whole long list (section 6) use them. Each cell: the score on the "
            "criterion's own scale and its plausible range; the reasons and evidence are "
            "recorded with each option (Annex G lists the files)."
        )
    )
    for k, part in enumerate(groups := _chunks(rest, MAX_COLUMNS - 1)):
        doc.add(
            Grid(
                "Scores of the options screened out"
                + (f" ({k + 1} of {len(groups)})" if len(groups) > 1 else ""),
                ("Criterion (scale)", *(c["short"](o.id) for o in part)),
                score_rows(ws.criteria, part, with_unit=False),
                (False, *(True for _ in part)),
                small=True,
            )
        )
    dm = decision_matrix(long)
    sts = list(c["stakeholders"])
    totals = {
        s.id: rank_options(dm, weight_vector(dm.criteria, s), s.id) for s in sts
    }  # the same sum as section 4's benchmark, under each party's weights
    per = -(-len(sts) // -(-len(sts) // (MAX_COLUMNS - 1)))  # parts of even width
    for k, part in enumerate(groups := _chunks(sts, per)):
        doc.add(
            Grid(
                "Every option's overall score (out of 100) under each party's weights"
                + (f" ({k + 1} of {len(groups)})" if len(groups) > 1 else ""),
                ("Option", *(_short_name(s.name) for s in part)),
                tuple(
                    (
                        c["short"](o.id),
                        *(points(totals[s.id].row(o.id).score) for s in part),
                    )
                    for o in long.options
                ),
                (False, *(True for _ in part)),
                notes=(
                    "Each party's weights as section 6 gives them; every option on the long list, "
                    "screened out or not.",
                )
                if k == len(groups) - 1
                else (),
                small=True,
                widths=(1.3, *(1 for _ in part)),
            )
        )


def benchmark_option(c: dict):
    """Business as usual when it failed the screen (not on the short list) and the body is
    short enough to show it as the benchmark; else None."""
    long, ws = c["long_list"], c["ws"]
    sq = next((o for o in long.options if o.status_quo and o.id not in ws.option_ids), None)
    return None if sq is None or len(ws.options) > BODY_OPTIONS else sq


def _score_grid(ws, o, caption: str) -> Grid:
    return Grid(
        caption,
        ("Criterion", "Score (range)", "Reason", "Evidence"),
        tuple(
            (
                f"{cr.name} ({scale_text(cr)})",
                f"{raw(cr, o.scores[cr.id].value)} "
                f"({raw_range(cr, o.scores[cr.id].low, o.scores[cr.id].high)})",
                " ".join(o.scores[cr.id].rationale.split()) or NOT_STATED,
                "; ".join(o.scores[cr.id].evidence) or NOT_STATED,
            )
            for cr in ws.criteria
        ),
        (False, True, False, False),
        small=True,
        widths=(2, 1.3, 4, 3),
    )


def _scores_compact(doc: Document, c: dict) -> None:
    """Many options: every score in a matrix (criteria in groups), then the reasons given; more
    than ``MAX_ROWS`` options: those ranked highest, in rank order, and where the rest are."""
    ws = c["ws"]
    crits = list(ws.criteria)
    groups = _chunks(crits, MAX_COLUMNS - 1)
    opts = list(ws.options)
    cut = ()
    if len(opts) > MAX_ROWS:
        opts = [ws.option(r.option) for r in c["ranking"].rows[:MAX_ROWS]]
        cut = (
            doc.cut(
                "Annex B, every score",
                f"The scores of the {MAX_ROWS} highest-ranked of {len(ws.options)} options are "
                f"shown, in rank order; every score, with its range, reason and evidence, is in "
                f"its option's file in options/ (Annex G lists them).",
            ),
        )
    doc.add(
        Para(
            "Each cell: the score on the criterion's own scale and its plausible range. The "
            "reasons and evidence recorded follow the tables."
        )
    )
    for k, part in enumerate(groups):
        doc.add(
            Grid(
                f"Every score ({k + 1} of {len(groups)})",
                ("Option", *(f"{cr.name} ({scale_text(cr)})" for cr in part)),
                tuple(
                    (
                        ws.option_label(o.id),
                        *(
                            f"{raw(cr, o.scores[cr.id].value, False)} "
                            f"({raw_range(cr, o.scores[cr.id].low, o.scores[cr.id].high)})"
                            for cr in part
                        ),
                    )
                    for o in opts
                ),
                (False, *(True for _ in part)),
                cut if k == len(groups) - 1 else (),
                small=True,
            )
        )
    given = [
        (ws.option_label(o.id), cr.name, o.scores[cr.id])
        for o in opts
        for cr in crits
        if o.scores[cr.id].rationale or o.scores[cr.id].evidence
    ]
    if given:
        more = ()
        if len(given) > MAX_ROWS:
            more = (
                doc.cut(
                    "Annex B, the reasons and evidence",
                    _first(
                        MAX_ROWS,
                        len(given),
                        "reasons recorded" + (" for these options" if cut else ""),
                        "every one is in its option's file in options/ (Annex G lists them)",
                    ),
                ),
            )
        doc.add(
            Grid(
                "The reasons and evidence recorded for the scores",
                ("Option", "Criterion", "Reason", "Evidence"),
                tuple(
                    (
                        o,
                        cr,
                        " ".join(s.rationale.split()) or NOT_STATED,
                        "; ".join(s.evidence) or NOT_STATED,
                    )
                    for o, cr, s in given[:MAX_ROWS]
                ),
                notes=more,
                small=True,
            )
        )
    else:
        doc.add(
            Para(
                "No reason or evidence is recorded for any score"
                + (" of these options." if cut else "."),
                style="note",
            )
        )


def _acceptability_grids(doc: Document, c: dict) -> list[Grid]:
    res = c["smaa"]
    ws = c["ws"]
    order = c["smaa_order"]
    m = len(res.options)
    k = min(m, 4)
    head = ["Option", *(f"Rank {r + 1}" for r in range(k))]
    if m > k:
        head.append(f"Rank {k + 1} or lower")
    rows = []
    for a in order[:ACCEPTABILITY_ROWS]:
        acc = res.acceptability[a]
        cells = [pct(float(x)) for x in acc[:k]]
        if m > k:
            cells.append(pct(float(acc[k:].sum())))
        rows.append((ws.option_label(res.options[a]), *cells))
    notes = [
        f"Share of {count(res.samples)} trials in which each option takes each rank; weights "
        f"vary within {c['accepts']}, scores within their plausible ranges.",
    ]
    if m > ACCEPTABILITY_ROWS:
        notes.append(
            doc.cut(
                "Annex D, rank acceptability",
                f"The {m - ACCEPTABILITY_ROWS} options with the least acceptability are left out; "
                f"every option, at every rank: options smaa -w {c['stakeholder'].id} -n "
                f"{res.samples} --seed {c['audit']['seed']} -f csv.",
            )
        )
    return [
        Grid(
            "Rank acceptability",
            tuple(head),
            tuple(rows),
            (False, *(True for _ in head[1:])),
            tuple(notes),
            small=True,
        )
    ]


def figure(number: int, caption: str, reading: str, alt: str, drawn, table: Grid) -> Figure:
    return Figure(number, caption, reading, alt, drawn.svg, drawn.png, table)
