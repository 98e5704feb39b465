"""Questions for an interview about the weights, chosen from what the answers so far allow.

Two ways to get weights nobody typed, both ending as statements (:mod:`.statements`):

- swing weighting (von Winterfeldt & Edwards 1986): rank the swings from worst to best, then
  rate them against the most valued (100), with a range where unsure (Mustajoki, Hamalainen &
  Salo 2005): :func:`swing_statements`;
- pairwise questions between two made-up options that differ on two criteria only: A has the
  full swing (0 to 100) on criterion i, B a gain of d points on criterion j, all else equal. The
  answer is the row 100 w_i - d w_j > 0 (A), < 0 (B) or = 0 (the same).

On a value tree the questions are asked at each objective level too: a side may be an objective's
swing, every criterion beneath it from worst to best (its weight is the sum of its criteria's),
so the answer is a row 100 w(O) - d w(P) on sibling objectives O and P (or an objective and a
sibling criterion), still a statement between made-up options on the criteria. Top down, as
value trees are weighted (Keeney & Raiffa 1976; von Winterfeldt & Edwards 1986, ch. 8): while
an objective level has had no question, the next question is the best of that level's, if any
is still open; then the best of all.

The next pairwise question is the one whose answer is expected to tell most about which option
is first (cf. Ciomek, Kadzinski & Tervonen 2017, Omega 71, on choosing pairwise questions from
the ROR/SMAA outcomes): over near-uniform samples of the compatible set (hit-and-run), the
question minimising the expected entropy of "which option is first" after the answer, each
answer weighted by the share of samples on its side. Questions whose answer every sample
agrees on are not asked, nor (checked with the margin LP, as an answer is) any question whose
answer the earlier answers already settle: samples can straddle a face those answers fix
exactly (after "same", or an exact swing rating) by round-off alone. When every sample has the same option first, that option is checked
for being necessarily first (LPs); if it is not, each rival that can still beat it adds probe
points from the region where it does, so the next question cuts that region off or confirms it.
The interview stops when an option is necessarily first, at the question limit, or when no
question would split the samples (the questions move in steps of 5 points: answers can pin the
weights closer than that while two options can still come first). When it stops, the options
that can still come first are found with ROR's LPs, as ``options infer`` finds them.

The engine is pure: :func:`start`, :func:`next_question` and :func:`answer` return values and
never print or read, so a terminal, a web page or a replayed list of answers can drive it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..errors import OptionsError
from ..model.statements import (
    CriteriaOrder,
    Hypothetical,
    Indifferent,
    Prefer,
    Statement,
    Swing,
    rating_problem,
)
from .lp import VERIFY_TOL, WeightSet, make_solver
from .ror import (
    MARGIN_TOL,
    Compatible,
    OverClosure,
    analyse,
    chebyshev_centre,
    compatible_set,
    find_conflict,
    margin,
)

REPLIES = ("a", "b", "same", "skip")
GAINS = tuple(float(g) for g in range(5, 101, 5))  # B's gain, in value points
SAMPLES = 1000
PROBES = 20  # points per rival region when every sample has the same option first
STEPS = 2  # hit-and-run steps per criterion for each sample after an answer (20 from scratch)


# --- swing weighting -------------------------------------------------------------------------


def swing_statements(
    order: Sequence[str],
    ratings: Mapping[str, float | tuple[float, float]] | None = None,
    *,
    source: str,
    evidence: str = "",
    date: str = "",
) -> tuple[Statement, ...]:
    """Swing weighting as statements: the ranking of the swings, then their ratings.

    ``order`` lists the criteria whose swings were ranked, most valued first; ``ratings`` rate
    some of them against it (100), a pair (lo, hi) where unsure; the first is rated 100 unless
    given. Ratings that contradict the ranking are left for the consistency check to report.
    """
    order = tuple(order)
    if len(order) < 2 or len(set(order)) != len(order):
        raise ValueError("rank at least two different swings")
    prov = {"source": source, "evidence": evidence, "date": date}
    out: list[Statement] = [CriteriaOrder(order, **prov)]
    if ratings:
        unknown = set(ratings) - set(order)
        if unknown:
            raise ValueError(f"rated but not ranked: {', '.join(sorted(unknown))}")
        given = {order[0]: (100.0, 100.0)}
        for c, r in ratings.items():
            lo, hi = (r, r) if isinstance(r, int | float) else r
            if not 0 <= lo <= hi <= 100:
                raise ValueError(f"{c}: a rating is 0 to 100, low first")
            given[c] = (float(lo), float(hi))
        if max(hi for _, hi in given.values()) != 100:
            raise ValueError("the most valued swing is rated 100")
        if why := rating_problem(list(given.values())):
            raise ValueError(why)
        rated = [c for c in order if c in given]
        for k, upper in enumerate(rated):  # a swing ranked lower cannot be rated surely higher
            for lower in rated[k + 1 :]:
                if given[lower][0] > given[upper][1]:
                    raise ValueError(
                        f"they contradict the ranking: {lower} is ranked below {upper} but rated "
                        "higher "
                        f"({given[lower][0]:g} against {given[upper][1]:g})"
                    )
        out.append(Swing(tuple((c, *given[c]) for c in order if c in given), **prov))
    return tuple(out)


def rank_order_centroid(order: Sequence[str], criteria: Sequence[str]) -> np.ndarray:
    """Rank-order-centroid weights (Barron & Barrett 1996): w_(k) = (1/n) sum_{i>=k} 1/i."""
    n = len(order)
    roc = np.array([sum(1 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)])
    w = np.zeros(len(criteria))
    for k, c in enumerate(order):
        w[list(criteria).index(c)] = roc[k]
    return w


# --- pairwise questions ----------------------------------------------------------------------


#: Objectives a question may name, each with the criteria beneath it (model/tree.py).
Groups = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Question:
    """Option A: ``first`` at ``gain_first``; option B: ``second`` at ``gain_second``; each at 0
    (its worst) on the other and equal elsewhere. Which is better? ``first`` and ``second`` are
    criteria or objectives; an objective (in ``groups``) gains on every criterion beneath it."""

    first: str
    gain_first: float
    second: str
    gain_second: float
    groups: Groups = ()

    def beneath(self, node: str) -> tuple[str, ...]:
        """The criteria a side gains on: the criterion itself, or an objective's."""
        return dict(self.groups).get(node, (node,))

    @property
    def objective_level(self) -> bool:
        """True when a side is an objective's swing."""
        return any(n in dict(self.groups) for n in (self.first, self.second))

    @property
    def options(self) -> tuple[Hypothetical, Hypothetical]:
        return (
            Hypothetical(tuple((c, self.gain_first) for c in self.beneath(self.first))),
            Hypothetical(tuple((c, self.gain_second) for c in self.beneath(self.second))),
        )

    def row(self, criteria: Sequence[str]) -> np.ndarray:
        """V_A - V_B as coefficients on the weights."""
        a, b = self.options
        return a.vector(criteria) - b.vector(criteria)

    def text(
        self,
        names: Mapping[str, str] | None = None,
        span: Callable[[str, float], str] | None = None,
    ) -> str:
        """The question in words; ``span(node, gain)``, where given, says what a gain of so
        many points is in the criterion's own amounts ("from £2,000k to £1,000k")."""
        names = names or {}

        def on(node: str, gain: float) -> str:
            name = names.get(node, node)
            if node in dict(self.groups):
                return f"each criterion of {name}"
            raw = span(node, gain) if span is not None else ""
            return f"{name}, {raw}" if raw else name

        return (
            f"Option A gains {self.gain_first:g} points (of 100) on "
            f"{on(self.first, self.gain_first)}; option B gains {self.gain_second:g} points on "
            f"{on(self.second, self.gain_second)}. Everything else is the same. Which is "
            "better: A, B, or are they the same?"
        )


