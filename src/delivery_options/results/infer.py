"""What a stakeholder's statements say about its weights (methods/ror.py): robust ordinal
regression (Greco, Mousseau & Slowinski 2008), with the inferred weights labelled as such."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..methods.ror import CONSTRAINTS, Pairs, RorResult
from ..model.types import Stakeholder, Workspace
from ..present.table import Column, Table
from ..present.words import possessive
from .base import Presentable

#: The necessary and possible pairs are listed one by one (the JSON lists, the option-by-option
#: table) up to this many options, or at any size when asked (``options infer --pairs``); above
#: it, each option's counts stand for them (at 5,000 options the lists are 25 million pairs).
PAIR_LIMIT = 100


def describe(s, ws: Workspace) -> str:
    """A statement in plain words, with option names."""
    from ..model.statements import CriteriaOrder, Indifferent, Prefer

    def side(x) -> str:
        if isinstance(x, str):
            return "every other option" if x == "*" else ws.option_label(x)
        crit = {c.id: c.name for c in ws.criteria}
        return "a made-up option (" + ", ".join(f"{crit[c]} {v:g}" for c, v in x.values) + ")"

    if isinstance(s, Prefer):
        return f"prefers {side(s.better)} to {side(s.worse)}"
    if isinstance(s, Indifferent):
        return f"is indifferent between {side(s.a)} and {side(s.b)}"
    name = ws.node_name  # a criterion's, or an objective's in a value tree
    if isinstance(s, CriteriaOrder):
        return "weighs " + " above ".join(name(c) for c in s.order)

    def span(lo: float, hi: float) -> str:
        if lo == hi:
            return f"{lo:g}"
        short = f"{lo:g}-{hi:g}"  # as typed when six figures tell the ends apart
        return short if f"{lo:g}" != f"{hi:g}" else f"{lo!r}-{hi!r}"

    return "rates the swings: " + ", ".join(f"{name(c)} {span(lo, hi)}" for c, lo, hi in s.ratings)


def limits_words(st: Stakeholder) -> str:
    """The stakeholder's own limits on its weights as a member of a conflict: 'the weight limits
    in [constraints] (tolerance 0.10)'."""
    c = st.constraints
    parts = []
    if c.bounds:
        parts.append("bounds on " + ", ".join(c.bounds))
    if c.order:
        parts.append("order " + ", ".join(f"{a} >= {b}" for a, b in c.order))
    if c.tolerance is not None:
        t = c.tolerance
        parts.append(f"tolerance {t:.2f}" if abs(100 * t - round(100 * t)) < 1e-9 else f"{t:g}")
    return "the weight limits in [constraints]" + (f" ({'; '.join(parts)})" if parts else "")


def member_words(st: Stakeholder, member: int | str) -> str:
    """One member of a conflict: 'statement 2 (Board minutes, 3 May)' (its place in the file,
    counted from 1), or the stakeholder's [constraints]."""
    if member == CONSTRAINTS:
        return limits_words(st)
    return f"statement {member + 1} ({st.statements[member].source})"


def conflict_words(st: Stakeholder, members, close: bool = False) -> str:
    """A minimal conflicting set (file indices, or CONSTRAINTS) as a clause; ``close``: the set
    holds, by a margin too small to tell from none."""
    said = [m for m in members if m != CONSTRAINTS]
    named = "; ".join(member_words(st, m) for m in said)
    if close:
        return (
            "these statements hold together only by a margin too small to tell apart from "
            f"none (the values they compare are too close to tell apart): {named}"
        )
    if CONSTRAINTS not in members:
        return f"these statements cannot all hold under any weights: {named}"
    limits = limits_words(st)
    if not said:
        return f"{limits} leave no weights at all"
    if len(said) == 1:
        return f"{named} cannot hold within {limits}, though it could without them"
    return (
        f"these statements cannot all hold within {limits}, though they could without them: {named}"
    )


