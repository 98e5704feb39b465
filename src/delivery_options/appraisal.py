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
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import OptionsError, Problem
from .model.load import load_workspace, read_workspace, unmapped_statements
from .model.types import Stakeholder, Workspace
from .model.weights import load_stakeholder, load_stakeholders, resolve_weights, weights_paths

if TYPE_CHECKING:
    from .methods.lp import WeightSet
    from .methods.smaa import LeadUnderScores
    from .methods.value import DecisionMatrix
    from .results.check import CheckResult, Validation
    from .results.compare import CompareResult
    from .results.inputs import Inputs
    from .results.rank import RankResult
    from .results.sensitivity import SensitivityResult
    from .results.smaa import SmaaAnalysis

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


class Appraisal:
    """One workspace and everything computed from it."""

    def __init__(self, workspace: Workspace, defaults: Defaults | None = None):
        self.workspace = workspace
        self.defaults = defaults or Defaults()
        self._stakeholders: dict[str, Stakeholder] = {}

    @classmethod
    def open(cls, root: str | Path = ".", **defaults: Any) -> Appraisal:
        """Load the workspace at ``root``; keyword arguments override :class:`Defaults`."""
        return cls(load_workspace(_path(root)), replace(Defaults(), **defaults))

    @staticmethod
    def validate(root: str | Path = ".") -> Validation:
        """Every problem in criteria, options and weights files at once, and the warnings."""
        from .results.check import Validation

        root = _path(root)
        ws, criteria, problems = read_workspace(root)
        sts: tuple[Stakeholder, ...] = ()
        if criteria is not None and weights_paths(root):
            try:
                sts = load_stakeholders(root, tuple(c.id for c in criteria))
            except OptionsError as exc:
                problems = problems + list(exc.problems)
        if problems or ws is None:
            return Validation(str(root), tuple(problems))
        warnings = list(unmapped_statements(ws))
        if not sts:
            warnings.insert(0, Problem("weights/", "", "no weights files yet; add one each"))
        n_stmt = sum(len(o.benefits) + len(o.risks) for o in ws.options)
        counts = (
            ("criteria", len(ws.criteria)),
            ("options", len(ws.options)),
            ("stakeholders", len(sts)),
            ("statements", n_stmt),
            ("mapped", n_stmt - len(unmapped_statements(ws))),
        )
        return Validation(str(root), (), tuple(warnings), counts)

    # --- the data ---------------------------------------------------------------------------

    @cached_property
    def matrix(self) -> DecisionMatrix:
        from .methods.value import decision_matrix

        return decision_matrix(self.workspace)

    @cached_property
    def solver(self):
        from .methods.lp import make_solver

        return make_solver(self.defaults.solver)

    @property
    def solver_name(self) -> str:
        from .methods.lp import solver_name

        return solver_name(self.defaults.solver)

    def stakeholder(self, who: Who) -> Stakeholder:
        """A stakeholder by name (``commissioner``), file name, path in ``weights/`` or path."""
        if isinstance(who, Stakeholder):
            return who
        name = _name(who)
        if name not in self._stakeholders:
            root = self.workspace.root
            path = resolve_weights(root, name)
            self._stakeholders[name] = load_stakeholder(root, self.workspace.criterion_ids, path)
        return self._stakeholders[name]

    def stakeholders(self, who: Who | Iterable[Who] | None = None) -> tuple[Stakeholder, ...]:
        """The named stakeholders (one name or several), or every one in ``weights/``."""
        names = _names(who)
        if not names:
            return load_stakeholders(self.workspace.root, self.workspace.criterion_ids)
        out: dict[str, Stakeholder] = {}
        for n in names:
            s = self.stakeholder(n)
            out.setdefault(s.id, s)
        return tuple(out.values())

    def weights(self, who: Who) -> np.ndarray:
        """A stakeholder's normalised weights as a vector in criteria order."""
        from .methods.value import weight_vector

        return weight_vector(self.matrix.criteria, self.stakeholder(who))

    def weight_set(self, who: Who | None) -> WeightSet:
        """The weights a stakeholder would accept (its constraints), or the simplex for None."""
        from .methods.lp import weight_set

        return weight_set(self.matrix.criteria, None if who is None else self.stakeholder(who))

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
        constraints = fixed(self.weight_set(st))
        return replace(st, weights=norm, raw_weights=values, constraints=constraints)

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
        return RankResult(self.workspace, st, ranking)

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
        con = consensus(dm.values, dm.options, [s.id for s in sts], Ws, sets, self.solver)
        return CompareResult(self.workspace, sts, rankings, con)

    def sensitivity(self, who: Who, top: int | None = None) -> SensitivityResult:
        """Switching weights, stability intervals, score switching and robust choice."""
        from .methods.sensitivity import analyse
        from .results.sensitivity import SensitivityResult

        st = self.stakeholder(who)
        top = self.defaults.top if top is None else _count(top, "top", 0)
        sa = analyse(self.workspace, self.matrix, st, solver=self.defaults.solver, top=top)
        return SensitivityResult(self.workspace, st, sa)

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
        res = sm.smaa(
            dm.values, dm.lows, dm.highs, dm.options, dm.criteria, factory, k, seed, progress
        )
        return SmaaAnalysis(self.workspace, res, subject)

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
        """Known methodological mistakes, each with why it matters and a reference."""
        from .methods.check import check
        from .results.check import CheckResult

        sts = self.stakeholders() if weights_paths(self.workspace.root) else ()
        findings = check(self.workspace, self.matrix, sts)
        return CheckResult(self.workspace.title, tuple(findings))


# --- arguments as a Python user passes them ----------------------------------------------------


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