@dataclass(frozen=True, eq=False)
class Interview:
    """Where an interview stands. Build with :func:`start`; advance with :func:`answer`."""

    X: np.ndarray  # options x criteria, values 0-100
    options: tuple[str, ...]
    W: WeightSet
    statements: tuple[Statement, ...]
    asked: tuple[tuple[Question, str], ...]
    limit: int
    seed: int
    source: str
    solver: str
    samples: np.ndarray  # near-uniform points of the compatible set
    weights: np.ndarray  # the representative weights (Chebyshev centre; ror.py)
    necessarily_first: str | None
    question: Question | None  # the next question; None: stop
    conflict: tuple[int, ...] = ()  # the last reply was not kept: it contradicts these
    #: Once stopped: the options that can still come first under some compatible weighting
    #: (LPs, as ``options infer`` finds them); the one option when it is necessarily first.
    still_first: tuple[str, ...] = ()
    requested: bool = False  # stopped at the person's request (:func:`close`)
    #: A value tree: the objectives (each with the criteria beneath it) and the sibling nodes
    #: at each objective level (the children of the top or of an objective) with an objective
    #: among them; empty for flat criteria.
    groups: Groups = ()
    levels: tuple[tuple[str, ...], ...] = ()

    @property
    def criteria(self) -> tuple[str, ...]:
        return self.W.criteria

    @property
    def leader(self) -> str:
        """The first option under the representative weights."""
        return self.options[int(np.argmax(self.X @ self.weights))]

    @property
    def stop_reason(self) -> str | None:
        if self.question is not None:
            return None
        if self.necessarily_first is not None:
            return f"{self.necessarily_first} is necessarily first"
        if self.requested:
            return "stopped at the person's request"
        if len(self.asked) >= self.limit:
            return "the question limit is reached"
        return "no question left would tell apart the options that can still come first"


