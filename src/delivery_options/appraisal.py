"""The one appraisal core: every front end (command line, Python, paper, web view) calls this.

An :class:`Appraisal` owns the loaded workspace, its decision matrix, the stakeholders, the LP
solver, the seed and every default; each analysis is a method returning an immutable result
(:mod:`delivery_options.results`) that declares its tables once. Front ends only render.

    import delivery_options as do
    app = do.load("path/to/workspace")
    app.rank("commissioner").frame()          # a pandas DataFrame
    app.smaa("dfe", samples=3000, seed=1).document()

Heavy libraries (PuLP, pandas) are imported inside the methods that need them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import OptionsError, Problem
from .model.load import load_workspace, read_workspace, unmapped_statements
from .model.types import Stakeholder, Workspace
from .model.weights import load_stakeholder, load_stakeholders, resolve_weights, weights_paths

if TYPE_CHECKING:
    from .methods.lp import WeightSet
    from .methods.record import Settled
    from .methods.smaa import LeadUnderScores
    from .methods.value import DecisionMatrix
    from .results.check import CheckResult, Validation
    from .results.compare import CompareResult
    from .results.costs import ValueForMoneyResult
    from .results.infer import InferResult
    from .results.inputs import Inputs
    from .results.rank import RankResult
    from .results.screen import RisksResult, ScreenResult
    from .results.sensitivity import SensitivityResult
    from .results.smaa import SmaaAnalysis

#: A strict preference in a stakeholder's statements leaves the preferred option better by at
#: least this many value points (0-100) in every analysis of its acceptable weights.
STRICT_MARGIN = 0.01

#: The most SMAA draws accepted without ``allow_large`` (about a minute for Sandwell).
MAX_SAMPLES = 10_000_000


@dataclass(frozen=True)
class Defaults:
    """Every default of every analysis, in one place."""

    solver: str = "auto"  # "auto" (HiGHS when installed, else CBC), "cbc" or "highs"
    seed: int = 0
    top: int = 3  # options whose scores are tested for switching values
    half_width: float = 0.01  # SMAA: default draws give every index to within this, at 95%
    lead_samples: int = 20_000  # score draws for the head-to-head of the top two


Who = str | Path | Stakeholder
RECORDS_KEPT = 256  # records whose settled answer is kept (Appraisal.settled)


class Appraisal:
    """One workspace and everything computed from it."""

    def __init__(
        self, workspace: Workspace, defaults: Defaults | None = None, all_options: bool = False
    ):
        from .methods.screening import restrict, screen
        from .results.screened import screened_out

        self.long_list = workspace
        self.defaults = defaults or Defaults()
        self.all_options = all_options
        self._stakeholders: dict[str, Stakeholder] = {}
        self._raw_cache: dict[str, Stakeholder] = {}
        self._margins: dict[str, tuple] = {}  # path -> (compatible set, its margin)
        self._records: dict[str, Settled] = {}  # a whole record (its repr) -> what it settles
        # With must-meet requirements, the short list is what gets appraised (Green Book 2022),
        # unless every option is asked for; the screened-out options go with every result.
        self._screen = screen(workspace) if workspace.requirements else None
        self.screened_out = None
        self.workspace = workspace
        if self._screen is not None:
            self.screened_out = () if all_options else screened_out(workspace, self._screen)
            if not all_options:
                self.workspace = restrict(workspace, self._screen.short_list)

    @classmethod
    def open(cls, root: str | Path = ".", all_options: bool = False, **defaults: Any) -> Appraisal:
        """Load the workspace at ``root`` and appraise its short list (every option when
        ``all_options``); keyword arguments override :class:`Defaults`."""
        return cls(load_workspace(_path(root)), replace(Defaults(), **defaults), all_options)

    @staticmethod
    def validate(root: str | Path = ".") -> Validation:
        """Every problem in criteria, options and weights files at once, and the warnings."""
        from .results.check import Validation

        root = _path(root)
        ws, tree, problems = read_workspace(root)
        sts: tuple[Stakeholder, ...] = ()
        if tree is not None and weights_paths(root):
            ids = ws.option_ids if ws is not None else tuple(sorted(_stems(root / "options")))
            try:
                sts = load_stakeholders(root, tree.criteria, option_ids=ids, tree=tree)
            except OptionsError as exc:
                problems = problems + list(exc.problems)
        if problems or ws is None:
            return Validation(str(root), tuple(problems))
        problems = Appraisal(ws, all_options=True).statement_problems(sts)
        if problems:
            return Validation(str(root), tuple(problems))
        unmapped = unmapped_statements(ws)
        warnings = list(unmapped)
        if not sts:
            warnings.insert(0, Problem("weights/", "", "no weights files yet; add one each"))
        n_stmt = sum(len(o.benefits) + len(o.risks) for o in ws.options)
        counts = (
            ("criteria", len(ws.criteria)),
            ("options", len(ws.options)),
            ("stakeholders", len(sts)),
            ("statements", n_stmt),
            ("mapped", n_stmt - len(unmapped)),
            ("requirements", len(ws.requirements)),
            ("risk_registers", sum(1 for o in ws.options if o.risk_register)),
            ("stakeholder_statements", sum(len(st.statements) for st in sts)),
        )
        return Validation(str(root), (), tuple(warnings), counts)

    # --- the data ---------------------------------------------------------------------------

    @cached_property
    def matrix(self) -> DecisionMatrix:
        from .methods.value import decision_matrix

        if not self.workspace.options:
            raise OptionsError(
                "no option passes every requirement, so there is nothing to appraise "
                "(appraise every option instead, or review the requirements)",
                "scope",
            )
        return decision_matrix(self.workspace)

    @cached_property
    def solver(self):
        from .methods.lp import make_solver

        return make_solver(self.defaults.solver)

    @property
    def solver_name(self) -> str:
        from .methods.lp import solver_name

        return solver_name(self.defaults.solver)

    def _raw(self, who: Who) -> Stakeholder:
        """The stakeholder as its file says, before any inference or check of its statements."""
        if isinstance(who, Stakeholder):
            return who
        name = _name(who)
        if name not in self._raw_cache:
            root, ws = self.long_list.root, self.long_list
            path = resolve_weights(root, name)
            self._raw_cache[name] = load_stakeholder(
                root, ws.criterion_ids, path, ws.option_ids, ws.tree
            )
        return self._raw_cache[name]

    def stakeholder(self, who: Who) -> Stakeholder:
        """A stakeholder by name (``commissioner``), file name, path in ``weights/`` or path.

        A stakeholder whose file holds statements but no weights gets the weights inferred
        from them (the Chebyshev centre of the compatible set: :mod:`methods.ror`); typed
        weights that break the stakeholder's own statements are an error, as for constraints."""
        if isinstance(who, Stakeholder):
            return who  # already settled (or deliberately moved, as in a meeting)
        return self._settled(self._raw(who))

    def _settled(self, raw: Stakeholder) -> Stakeholder:
        if raw.path not in self._stakeholders:
            self._stakeholders[raw.path] = self._settle(raw)
        return self._stakeholders[raw.path]

    def _settle(self, st: Stakeholder) -> Stakeholder:
        if not st.statements:
            return st
        if st.inferred:
            from . import cache
            from .methods.compatible import compatible_set

            dm = self.long_matrix
            W = self._weight_set_of(st, dm.criteria)
            C = compatible_set(dm.values, dm.options, W, [s for s in st.statements if s.use])
            name = cache.key(C, self.defaults.solver)
            found_w = cache.read(name, W.n)  # a centre found before, used only if in C
            if found_w is None or not C.compatible(found_w):
                from .methods.ror import chebyshev_centre, find_conflict, too_close

                C, mg = self._compatible(st)
                if mg.status != "consistent":
                    found = find_conflict(C, self.solver, constraints=True)
                    close = too_close(C, found, self.solver)
                    raise OptionsError(self._conflict_problem(st, (found,), close), "stakeholder")
                centre = chebyshev_centre(C, self.solver)  # as options infer gives it
                if centre.status != "optimal":
                    raise OptionsError(
                        f"{st.name}: the weights could not be inferred", "stakeholder"
                    )
                found_w = centre.w
                cache.write(name, found_w)
            w = {c: float(x) for c, x in zip(dm.criteria, found_w, strict=True)}
            return replace(st, weights=MappingProxyType(w))
        C, mg = self._compatible(st)
        if mg.status != "consistent":  # as validate says it: the conflict before its symptom
            from .methods.ror import find_conflict, too_close

            found = find_conflict(C, self.solver, constraints=True)
            if hidden := self._broken_within_tolerance(st, found):
                raise OptionsError(hidden[0])
            close = too_close(C, found, self.solver)
            raise OptionsError(self._conflict_problem(st, (found,), close))
        broken = self.broken_statements(st)
        if broken:
            i, why = broken[0]
            raise OptionsError(Problem(st.path, f"statement {i + 1}", why))
        return st

    def statement_problems(self, stakeholders) -> list[Problem]:
        """Statements that cannot all hold, and typed weights that break their own statements
        (the same rule as for constraints)."""
        out = []
        for st in stakeholders:
            if not st.statements:
                continue
            res = self._ror(st)
            if not res.consistent:
                conflict = res.conflicts[0] if res.conflicts else ()
                out += self._broken_within_tolerance(st, conflict) or [
                    self._conflict_problem(st, res.conflicts, res.close)
                ]
                continue
            out += [
                Problem(st.path, f"statement {i + 1}", why) for i, why in self.broken_statements(st)
            ]
        return out

    def _broken_within_tolerance(self, st: Stakeholder, conflict) -> list[Problem]:
        """When a conflict names the stakeholder's [constraints] and they hold a tolerance, which
        keeps every weight near the typed ones, typed weights that break a statement are the
        cause to fix: a problem for each such statement, saying so; else none."""
        from .methods.ror import CONSTRAINTS

        t = st.constraints.tolerance
        if st.inferred or t is None or CONSTRAINTS not in conflict:
            return []
        shown = f"{t:.2f}" if abs(100 * t - round(100 * t)) < 1e-9 else f"{t:g}"
        return [
            Problem(
                st.path,
                f"statement {i + 1}",
                f"{why}; change the weights (the tolerance {shown} in [constraints] keeps the "
                f"weights the stakeholder would accept within {shown} of them)",
            )
            for i, why in self.broken_statements(st)
        ]

    def _conflict_problem(self, st: Stakeholder, conflicts, close: bool = False) -> Problem:
        """The first conflict (used statements by their place among the used, or the
        stakeholder's [constraints]) named by place in the file, as options infer names it;
        ``close``: they hold, but by too little to tell (:func:`methods.ror.too_close`)."""
        from .methods.ror import CONSTRAINTS
        from .present.words import possessive
        from .results.infer import member_words

        used = [i for i, s in enumerate(st.statements) if s.use]
        found = [k if k == CONSTRAINTS else used[k] for k in (conflicts[0] if conflicts else ())]
        named = "; ".join(member_words(st, k) for k in found) or "see options infer"
        if close:
            return Problem(
                st.path,
                "statements",
                f"{possessive(st.name)} statements hold together only by a margin too small to "
                f"tell apart from none ({named}): the values they compare are too close to tell "
                "apart; make them further apart, or say the options are equal (indifferent)",
            )
        what = (
            f"{possessive(st.name)} statements and the weight limits in its [constraints] cannot "
            "all hold"
            if CONSTRAINTS in found
            else f"{possessive(st.name)} statements cannot all hold under any weights"
        )
        return Problem(
            st.path,
            "statements",
            f"{what} (conflicting: {named}); run options infer to see why",
        )

    def stakeholders(self, who: Who | Iterable[Who] | None = None) -> tuple[Stakeholder, ...]:
        """The named stakeholders (one name or several), or every one in ``weights/``."""
        names = _names(who)
        if not names:
            ws = self.long_list
            raws = load_stakeholders(
                ws.root, ws.criterion_ids, option_ids=ws.option_ids, tree=ws.tree
            )
            return tuple(self._settled(s) for s in raws)
        out: dict[str, Stakeholder] = {}
        for n in names:
            s = self.stakeholder(n)
            out.setdefault(s.id, s)
        return tuple(out.values())

    # --- statements (robust ordinal regression) -----------------------------------------------

    @cached_property
    def long_matrix(self) -> DecisionMatrix:
        """The decision matrix of every option: statements may name screened-out options."""
        from .methods.value import decision_matrix

        return decision_matrix(self.long_list)

    def statement_rows(self, who: Who, used_only: bool = True) -> list[np.ndarray]:
        """The rows a.w >= 0 the stakeholder's statements put on the weights. A strict
        preference means better by at least :meth:`strict_margin` points (so an exact tie, where
        the stakeholder said one option is better, is not acceptable): as sum w = 1, a.w >= d
        is the homogeneous row (a - d).w >= 0. An indifference is two rows."""
        from .model.statements import statement_matrix

        st = self._raw(who)
        dm, out = self.long_matrix, []
        d = self.strict_margin(st)
        said = [s for s in st.statements if s.use or not used_only]
        A, kinds, _ = statement_matrix(said, dm.values, dm.options, dm.criteria)
        for a, kind in zip(A, kinds, strict=True):
            if kind == "=0":
                out += [a, -a]
            else:
                out.append(a - d if kind == ">=eps" else a)
        return out

    def strict_margin(self, who: Who) -> float:
        """How much better, in value points, a strict preference must leave the preferred
        option: :data:`STRICT_MARGIN`, or half the largest margin the statements allow when that
        is smaller (robust ordinal regression's epsilon)."""
        st = self._raw(who)
        if not any(s.use for s in st.statements):
            return 0.0
        C, mg = self._compatible(st)
        eps = C.in_points().strict_margin(mg.w) if mg.eps is not None and mg.w is not None else None
        return min(STRICT_MARGIN, eps / 2) if eps is not None and eps > 0 else 0.0

    def _compatible(self, st: Stakeholder):
        """The set of weights compatible with the stakeholder's used statements, and its
        margin LP (robust ordinal regression), computed once per stakeholder."""
        if st.path not in self._margins:
            from .methods.ror import compatible_set, margin

            dm = self.long_matrix
            W = self._weight_set_of(st, dm.criteria)
            C = compatible_set(dm.values, dm.options, W, [s for s in st.statements if s.use])
            self._margins[st.path] = (C, margin(C, self.solver))
        return self._margins[st.path]

    def _weight_set_of(self, st: Stakeholder, criteria) -> WeightSet:
        from .methods.lp import weight_set
        from .model.weights import objective_rows

        return weight_set(criteria, self._basis_for_w(st), objective_rows(st.constraints, criteria))

    def broken_statements(self, who: Who) -> list[tuple[int, str]]:
        """The used statements the stakeholder's typed weights break: (index, why)."""
        from .model.statements import rows

        st = self._raw(who)
        if st.inferred:
            return []
        dm = self.long_matrix
        w = np.array([st.weights[c] for c in dm.criteria])
        out = []
        for i, s in enumerate(st.statements):
            if not s.use:
                continue
            for k, r in enumerate(rows(s, dm.values, dm.options, dm.criteria)):
                v = float(r.a @ w)
                floor = self.strict_margin(st) if r.kind == ">=eps" else 0.0
                bad = v < floor - 1e-9 if r.kind != "=0" else abs(v) > 1e-6
                if bad:
                    why = _broken_words(
                        s, k, v, floor, dict(zip(dm.criteria, w, strict=True)), dm.options
                    )
                    out.append((i, f"the stakeholder's own weights break it: {why}"))
                    break
        return out

    def _ror(self, st: Stakeholder):
        from .methods.ror import analyse

        dm = self.long_matrix
        W = self._weight_set_of(st, dm.criteria)
        used = [s for s in st.statements if s.use]
        return analyse(dm.values, dm.options, W, used, self.solver)

    def _basis_for_w(self, st: Stakeholder) -> Stakeholder:
        """The stakeholder as W needs it: an inferred one has no weights yet (and no tolerance)."""
        if st.inferred:
            return replace(st, weights={c: 0.0 for c in self.long_list.criterion_ids})
        return st

    def weight_ranges(self, who: Who) -> dict[str, tuple[float, float]] | None:
        """Each weight's range over the weights compatible with the stakeholder's used
        statements (robust ordinal regression, Greco et al. 2008), as :meth:`infer` gives it,
        without the relations between options; None when no statement is used or they conflict."""
        from .methods.ror import CompatLp, margin, weight_ranges

        st = self._raw(who)
        if not any(s.use for s in st.statements):
            return None
        C, mg = self._compatible(st)
        if mg.status != "consistent":
            return None
        # the LPs in the order analyse (infer) solves them on one model, so the warm-started
        # answers are the same to the last bit
        model = CompatLp(C, self.solver)
        margin(C, self.solver, model)
        return weight_ranges(C, self.solver, model)[0]

    def objective_ranges(self, who: Who) -> dict[str, tuple[float, float]] | None:
        """On a value tree: each objective's weight range (the sum of its criteria's) over the
        weights compatible with the stakeholder's used statements, as :meth:`weight_ranges`
        gives the criteria's (two LPs an objective, each answer checked against the set); None
        when the tree has no objectives, no statement is used, or they conflict."""
        from .methods.ror import CompatLp

        tree = self.long_list.tree
        st = self._raw(who)
        if tree.flat or not any(s.use for s in st.statements):
            return None
        C, mg = self._compatible(st)
        if mg.status != "consistent":
            return None
        model, out = CompatLp(C, self.solver), {}
        for o in tree.objective_ids:
            ends = [model.closure(tree.indicator(o), maximise=m) for m in (False, True)]
            if not all(e.ok for e in ends):
                raise OptionsError(f"{st.name}: the range of '{o}' could not be found", "solver")
            out[o] = (ends[0].objective, ends[1].objective)
        return out

    def infer(self, who: Who) -> InferResult:
        """What the stakeholder's statements say about its weights: consistency, a minimal set
        of conflicting statements, the inferred weights and their ranges, and which options are
        necessarily or possibly first (robust ordinal regression, Greco et al. 2008)."""
        from .methods.ror import compatible_set, margin
        from .results.infer import InferResult

        st = self._raw(who)
        res = self._ror(st)
        dm = self.long_matrix
        W = self._weight_set_of(st, dm.criteria)
        used = [s for s in st.statements if s.use]
        unused = []
        for i, s in enumerate(st.statements):
            if s.use:
                continue
            mg = margin(compatible_set(dm.values, dm.options, W, [*used, s]), self.solver)
            unused.append((i, mg.status == "consistent"))
        return InferResult(
            self.long_list, st, res, tuple(unused), tuple(self.broken_statements(st))
        )

    def weights(self, who: Who) -> np.ndarray:
        """A stakeholder's normalised weights as a vector in criteria order."""
        from .methods.value import weight_vector

        return weight_vector(self.matrix.criteria, self.stakeholder(who))

    def weight_set(self, who: Who | None) -> WeightSet:
        """The weights a stakeholder would accept (its constraints and statements), or the
        simplex for None."""
        from .methods.lp import weight_set

        if who is None:
            return weight_set(self.matrix.criteria, None)
        st = self.stakeholder(who)
        return weight_set(self.matrix.criteria, st, self._limit_rows(st, self.matrix.criteria))

    def _limit_rows(self, st: Stakeholder, criteria) -> list[np.ndarray]:
        """Rows a.w >= 0 from the [constraints] that name objectives, then from the
        statements."""
        from .model.weights import objective_rows

        return objective_rows(st.constraints, criteria) + self.statement_rows(st)

    def with_weights(self, who: Who, weights: Mapping[str, float]) -> Stakeholder:
        """The stakeholder with other weights (normalised), e.g. as moved in a meeting.

        The weights it would accept stay those of its file: a ``tolerance`` around its own
        weights becomes explicit bounds around the file's weights (:func:`~.methods.lp.fixed`),
        so moving the weights does not move what the stakeholder said it would accept. The new
        weights may lie outside that set; analyses then measure from them into it.
        """
        from .methods.lp import fixed

        st = self.stakeholder(who)
        crit = self.workspace.criterion_ids
        bad = [c for c in weights if c not in crit]
        missing = [c for c in crit if c not in weights]
        if bad or missing:
            what = f"unknown criterion '{bad[0]}'" if bad else f"no weight for '{missing[0]}'"
            raise OptionsError(what, "weights")
        values = {c: _finite(weights[c], c) for c in crit}
        total = math.fsum(values.values())  # as a weights file is read: the same weights
        if not math.isfinite(total):
            raise OptionsError("weights: too large to add up; scale them down", "weights")
        if total <= 0:
            raise OptionsError("weights: at least one must be positive", "weights")
        norm = {c: values[c] / total for c in crit}
        cons = st.constraints
        constraints = replace(
            fixed(self.weight_set(st)),  # the rows from objectives are not a box: kept as said
            objective_bounds=cons.objective_bounds,
            objective_order=cons.objective_order,
            groups=cons.groups,
        )
        return replace(
            st, weights=norm, raw_weights=values, constraints=constraints, inferred=False
        )

    def settled(self, who: Who) -> Settled:
        """What the stakeholder's record settles about the options appraised (methods/record.py):
        the option necessarily first, if any; else the options it leaves possible first, with
        each one's share of the weights it allows (exact scores). Typed weights with no
        tolerance are the record itself. Worked out once per record (``compare`` asks it of every
        stakeholder each time): kept by the record's whole text (weights, constraints,
        statements; all frozen), the last :data:`RECORDS_KEPT` of them."""
        from .methods import smaa as sm
        from .methods.record import RECORD_SAMPLES, SLACK, TOL, settle
        from .methods.value import weight_vector

        st = self.stakeholder(who)
        key = repr(st)
        found = self._records.get(key)
        if found is not None:
            return found
        dm = self.matrix
        w = weight_vector(dm.criteria, st)
        W = self._record_set(st)

        def shares() -> tuple[np.ndarray, np.ndarray]:
            # SMAA-2's first-rank acceptability at exact scores, and the draws where an option
            # leads by enough to be possibly first (record.py's rule for a known point)
            return sm.first_shares(
                dm.values,
                sm.sampler_for(W, RECORD_SAMPLES),
                RECORD_SAMPLES,
                self.defaults.seed,
                lead=SLACK - TOL,
            )

        found = settle(st.id, dm.values, dm.options, W, w, self.solver, shares)
        self._records[key] = found  # two threads may both work it out: the same answer
        if len(self._records) > RECORDS_KEPT:  # weights moved in a meeting: a record each
            self._records = dict(list(self._records.items())[-(RECORDS_KEPT // 2) :])
        return found

    def settled_first(self, who: Who) -> tuple[str, ...]:
        """The option the stakeholder's record settles first, or none: :meth:`settled` without
        the shares of the options it leaves open (taken from :meth:`settled` when kept)."""
        from .methods.record import settled_first

        st = self.stakeholder(who)
        found = self._records.get(repr(st))
        if found is not None:
            return found.first
        dm = self.matrix
        return settled_first(
            dm.values, dm.options, self._record_set(st), self.weights(st), self.solver
        )

    def _record_set(self, st: Stakeholder) -> WeightSet | None:
        """The weights a record allows; None when it is one point (typed, no tolerance)."""
        point = not st.inferred and st.constraints.tolerance is None
        return None if point else self.weight_set(st)

    def inputs(self) -> Inputs:
        """The criteria, scores, values and every stakeholder's weights, as tables."""
        from .results.inputs import Inputs

        sts = self.stakeholders() if weights_paths(self.workspace.root) else ()
        return Inputs(self.workspace, self.matrix.values, sts)

    # --- the analyses -----------------------------------------------------------------------

    def rank(self, who: Who) -> RankResult:
        """The options ranked under one stakeholder's weights, with each criterion's part."""
        from .methods.value import rank_options, weight_vector
        from .results.rank import RankResult

        st = self.stakeholder(who)
        ranking = rank_options(self.matrix, weight_vector(self.matrix.criteria, st), st.id)
        return RankResult(self.workspace, st, ranking, self.screened_out)

    def value_for_money(self, who: Who) -> ValueForMoneyResult:
        """One stakeholder's value set beside each option's present cost: the frontier, the
        cost of each extra value point, the choice and cost switching values (or, with no
        costs recorded, what the value gaps would mean in money)."""
        from .methods.costs import value_for_money
        from .results.costs import ValueForMoneyResult

        st = self.stakeholder(who)
        ws, values = self.workspace, self.matrix.values @ self.weights(st)
        s = ws.costs
        vm = None
        if any(o.costs is not None and o.costs.recorded for o in ws.options):
            items = [o.costs.items or () for o in ws.options]
            vm = value_for_money(
                values, items, s.period, s.discount_rate, s.budget, s.worth_per_point
            )
        return ValueForMoneyResult(ws, st, tuple(map(float, values)), vm, s, self.screened_out)

    def compare(self, who: Who | Iterable[Who] | None = None) -> CompareResult:
        """Several stakeholders (default: all) side by side, with regret, blends, a compromise,
        common ground and rank agreement."""
        from .methods.consensus import consensus
        from .methods.value import rank_options, weight_vector
        from .results.compare import CompareResult

        sts = self.stakeholders(who)
        dm = self.matrix
        Ws = np.array([weight_vector(dm.criteria, s) for s in sts])
        rankings = tuple(rank_options(dm, Ws[i], s.id) for i, s in enumerate(sts))
        sets = [self.weight_set(s) for s in sts]
        settled = tuple(self.settled(s) for s in sts)
        # an option possibly first in the common ground is so in each record that is worked out
        # in full (over the same set, with a wider tolerance)
        cand = None
        for s in settled:
            if s.samples and not s.settled:
                have = np.isin(np.array(dm.options), s.possible)
                cand = have if cand is None else cand & have
        ids = [s.id for s in sts]
        con = consensus(dm.values, dm.options, ids, Ws, sets, self.solver, cand)
        out = self.long_list.outcome
        label = self.long_list.option_label(out.option) if out is not None else ""
        return CompareResult(
            self.workspace, sts, rankings, con, self.screened_out, out, label, settled
        )

    def sensitivity(self, who: Who, top: int | None = None) -> SensitivityResult:
        """Switching weights, stability intervals, score switching and robust choice."""
        from .methods.sensitivity import analyse
        from .results.sensitivity import SensitivityResult

        st = self.stakeholder(who)
        top = self.defaults.top if top is None else _count(top, "top", 0)
        W = self.weight_set(st)
        sa = analyse(self.workspace, self.matrix, st, self.defaults.solver, top, W)
        tree, dm = self.workspace.tree, self.matrix
        objectives = ()
        if not tree.flat:
            from .methods.tree import objective_stability

            objectives = tuple(objective_stability(dm.values, tree, dm.options, sa.weights, W))
        return SensitivityResult(self.workspace, st, sa, self.screened_out, objectives)

    def strictly_first(self, who: Who, option: str, start: np.ndarray) -> np.ndarray | None:
        """Weights in the stakeholder's set W under which ``option`` beats every other appraised
        option by at least :data:`STRICT_MARGIN` value points, as near ``start`` (a point of W,
        e.g. its switching weights, where it only draws level) as the segment to the weights of
        W where it leads by most allows; None when no weights of W put it strictly first.

        The margin LP (Greco, Mousseau & Slowinski 2008) over W with the rows x_r - x_b gives
        the weights of largest lead; each lead is linear along the segment, so the least step
        that lifts every lead to the margin is a closed form."""
        from .methods.ror import MARGIN_TOL, Compatible, margin

        st = self.stakeholder(who)
        W, X = self.weight_set(st), self.matrix.values
        r = self.matrix.options.index(option)
        G = np.array([X[r] - X[b] for b in range(len(X)) if b != r]).reshape(-1, W.n)
        if not len(G):
            return np.asarray(start, float)
        C = Compatible(W, G, (">=eps",) * len(G), tuple(range(len(G))))
        best = margin(C, self.solver)
        if best.eps is None or best.eps <= MARGIN_TOL or best.w is None:
            return None
        need = min(STRICT_MARGIN, best.eps / 2)
        w0 = np.asarray(start, float)
        at0, at1 = G @ w0, G @ best.w
        short = at0 < need
        t = float(np.max((need - at0[short]) / (at1[short] - at0[short]), initial=0.0))
        w = (1 - t) * w0 + t * best.w
        return w if W.contains(w) and float(np.min(G @ w)) >= need - 1e-9 else None

    def smaa(
        self,
        who: Who | None = None,
        *,
        hull: bool | Iterable[Who] = False,
        samples: int | None = None,
        seed: int | None = None,
        progress: Callable[[int], None] | None = None,
        allow_large: bool = False,
    ) -> SmaaAnalysis:
        """SMAA-2 over a stakeholder's acceptable weights, any weights (``who=None``), or the
        blends of several stakeholders' weights (``hull=True`` for all, or a list of names)."""
        from .methods import smaa as sm
        from .results.smaa import SmaaAnalysis

        dm = self.matrix
        k = self.samples_for() if samples is None else _count(samples, "samples", 100)
        if k > MAX_SAMPLES and not allow_large:
            raise OptionsError(
                f"{k:,} draws is more than {MAX_SAMPLES:,}; it could run for hours "
                "(allow it explicitly if you mean it)",
                "samples",
            )
        seed = self.defaults.seed if seed is None else _seed(seed)
        if hull is not False:
            if who is not None:
                raise OptionsError("sample either one stakeholder or a blend, not both", "hull")
            sts = self.stakeholders(None if hull is True else hull)
            Ws = np.array([self.weights(s) for s in sts])
            subject = "blends of the weights of " + ", ".join(s.name for s in sts)

            def factory(rng):
                return sm.HullSampler(Ws, rng)
        else:
            st = None if who is None else self.stakeholder(who)
            factory = sm.sampler_for(self.weight_set(st), k)
            subject = (
                f"weights {st.name} would accept"
                if st
                else "any weights at all (no preference information)"
            )
        # no count asked for: draw until every index is within half_width (methods/smaa.py)
        count = k if samples is not None else None
        flat = None
        tree = self.workspace.tree
        if who is None and hull is False and not tree.flat:
            from .methods.tree import TreeSampler

            flat = sm.smaa(
                dm.values,
                dm.lows,
                dm.highs,
                dm.options,
                dm.criteria,
                factory,
                count,
                seed,
                half_width=self.defaults.half_width,
            )
            subject += ", uniform at each node of the value tree"

            def factory(rng):
                return TreeSampler(tree, rng)

        res = sm.smaa(
            dm.values,
            dm.lows,
            dm.highs,
            dm.options,
            dm.criteria,
            factory,
            count,
            seed,
            progress,
            half_width=self.defaults.half_width,
        )
        return SmaaAnalysis(self.workspace, res, subject, self.screened_out, flat)

    def samples_for(self) -> int:
        """The default SMAA draws: every index within ``half_width`` at 95%, all together."""
        from .methods.smaa import samples_for

        return samples_for(len(self.matrix.options), self.defaults.half_width)[0]

    def lead(self, who: Who, seed: int | None = None) -> LeadUnderScores | None:
        """How the leader's lead over the runner-up behaves when only the scores vary."""
        from .methods.smaa import lead_under_scores

        rows = self.rank(who).ranking.rows
        if len(rows) < 2:
            return None
        dm, idx = self.matrix, self.matrix.options.index
        return lead_under_scores(
            dm.values,
            dm.lows,
            dm.highs,
            self.weights(who),
            idx(rows[0].option),
            idx(rows[1].option),
            samples=self.defaults.lead_samples,
            seed=self.defaults.seed if seed is None else _seed(seed),
        )

    def check(self) -> CheckResult:
        """Known methodological mistakes, each with why it matters and a reference (over the
        whole long list: the screen itself is checked too)."""
        from .methods.check import check
        from .results.check import CheckResult

        ws = self.long_list
        raws = (
            load_stakeholders(ws.root, ws.criterion_ids, option_ids=ws.option_ids, tree=ws.tree)
            if weights_paths(ws.root)
            else ()
        )
        settled, findings = [], []
        for st in raws:
            try:
                settled.append(self._settled(st))
            except OptionsError:
                findings += self._statement_findings(st)
        findings = check(ws, self.long_matrix, settled) + findings
        return CheckResult(ws.title, tuple(findings))

    def _statement_findings(self, st: Stakeholder) -> list:
        """How far typed weights are from honouring their own statements (an LP), or that the
        statements cannot all hold."""
        from .methods.check import Finding
        from .methods.lp import nearest, weight_set
        from .methods.ror import CONSTRAINTS
        from .present.words import possessive

        ref = "Greco, Mousseau & Slowinski (2008), robust ordinal regression"
        res = self._ror(st)
        conflict = res.conflicts[0] if res.conflicts else ()
        within = not res.consistent and bool(self._broken_within_tolerance(st, conflict))
        if not res.consistent and not within:
            p = self._conflict_problem(st, res.conflicts)
            why = "No weights satisfy them all; revise one, or mark it use = false."
            if res.conflicts and CONSTRAINTS in res.conflicts[0]:
                why = (
                    "No weights within the stakeholder's [constraints] satisfy them all; revise "
                    "a statement or the [constraints], or mark the statement use = false."
                )
            return [Finding("statements-conflict", st.path, p.message, why, ref)]
        dm = self.long_matrix
        # within a tolerance no weights honour them: how far, the tolerance aside
        free = replace(st, constraints=replace(st.constraints, tolerance=None)) if within else st
        W = weight_set(dm.criteria, free, self._limit_rows(free, dm.criteria))
        w0 = np.array([st.weights[c] for c in dm.criteria])
        out = nearest(W, w0, self.solver)
        moved = (
            f"moving {100 * out.objective:.1f} points of weight (out of 100) would honour them all"
            if out.ok
            else "no weights within its other [constraints] honour them all"
        )
        if within:
            moved += ", more than the tolerance in its [constraints] allows"
        return [
            Finding(
                "weights-break-statements",
                st.path,
                f"{possessive(st.name)} typed weights break {len(self.broken_statements(st))} of its own "
                f"statements; {moved}.",
                "Weights that contradict what the stakeholder said misrepresent it; change the "
                "weights, or leave them out and let them be inferred from the statements.",
                ref,
            )
        ]

    def screen(self) -> ScreenResult:
        """The long list against the must-meet requirements: pass or fail with the reason, the
        short list, and what could change within the scores' plausible ranges."""
        from .methods.screening import screen
        from .results.screen import ScreenResult

        return ScreenResult(self.long_list, self._screen or screen(self.long_list))

    def risks(self, options: str | Iterable[str] | None = None) -> RisksResult:
        """Each option's risk register ranked by likelihood x impact, before and after
        mitigation, and their risk profiles compared (default: the short list)."""
        from .methods.risks import profiles
        from .results.screen import RisksResult

        ws = self.long_list
        if options is None:
            ids = self.workspace.option_ids
        else:
            asked = [options] if isinstance(options, str) else list(options)
            numbers = {str(o.number): o.id for o in ws.options if o.number is not None}
            ids = tuple(dict.fromkeys(numbers.get(str(x), x) for x in asked))  # 5 or its id
            for oid in ids:
                if not isinstance(oid, str) or oid not in ws.option_ids:
                    from .model.toml import did_you_mean

                    known = ", ".join(ws.option_ids)
                    raise OptionsError(
                        f"no option '{oid}' in options/ (known: {known})"
                        + did_you_mean(oid, ws.option_ids),
                        "option",
                    )
        return RisksResult(ws, ids, profiles(ws, ids))

    def what_it_takes(self, who: Who, W: WeightSet | None = None) -> SensitivityResult:
        """``options sensitivity`` cut to its first table, what it would take for each option to
        come first, for a live model whose weights move many times within one weight set (W:
        the stakeholder's, given to save working it out again).

        The switching weights (Wolters & Mareschal 1995) and stability intervals are worked out
        for these weights as :meth:`sensitivity` does; the robust choice (which options can come
        first anywhere in W, which the leader beats everywhere in W) depends on W alone, so it
        is worked out once per weight set and kept; only its minimax-regret tie-break, by value
        at these weights, is made again. The score switching values are left out, and the move
        that passes the leader alone is worked out only for an option that cannot come first
        (the table says it for those alone)."""
        from .methods.lp import make_solver, solver_name
        from .methods.robust import robust_choice
        from .methods.sensitivity import Sensitivity
        from .methods.stability import stability_intervals
        from .methods.switching import switching_weights
        from .methods.tree import objective_stability
        from .methods.value import rank_options, weight_vector
        from .results.sensitivity import SensitivityResult

        st = self.stakeholder(who)
        ws, dm = self.workspace, self.matrix
        X, W = dm.values, self.weight_set(st) if W is None else W
        w0 = weight_vector(dm.criteria, st)
        solver = make_solver(self.defaults.solver)
        key = (
            W.lower.tobytes(),
            W.upper.tobytes(),
            W.order,
            tuple(r.tobytes() for r in W.rows),
        )
        kept = self.__dict__.setdefault("_robust_by_set", {})  # weight set -> robust choice
        robust = kept.get(key)
        if robust is None:
            robust = robust_choice(X, dm.options, W, None, solver)
            kept[key] = robust  # two threads may both work it out: the same answer
            while len(kept) > RECORDS_KEPT:
                kept.pop(next(iter(kept)), None)
        v0, regret = X @ w0, robust.max_regret
        mm = min(
            range(len(dm.options)),
            key=lambda a: (round(float(regret[dm.options[a]]), 9), -v0[a], a),
        )
        robust = replace(robust, minimax_regret=dm.options[mm])
        ranking = rank_options(dm, w0, st.id)
        leader = ranking.rows[0].option
        possible = [o in robust.possibly_best for o in dm.options]
        full = switching_weights(X, dm.options, W, w0, solver, pairwise=False, candidates=possible)
        beaten = {b for a, b, strict in robust.dominance if a == leader and strict}
        alone = [s.status == "cannot" and s.option not in beaten for s in full]
        pairwise = switching_weights(X, dm.options, W, w0, solver, pairwise=True, candidates=alone)
        sa = Sensitivity(
            stakeholder=st.id,
            criteria=dm.criteria,
            weights=w0,
            W=W,
            ranking=ranking,
            leader=leader,
            switching=tuple(full),
            pairwise=tuple(pairwise),
            stability=tuple(stability_intervals(X, dm.criteria, w0, W)),
            scores=(),
            robust=robust,
            solver=solver_name(self.defaults.solver),
        )
        tree = ws.tree
        objectives = () if tree.flat else tuple(objective_stability(X, tree, dm.options, w0, W))
        return SensitivityResult(ws, st, sa, self.screened_out, objectives)


# --- arguments as a Python user passes them ----------------------------------------------------


def _stems(folder: Path) -> list[str]:
    return [p.stem for p in folder.glob("*.toml")] if folder.is_dir() else []


def _pts(x: float) -> str:
    """Points out of 100, to one decimal, or two significant figures when smaller than that."""
    return f"{x:.1f}" if abs(x) >= 0.05 else f"{x:.2g}"


def _broken_words(
    s, k: int, v: float, floor: float, w: Mapping[str, float], options: Iterable[str]
) -> str:
    """Why typed weights ``w`` (normalised) break statement ``s`` at its ``k``-th row, whose
    value there is ``v``, in the terms users see elsewhere: points of value (out of 100) for a
    preference, points of weight (out of 100) for an order, ratings (the largest 100) for a
    swing."""
    from .model.statements import CriteriaOrder, Indifferent, Prefer

    def weight(node: str, groups) -> float:
        return sum(w[c] for c in dict(groups).get(node, (node,)))

    if isinstance(s, Prefer):
        worse = s.worse
        if worse == "*":  # one row for each other option, in order
            worse = [o for o in options if o != s.better][k]
        a, b = _side(s.better), _side(worse)
        if v < 0:
            gap = f"{a} is {_pts(-v)} points of value (out of 100) behind {b}"
        else:
            gap = (
                f"{a} is only {_pts(v)} points of value (out of 100) ahead of {b}, less than "
                f"the {_pts(floor)} a preference needs"
            )
        return f"it says {a} is preferred to {b}, but at those weights {gap}"
    if isinstance(s, Indifferent):
        a, b = _side(s.a), _side(s.b)
        return (
            f"it says {a} and {b} are as good as each other, but at those weights they are "
            f"{_pts(abs(v))} points of value (out of 100) apart"
        )
    if isinstance(s, CriteriaOrder):
        p, q = s.order[k], s.order[k + 1]
        wp, wq = 100 * weight(p, s.groups), 100 * weight(q, s.groups)
        return (
            f"it says {p} weighs at least as much as {q}, but those weights give {p} {_pts(wp)} "
            f"points of weight (out of 100) and {q} {_pts(wq)}"
        )
    named = {c: weight(c, s.groups) for c, _, _ in s.ratings}
    top = max(named.values())
    said = ", ".join(f"{c} {lo:g}" if lo == hi else f"{c} {lo:g}-{hi:g}" for c, lo, hi in s.ratings)
    if top <= 0:
        return f"it rates the swings {said}, but those weights give every one of them 0"
    got = ", ".join(f"{c} {100 * x / top:.3g}" for c, x in named.items())
    return f"it rates the swings {said}, but those weights rate them {got} (the largest 100)"


def _side(side) -> str:
    if isinstance(side, str):
        return "every other option" if side == "*" else side
    return "{" + ", ".join(f"{c} {v:g}" for c, v in side.values) + "}"


def _path(root: Any) -> Path:
    if isinstance(root, str | Path):
        return Path(root)
    raise OptionsError(f"a workspace is a folder path, not {type(root).__name__}", "workspace")


def _name(who: Any) -> str:
    if isinstance(who, Path):
        return str(who)
    if isinstance(who, str) and who.strip():
        return who
    raise OptionsError(
        f"a stakeholder is named by text or a path, not {type(who).__name__} {who!r}",
        "stakeholder",
    )


def _names(who: Any) -> list[Any]:
    """One name, a path, a Stakeholder, or an iterable of them; None or () for all."""
    if who is None:
        return []
    if isinstance(who, str | Path | Stakeholder):
        return [who]
    if isinstance(who, Iterable):
        return [w if isinstance(w, Stakeholder) else _name(w) for w in who]
    raise OptionsError(f"stakeholders are names, not {type(who).__name__}", "stakeholder")


def _count(value: Any, what: str, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < least:
        raise OptionsError(
            f"{what} must be a whole number of at least {least}, not {value!r}", what
        )
    return int(value)


def _seed(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise OptionsError(f"the seed must be a whole number >= 0, not {value!r}", "seed")
    return int(value)


def _finite(value: Any, criterion: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise OptionsError(f"the weight of '{criterion}' must be a finite number", "weights")
    if value < 0:
        raise OptionsError(f"the weight of '{criterion}' must not be negative", "weights")
    return float(value)


def load(root: str | Path = ".", **defaults: Any) -> Appraisal:
    """Load a workspace for analysis (the Python API's entry point)."""
    return Appraisal.open(root, **defaults)