@dataclass(frozen=True)
class InferResult(Presentable):
    workspace: Workspace  # the long list: statements may name any option
    stakeholder: Stakeholder
    ror: RorResult
    unused: tuple[tuple[int, bool], ...]  # (statement index, could it hold alongside the rest)
    broken: tuple[tuple[int, str], ...]  # typed weights that break a used statement
    pairs: bool = False  # list every pair whatever the number of options

    @property
    def listed(self) -> bool:
        """Whether the pairs are listed one by one (:data:`PAIR_LIMIT`)."""
        return self.pairs or len(self.ror.options) <= PAIR_LIMIT

    def _file_index(self) -> list[int]:
        """Used statement k -> its index in the file."""
        return [i for i, s in enumerate(self.stakeholder.statements) if s.use]

    def conflicts(self) -> list[list[int | str]]:
        """Each conflict's members by their place in the file, or CONSTRAINTS."""
        idx = self._file_index()
        return [[k if k == CONSTRAINTS else idx[k] for k in c] for c in self.ror.conflicts]

    def _nothing_inferred(self) -> str:
        """Why there is nothing to infer: no statement is used."""
        st = self.stakeholder
        typed = (
            "its weights are those typed in the file"
            if not st.inferred
            else "it has no typed weights either"
        )
        if not st.statements:
            return f"{st.name} has made no statements ({st.path}), so nothing is inferred: {typed}."
        return (
            f"None of {possessive(st.name)} statements is used (each is marked use = false), so nothing "
            f"is inferred: {typed}."
        )

    def tables(self) -> tuple[Table, ...]:
        ws, st, res = self.workspace, self.stakeholder, self.ror
        sts = st.statements
        used = any(s.use for s in sts)
        conflict = {i for c in self.conflicts() for i in c}
        could = dict(self.unused)
        broken = dict(self.broken)

        def status(i: int) -> str:
            if not sts[i].use:
                return "recorded, not used: " + (
                    "could hold with the others" if could[i] else "cannot hold with the others"
                )
            if i in conflict:
                return "in conflict"
            if i in broken:
                return "broken by the typed weights"
            return "used"

        statements = Table(
            name="statements",
            title=f"What {st.name} has said ({st.path})",
            columns=(
                Column("number", "No.", "int", key_column=True),
                Column("statement", "Statement"),
                Column("source", "Source"),
                Column("status", "Status"),
            ),
            rows=tuple(
                (
                    i + 1,
                    describe(s, ws),
                    s.source + (f" ({s.evidence})" if s.evidence else ""),
                    status(i),
                )
                for i, s in enumerate(sts)
            ),
        )
        if res.consistent:
            verdict = (
                f"Yes: every statement can hold, with a margin of {res.margin:.2f} points"
                if res.margin is not None
                else "Yes (no strict preference among them)"
            )
        else:
            found = self.conflicts()
            verdict = "No: " + (
                conflict_words(st, found[0], res.close)
                if found
                else "the statements cannot all hold"
            )
        label = {o.id: ws.option_label(o.id) for o in ws.options}
        summary = Table(
            name="summary",
            title=f"Are {possessive(st.name)} statements consistent, and what do they settle?",
            columns=(Column("question", "Question"), Column("answer", "Answer")),
            rows=()
            if not used
            else (
                ("Consistent?", verdict),
                (
                    "Which options could come first under weights compatible with them?",
                    ", ".join(label[o] for o in res.possibly_first) or "–",
                ),
                (
                    "Which come first under every such weighting?",
                    ", ".join(label[o] for o in res.necessarily_first) or "none",
                ),
            ),
            notes=(
                "The inferred weights are the centre of the set of weights compatible with "
                "the statements (its Chebyshev centre: as far as possible from every boundary).",
            ),
            empty=self._nothing_inferred(),
        )
        out = [summary, statements] if sts else [summary]
        if res.consistent and used:
            crit = ws.criteria
            out.append(
                Table(
                    name="weights",
                    title="Weights inferred from the statements, and their range",
                    columns=(
                        Column("criterion", "Criterion id", text=False),
                        Column("name", "Criterion", key_column=True),
                        Column("inferred", "Inferred", "percent"),
                        Column("range", "Compatible range", "range", of="percent"),
                        *(
                            (Column("typed", "Typed in the file", "percent"),)
                            if not st.inferred
                            else ()
                        ),
                    ),
                    rows=tuple(
                        (
                            c.id,
                            c.name,
                            res.weights[c.id],
                            tuple(res.weight_ranges[c.id]),
                            *((st.weights[c.id],) if not st.inferred else ()),
                        )
                        for c in crit
                    ),
                )
            )
            out.append(self._relations() if self.listed else self._relation_counts())
        return tuple(out)

    def _relations(self) -> Table:
        """The option-by-option table: always, can be or never at least as good."""
        ws, res = self.workspace, self.ror
        ids = ws.option_ids
        at = {o: i for i, o in enumerate(res.options)}
        N, P = res.necessary_matrix, res.possible_matrix
        return Table(
            name="relations",
            title="Is the row option at least as good as the column option?",
            columns=(
                Column("option", "Option id", text=False),
                Column("name", "Option", key_column=True),
                *(Column(b, str(ws.option(b).number or b)) for b in ids),
            ),
            rows=tuple(
                (
                    a,
                    ws.option(a).name,
                    *(
                        "–"
                        if a == b
                        else "always"
                        if N[at[a], at[b]]
                        else "can be"
                        if P[at[a], at[b]]
                        else "never"
                        for b in ids
                    ),
                )
                for a in ids
            ),
            notes=(
                "always: under every weighting compatible with the statements "
                "(necessary); can be: under some (possible); never: under none.",
            ),
        )

    def _relation_counts(self) -> Table:
        """Each option's counts, where the pairs are too many to list."""
        ws, res = self.workspace, self.ror
        counts = res.counts()
        m = len(res.options)
        return Table(
            name="relation_counts",
            title="How many options is each option at least as good as?",
            columns=(
                Column("option", "Option id", text=False),
                Column("name", "Option", key_column=True),
                Column("necessary_over", "Always at least as good as", "int"),
                Column("necessary_under", "Always at least as good as it", "int"),
                Column("possible_over", "Can be at least as good as", "int"),
            ),
            rows=tuple(
                (
                    o,
                    ws.option(o).name,
                    int(counts["necessary_over"][i]),
                    int(counts["necessary_under"][i]),
                    int(counts["possible_over"][i]),
                )
                for i, o in enumerate(res.options)
            ),
            notes=(
                "Counts of the other options: always, under every weighting compatible with "
                "the statements (necessary); can be, under some (possible).",
                f"With {m:,} options (more than {PAIR_LIMIT}) the pairs are not listed one by "
                f"one; options infer -w {self.stakeholder.id} --pairs lists them (with -f json, "
                "written as they are made).",
            ),
        )

    def _by_option(self) -> list[dict[str, Any]]:
        """Each option's counts (:meth:`RorResult.counts`); empty when nothing is inferred."""
        res = self.ror
        if not res.consistent or res.necessary_matrix is None:
            return []
        counts = res.counts()
        return [
            {"option": o, **{k: int(v[i]) for k, v in counts.items()}}
            for i, o in enumerate(res.options)
        ]

    def document(self) -> dict[str, Any]:
        st, res = self.stakeholder, self.ror
        doc = res.document(pairs=False)
        doc["conflicts"] = self.conflicts()
        small = len(res.options) <= PAIR_LIMIT
        for key, M in (("necessary", res.necessary_matrix), ("possible", res.possible_matrix)):
            if self.listed:  # past the limit, a list made a slice at a time as it is written
                pairs = [] if M is None else Pairs(M, res.options)
                doc[key] = pairs.tolist() if small and M is not None else pairs
        doc["pairs_listed"] = self.listed
        doc["relation_counts"] = self._by_option()
        return {
            "stakeholder": st.id,
            "basis": st.basis,
            "inferred": st.inferred,
            **doc,
            "statements": [
                {
                    "index": i,
                    "kind": type(s).__name__.lower(),
                    "source": s.source,
                    "use": s.use,
                }
                for i, s in enumerate(st.statements)
            ],
            "unused_could_hold": {str(i): ok for i, ok in self.unused},
            "broken_by_typed_weights": [i for i, _ in self.broken],
        }