def start(
    X: np.ndarray,
    options: Sequence[str],
    W: WeightSet,
    statements: Sequence[Statement] = (),
    *,
    limit: int = 12,
    seed: int = 0,
    source: str = "interview",
    solver: str = "auto",
    groups: Groups = (),
    levels: Sequence[Sequence[str]] = (),
) -> Interview:
    """Open an interview over W and any statements already made (they must be consistent);
    on a value tree, ``groups`` and ``levels`` as in :class:`Interview` (:func:`tree_levels`)."""
    X = np.asarray(X, dtype=float)
    C = compatible_set(X, options, W, statements)
    if margin(C, make_solver(solver)).status != "consistent":
        found = find_conflict(C, make_solver(solver))
        shown = f"statements {', '.join(map(str, found))}" if found else "the weight set itself"
        raise OptionsError(f"the statements contradict each other ({shown})")
    state = Interview(
        X=X,
        options=tuple(options),
        W=W,
        statements=tuple(statements),
        asked=(),
        limit=limit,
        seed=seed,
        source=source,
        solver=solver,
        samples=np.empty((0, W.n)),
        weights=np.full(W.n, 1 / W.n),
        necessarily_first=None,
        question=None,
        groups=tuple((o, tuple(cs)) for o, cs in groups),
        levels=tuple(tuple(level) for level in levels),
    )
    return _refresh(state, C, None)


def tree_levels(tree) -> tuple[Groups, tuple[tuple[str, ...], ...]]:
    """The ``groups`` and ``levels`` of :func:`start` for a value tree (model/tree.py): each
    objective with the criteria beneath it, and, top down, each node's children when there are
    two or more and one of them is an objective (criteria alone are asked about anyway)."""
    if tree.flat:
        return (), ()
    groups = tuple((o, tuple(tree.leaves(o))) for o in tree.objective_ids)
    objectives = set(tree.objective_ids)
    levels = []
    for node in ("", *tree.objective_ids):
        kids = tuple(tree.children[node])
        if len(kids) >= 2 and objectives & set(kids):
            levels.append(kids)
    return groups, tuple(levels)


def next_question(state: Interview) -> Question | None:
    """The question to ask next, or None when the interview is over (see ``stop_reason``)."""
    return state.question


def answer(state: Interview, question: Question, reply: str) -> Interview:
    """Record a reply ("a", "b", "same" or "skip"); the answer is checked for consistency at
    once, and a reply that contradicts earlier statements is not kept (``conflict`` names them).
    """
    if reply not in REPLIES:
        raise ValueError(f"reply must be one of {', '.join(REPLIES)}, not {reply!r}")
    asked = (*state.asked, (question, reply))
    if reply == "skip":
        return _refresh(replace(state, asked=asked, conflict=()), None, state.samples)
    statements = (*state.statements, _statement(state, question, reply, len(asked)))
    C = compatible_set(state.X, state.options, state.W, statements)
    solver = make_solver(state.solver)
    if margin(C, solver).status != "consistent":
        found = find_conflict(C, solver)
        return _refresh(replace(state, asked=asked, conflict=found), None, state.samples)
    return _refresh(
        replace(state, asked=asked, statements=statements, conflict=()), C, state.samples
    )


def possible_replies(state: Interview, question: Question) -> tuple[str, ...]:
    """The replies ("a", "b", "same") the earlier answers still allow: those :func:`answer`
    would keep. One alone means the answers already settle the question."""
    C = compatible_set(state.X, state.options, state.W, state.statements)
    return _kept_replies(state, C, question, make_solver(state.solver))


def close(state: Interview) -> Interview:
    """Stop here at the person's request: no question, and what is still open found (as when
    the interview stops by itself)."""
    if state.question is None:
        return state
    stopped = replace(state, question=None, requested=True, conflict=())
    return _stopped(stopped, make_solver(state.solver))


def replay(state: Interview, replies: Sequence[str]) -> Interview:
    """Answer the questions in turn with ``replies``; stops early if the interview ends."""
    for reply in replies:
        q = next_question(state)
        if q is None:
            break
        state = answer(state, q, reply)
    return state


# --- the engine's insides --------------------------------------------------------------------


def _statement(state: Interview, question: Question, reply: str, number: int) -> Statement:
    """The statement a reply ("a", "b" or "same") to question ``number`` makes."""
    a, b = question.options
    prov = {"source": state.source, "evidence": f"answer to question {number}"}
    if reply == "a":
        return Prefer(a, b, **prov)
    if reply == "b":
        return Prefer(b, a, **prov)
    return Indifferent(a, b, **prov)


def _kept_replies(
    state: Interview, C: Compatible, question: Question, solver, enough: int = 3
) -> tuple[str, ...]:
    """The replies whose statement keeps C consistent: the margin LP of :func:`answer` on C with
    that statement's rows added. Stops once ``enough`` are found."""
    kept: list[str] = []
    for reply in ("a", "b", "same"):
        st = _statement(state, question, reply, len(state.asked) + 1)
        more = compatible_set(state.X, state.options, state.W, [st], len(state.statements))
        if margin(C.add(more), solver).status == "consistent":
            kept.append(reply)
            if len(kept) >= enough:
                break
    return tuple(kept)


def _inside(C: Compatible, P: np.ndarray, tol: float = VERIFY_TOL) -> np.ndarray:
    """Which rows of P lie in C (strict rows above 0)."""
    W = C.W
    ok = (np.abs(P.sum(axis=1) - 1) <= tol) & (P - W.lower >= -tol).all(axis=1)
    ok &= (P - W.upper <= tol).all(axis=1)
    for p, q in W.order:
        ok &= P[:, p] >= P[:, q] - tol
    V = P @ C.A.T
    for r, kind in enumerate(C.kinds):
        ok &= np.abs(V[:, r]) <= tol if kind == "=0" else V[:, r] > (0 if kind == ">=eps" else -tol)
    return ok


def _refresh(state: Interview, C: Compatible | None, previous: np.ndarray | None) -> Interview:
    """New samples (when C changed), representative weights and the next question."""
    solver = make_solver(state.solver)
    rng = np.random.default_rng([state.seed, len(state.asked)])
    if C is None:  # nothing new was kept: same set, same samples
        samples, weights = state.samples, state.weights
        C = compatible_set(state.X, state.options, state.W, state.statements)
    else:
        centre = chebyshev_centre(C, solver)
        if centre.status != "optimal":
            raise RuntimeError(f"the Chebyshev-centre LP ended {centre.status}")
        weights = centre.w
        n = state.W.n
        keep = previous[_inside(C, previous)] if previous is not None else previous
        if keep is not None and len(keep) >= SAMPLES // 10:
            # points uniform on the old set and inside the new one are uniform on the new one;
            # a few more steps each spread the copies apart
            start_pts, steps = keep[rng.integers(len(keep), size=SAMPLES)], STEPS * n
        else:
            start_pts, steps = np.repeat(centre.w[None, :], SAMPLES, axis=0), 20 * n
        samples = centre.region.hit_and_run(start_pts, steps, rng)
    if len(state.asked) >= state.limit:
        return _stopped(replace(state, samples=samples, weights=weights, question=None), solver)
    question, first = _choose(state, C, samples, solver, rng)
    state = replace(
        state, samples=samples, weights=weights, question=question, necessarily_first=first
    )
    return state if question is not None else _stopped(state, solver)


def _stopped(state: Interview, solver) -> Interview:
    """A stopped interview with what is still open: the options that can come first under some
    compatible weighting, and the one that comes first under all, if any (ROR's LPs, as
    ``options infer`` finds them)."""
    if state.necessarily_first is not None:
        return replace(state, still_first=(state.necessarily_first,))
    res = analyse(state.X, state.options, state.W, state.statements, solver)
    first = res.necessarily_first[0] if len(res.necessarily_first) == 1 else None
    return replace(state, still_first=res.possibly_first, necessarily_first=first)


def _entropy(counts: np.ndarray) -> np.ndarray:
    """Entropy (bits) of the distribution along the last axis of counts; 0 when empty."""
    tot = counts.sum(axis=-1, keepdims=True)
    p = np.divide(counts, tot, out=np.zeros_like(counts), where=tot > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.sum(np.where(p > 0, p * np.log2(p), 0.0), axis=-1)


def _choose(
    state: Interview, C: Compatible, samples: np.ndarray, solver, rng: np.random.Generator
) -> tuple[Question | None, str | None]:
    X, m = state.X, len(state.options)
    first = np.argmax(samples @ X.T, axis=1)
    points, labels = samples, first
    if len(set(first.tolist())) <= 1:
        lead = int(first[0]) if len(first) else int(np.argmax(X @ state.weights))
        probes = _rival_probes(C, X, lead, solver, rng)
        if probes is None:
            return None, state.options[lead]
        points = np.vstack([samples, probes])
        labels = np.argmax(points @ X.T, axis=1)

    # Samples straddle a face the answers fix exactly (after "same", or an exact swing rating)
    # only by round-off: a question is asked only when the LPs say it is still open.
    skip = {q for q, _ in state.asked}
    nodes, G = _nodes(state)
    for pairs in _stages(state, nodes):
        while (
            q := _best_question(nodes, points, labels, m, skip, G, pairs, state.groups)
        ) is not None:
            if len(_kept_replies(state, C, q, solver, enough=2)) == 2:
                return q, None
            skip.add(q)
    return None, None


def _nodes(state: Interview) -> tuple[tuple[str, ...], np.ndarray]:
    """What a side may be, criteria then objectives, and each one's criteria as the columns
    of a 0/1 matrix (criteria x nodes): a node's weight is the sum of its criteria's."""
    crit = state.criteria
    nodes = (*crit, *(o for o, _ in state.groups))
    G = np.zeros((len(crit), len(nodes)))
    G[np.arange(len(crit)), np.arange(len(crit))] = 1.0
    for k, (_, beneath) in enumerate(state.groups, len(crit)):
        G[[crit.index(c) for c in beneath], k] = 1.0
    return nodes, G


def _stages(state: Interview, nodes: Sequence[str]) -> list[np.ndarray]:
    """The candidate pairs (ordered, as node indices) in the order they are tried: each
    objective level not yet asked about, top down, alone; then every pair of criteria and every
    pair at an objective level."""
    asked = {frozenset((q.first, q.second)) for q, _ in state.asked}
    index = {n: k for k, n in enumerate(nodes)}
    n = len(state.criteria)
    every = [(i, j) for i in range(n) for j in range(n) if i != j]
    stages = []
    for level in state.levels:
        pairs = [(index[a], index[b]) for a in level for b in level if a != b]
        every += pairs
        if not any(frozenset((nodes[i], nodes[j])) in asked for i, j in pairs):
            stages.append(np.array(pairs).reshape(-1, 2))
    return [*stages, np.array(every).reshape(-1, 2)]


def _best_question(
    nodes: Sequence[str],
    points: np.ndarray,
    labels: np.ndarray,
    m: int,
    asked: set[Question],
    G: np.ndarray | None = None,
    pairs: np.ndarray | None = None,
    groups: Groups = (),
) -> Question | None:
    """The candidate question with the least expected entropy of the first option, then the
    most even split; None when no candidate splits the points.

    Candidates: A = the full swing on node i, B = a gain of g on node j, for each ordered pair
    (i, j) of ``pairs`` (default: every pair of criteria) and g in GAINS (g = 100 once per
    unordered pair). A point w is on A's side iff w(i) / w(j) > g / 100 (a node's weight: the
    sum of its criteria's, the columns of ``G``; default: each node a criterion), so sorting
    each pair's ratios against the thresholds counts every candidate's sides at once.
    """
    if G is None:
        G = np.eye(len(nodes))
    if pairs is None:
        n = G.shape[0]
        pairs = np.array([(i, j) for i in range(n) for j in range(n) if i != j]).reshape(-1, 2)
    T = np.array(GAINS) / 100.0
    pi, pj = pairs[:, 0], pairs[:, 1]
    N = points @ G
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.nan_to_num(N[:, pi] / N[:, pj], nan=0.0, posinf=np.inf)
    above = np.searchsorted(T, ratio, side="left")  # how many thresholds each ratio exceeds
    P, Gn = len(pairs), len(T)
    flat = (np.arange(P)[None, :] * (Gn + 1) + above) * m + labels[:, None]
    hist = np.bincount(flat.ravel(), minlength=P * (Gn + 1) * m).reshape(P, Gn + 1, m)
    plus = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1][:, 1:].astype(float)  # P x G x m: A's side
    minus = hist.sum(axis=1, keepdims=True) - plus
    n_plus, n_minus = plus.sum(axis=2), minus.sum(axis=2)
    ok = (n_plus > 0) & (n_minus > 0)
    ok[:, -1] &= pi < pj  # "100 on i vs 100 on j" once per pair
    index = {n: k for k, n in enumerate(nodes)}
    for q in asked:
        if q.gain_first == 100 and q.gain_second in GAINS:
            i, j = index.get(q.first), index.get(q.second)
            ok[(pi == i) & (pj == j), GAINS.index(q.gain_second)] = False
    if not ok.any():
        return None
    total = len(points)
    expected = (n_plus * _entropy(plus) + n_minus * _entropy(minus)) / total
    score = np.where(ok, np.round(expected, 12), np.inf).ravel()
    balance = np.abs(n_plus / total - 0.5).ravel()
    best = int(np.lexsort((balance, score))[0])  # least entropy, then the most even split
    p, g = divmod(best, Gn)
    a, b = nodes[pi[p]], nodes[pj[p]]
    return Question(a, 100.0, b, GAINS[g], tuple((o, cs) for o, cs in groups if o in (a, b)))


def _rival_probes(
    C: Compatible, X: np.ndarray, lead: int, solver, rng: np.random.Generator
) -> np.ndarray | None:
    """None when ``lead`` is necessarily first; else points where each rival beats it."""
    closure = OverClosure(C, solver)
    probes = []
    for b in range(len(X)):
        if b == lead:
            continue
        out = closure.optimise(X[lead] - X[b])
        if not out.ok:
            raise RuntimeError(f"the necessary-preference LP ended {out.status}")
        if out.objective >= -MARGIN_TOL:
            continue
        row = Compatible(C.W, (X[b] - X[lead])[None, :], (">=0",), (-1,))
        centre = chebyshev_centre(C.add(row), solver)
        if centre.status != "optimal":
            probes.append(out.w[None, :])  # the LP's own point where b beats lead
            continue
        start_pts = np.repeat(centre.w[None, :], PROBES, axis=0)
        probes.append(centre.region.hit_and_run(start_pts, 10 * C.W.n, rng))
    return np.vstack(probes) if probes else None
