"""SMAA-2: stochastic multicriteria acceptability analysis (Lahdelma & Salminen 2001;
Tervonen & Lahdelma 2007; methods.md).

Weights are drawn uniformly from a feasible set (the whole simplex, a stakeholder's acceptable
set W, or the hull of the stakeholders' weights); scores are drawn from triangular
distributions over their plausible ranges, with the mode at the stated value. For each draw,
rank(a) = 1 + the number of options strictly better, so tied options share a rank.

  rank acceptability   b_a^r = P(rank(a) = r)
  central weights      w_a^c = E[w | rank(a) = 1]
  confidence factor    P(a is first at w_a^c, scores uncertain), from enough score draws for
                       +-0.01 on all m factors at 95% (fewer when fewer draws are asked for)
  holistic             sum_r alpha_r b_a^r, with rank-order-centroid meta-weights scaled so
                       alpha_1 = 1 (Lahdelma & Salminen 2001, section 3)

Sampling is done in fixed-size chunks (memory stays bounded) from child streams of one
SeedSequence, so the same seed gives the same output to the last digit.

How many draws. Asked for a number, SMAA draws exactly that many. Otherwise it stops when it
knows (Tervonen & Lahdelma 2007 on the accuracy of SMAA's indices): after each chunk, every
acceptability index's half-width at 95%, all m^2 together (Bonferroni), is estimated from the
draws so far as z sqrt((p(1 - p) + 1/k) / k), the fixed-width sequential rule of Chow & Robbins
(1965) with their 1/k guard against stopping on an index still at 0 or 1; sampling stops once
every one is within the target half-width (at least :data:`MIN_DRAWS` draws), and in any case
at the count that bounds every index whatever its value (p = 1/2), which is the fixed count
used before. Weights drawn by hit-and-run are correlated, so p(1 - p) understates the error:
their variance is estimated instead by batch means over batches of whole chains
(:class:`BatchMeans`; Jones, Haran, Caffo & Neath 2006), with Student's t for the batches'
degrees of freedom, and as they bound nothing whatever their count, they may run to
:data:`CORRELATED_LIMIT` times the worst-case count, after which the output says how near it
got. The confidence factors are from score draws alone at fixed (central) weights, independent
whatever the weight sampler, so they stop by Chow & Robbins's rule over their m indices. The
central weights come from the acceptabilities' own draws; the confidence factors need score
draws independent of those that found the central weights, so they have their own, shared by
all options (one set of score draws judges every option at its own central weights).

With independent draws, a run that stopped after N draws is the first N draws of
``samples=N`` with the same seed (chunks are the same), so its acceptabilities are reproduced
exactly; hit-and-run's are drawn in smaller chunks, so only the same seed reproduces them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from ..present.words import ordinal
from .lp import WeightSet

#: Rejection sampling is used while at least this share of simplex draws land in W.
MIN_ACCEPTANCE = 0.02
PILOT = 20_000
#: Score cells worked at once when drawing (their temporaries fit in a processor's cache).
SLAB = 1 << 15
#: The sequential rule never stops before this many draws.
MIN_DRAWS = 1_000
#: Batch means: at most this many batches, at least this many, their counts in about this much.
MAX_BATCHES, MIN_BATCHES, BATCH_BYTES = 100, 30, 64_000_000
#: Indices whose batch-means spread is worked out at once (their temporaries stay in cache).
HALF_WIDTH_BLOCK = 4096
#: With correlated draws the worst-case count bounds nothing: the batch-means rule may run to
#: this multiple of it before it stops and says how far it got.
CORRELATED_LIMIT = 4
#: Hit-and-run leaves out a constraint that holds by at least this much everywhere on a box
#: (widened by as much) that bounds W: it never ends a chord, so the chains are unchanged.
IMPLIED = 1e-6


# --- weight samplers -------------------------------------------------------------------------


def simplex_gaps(rng: np.random.Generator, k: int, n: int) -> np.ndarray:
    """Uniform on the simplex (Dirichlet(1,...,1)): the gaps between sorted uniforms."""
    u = np.sort(rng.random((k, n - 1)), axis=1)
    return np.diff(u, axis=1, prepend=0.0, append=1.0)


def _full_chain(W: WeightSet) -> list[int] | None:
    """The criteria in order when W is exactly a full ordering w_a >= w_b >= ... (no bounds)."""
    if W.rows or W.lower.any() or (W.upper < 1).any() or len(W.order) != W.n - 1:
        return None
    nxt = dict(W.order)
    starts = set(nxt) - set(nxt.values())
    if len(starts) != 1 or len(nxt) != W.n - 1:
        return None
    chain = [starts.pop()]
    while chain[-1] in nxt:
        chain.append(nxt[chain[-1]])
    return chain if len(chain) == W.n and len(set(chain)) == W.n else None


@dataclass
class WeightSampler:
    """Draw uniform weights from W; ``method`` says how, in words for the output."""

    W: WeightSet
    rng: np.random.Generator
    start: np.ndarray | None = None  # a point of W for hit-and-run
    chains: int = 1000
    force: str | None = None  # "rejection" or "hit-and-run" (tests); None: choose by acceptance
    thin: int | None = None  # hit-and-run steps between kept draws (None: n)
    #: hit-and-run directions: "isotropic" (Gaussian, Smith 1984) or "pairs" (e_i - e_j)
    moves: str = "isotropic"
    #: least and greatest of each weight over W (:func:`extreme_points`), so that hit-and-run
    #: can leave out the constraints they imply (:func:`implied`); None: keep every one
    box: tuple[np.ndarray, np.ndarray] | None = None
    burn_in: int | None = None  # hit-and-run steps before the first draw (None: 100 n)

    def __post_init__(self) -> None:
        n = self.W.n
        self.independent = True  # successive draws independent (False for hit-and-run)
        self.chain = _full_chain(self.W)
        if self.W.is_simplex:
            self.method = "uniform on the simplex (Dirichlet(1), sorted uniform gaps)"
            self.kind = "simplex"
        elif self.chain is not None:
            self.method = "uniform on the full ordering (sorted Dirichlet(1) draws)"
            self.kind = "chain"
        else:
            pilot = simplex_gaps(self.rng, PILOT, n)
            self.acceptance = float(np.mean(self._inside(pilot)))
            use_rejection = self.acceptance >= MIN_ACCEPTANCE
            if self.force is not None:
                use_rejection = self.force == "rejection"
            if use_rejection:
                self.kind = "rejection"
                self.method = (
                    f"uniform on the acceptable weights by rejection from the simplex "
                    f"(acceptance {100 * self.acceptance:.1f}%)"
                )
            else:
                self.kind = "hit-and-run"
                self.independent = False
                self.thin = self.thin or n
                self.method = (
                    f"uniform on the acceptable weights by hit-and-run ({self.chains} chains"
                    + (", moving two weights at a time" if self.moves == "pairs" else "")
                    + ", "
                    f"burn-in {self.burn_in or 100 * n} steps, every {ordinal(self.thin)} step kept; simplex "
                    f"acceptance was {100 * self.acceptance:.2f}%)"
                )
                self._setup_hit_and_run()

    def draw(self, k: int) -> np.ndarray:
        n = self.W.n
        if self.kind == "simplex":
            return simplex_gaps(self.rng, k, n)
        if self.kind == "chain":
            g = -np.sort(-simplex_gaps(self.rng, k, n), axis=1)
            out = np.empty_like(g)
            out[:, self.chain] = g
            return out
        if self.kind == "rejection":
            got, need = [], k
            while need > 0:
                batch = simplex_gaps(self.rng, int(need / self.acceptance * 1.2) + 16, n)
                ok = batch[self._inside(batch)]
                got.append(ok[:need])
                need -= len(got[-1])
            return np.concatenate(got)
        return self._hit_and_run(k)

    def _inside(self, P: np.ndarray) -> np.ndarray:
        ok = (self.W.lower <= P).all(axis=1) & (self.W.upper >= P).all(axis=1)
        if self.W.order:
            p, q = np.array(self.W.order, dtype=int).T
            ok &= (P[:, p] >= P[:, q]).all(axis=1)
        if self.W.rows:
            ok &= (P @ np.array(self.W.rows, dtype=float).T >= 0).all(axis=1)
        return ok

    # hit-and-run on {lower <= w <= upper, w_p >= w_q, sum w = 1}: directions sum to zero
    def _setup_hit_and_run(self) -> None:
        n = self.W.n
        if self.start is None:
            raise ValueError("hit-and-run needs a starting point inside W")
        self.P = np.array([p for p, _ in self.W.order], dtype=int)
        self.Q = np.array([q for _, q in self.W.order], dtype=int)
        self.R = np.array(self.W.rows, dtype=float).reshape(-1, self.W.n)  # rows a.w >= 0
        if self.box is not None:
            eye = np.eye(n)
            keep = ~implied(eye[self.P] - eye[self.Q], *self.box)
            self.P, self.Q = self.P[keep], self.Q[keep]
            self.R = self.R[~implied(self.R, *self.box)]
        self.state = np.repeat(self.start[None, :], self.chains, axis=0)
        self.left = np.empty((0, n))
        for _ in range(self.burn_in or 100 * n):
            self._step()

    def _step(self) -> None:
        if self.moves == "pairs":
            return self._pair_step()
        x = self.state
        C, n = x.shape
        # any direction law symmetric under d -> -d keeps the uniform law stationary
        d = self.rng.standard_normal((C, n), dtype=np.float32).astype(np.float64)
        d -= d.mean(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            a = (self.W.upper - x) / d  # the step at which each coordinate meets a bound
            b = (self.W.lower - x) / d
            hi = np.maximum(a, b).min(axis=1)
            lo = np.minimum(a, b).max(axis=1)
            if len(self.P):
                slack = x[:, self.P] - x[:, self.Q]  # >= 0
                rate = d[:, self.Q] - d[:, self.P]
                hi, lo = _chord(slack, rate, hi, lo)
            if len(self.R):
                slack = x @ self.R.T  # >= 0
                rate = -(d @ self.R.T)
                hi, lo = _chord(slack, rate, hi, lo)
        hi, lo = np.maximum(hi, 0.0), np.minimum(lo, 0.0)
        s = lo + (hi - lo) * self.rng.random(C)
        self.state = x + s[:, None] * d

    def _pair_step(self) -> None:
        """One hit-and-run step along e_i - e_j for a uniform ordered pair i != j per chain
        (coordinate-direction hit-and-run, Berbee et al. 1987, with the pairs that keep the
        sum at 1): a symmetric direction law with a uniform point on the chord, so the uniform
        law stays stationary, and on a box-like W each step resamples two weights' split."""
        x = self.state
        C, n = x.shape
        at = np.arange(C)
        i = self.rng.integers(0, n, C)
        j = (i + self.rng.integers(1, n, C)) % n
        xi, xj = x[at, i], x[at, j]
        lower, upper = self.W.lower, self.W.upper
        hi = np.minimum(upper[i] - xi, xj - lower[j])
        lo = np.maximum(lower[i] - xi, xj - upper[j])
        with np.errstate(divide="ignore", invalid="ignore"):
            for slack, rate in self._pair_rates(x, i, j):
                hi, lo = _chord(slack, rate, hi, lo)
        hi, lo = np.maximum(hi, 0.0), np.minimum(lo, 0.0)
        s = lo + (hi - lo) * self.rng.random(C)
        x[at, i] += s
        x[at, j] -= s

    def _pair_rates(self, x, i, j):
        """(slack, rate) of the order and statement constraints for directions e_i - e_j: a
        step s is feasible while s <= slack / rate where rate > 0 (>= where rate < 0)."""
        if len(self.P):
            d_p = (i[:, None] == self.P).astype(float) - (j[:, None] == self.P)
            d_q = (i[:, None] == self.Q).astype(float) - (j[:, None] == self.Q)
            yield x[:, self.P] - x[:, self.Q], d_q - d_p
        if len(self.R):
            yield x @ self.R.T, self.R.T[j] - self.R.T[i]

    def _hit_and_run(self, k: int) -> np.ndarray:
        """The next k draws, round by round, each round one state of every chain in chain
        order, so draw i (counted from the first) is chain i mod ``chains``'s; the rest of a
        round is kept for the next call."""
        out, have = [self.left], len(self.left)
        while have < k:
            for _ in range(self.thin):
                self._step()
            out.append(self.state.copy())
            have += self.chains
        rows = np.concatenate(out)
        self.left = rows[k:]
        return rows[:k]


_SIGN = np.uint64(1 << 63)


def _chord(slack: np.ndarray, rate: np.ndarray, hi: np.ndarray, lo: np.ndarray):
    """hi and lo narrowed to the steps s (one row of slack and rate per chain) that keep
    slack - s rate >= 0: ``min(hi, min_{rate > 0} slack / rate)`` and
    ``max(lo, max_{rate < 0} slack / rate)``, to the bit, without masking.

    Where a chain's slacks are all positive, r = slack / rate is positive exactly where rate is
    (+inf where rate is +0, -inf where it is -0, neither of which moves a bound), and the
    positive doubles order as their bits do read as unsigned integers, which put every negative
    double above every positive one; so the least positive r is the least of the bits, and the
    negative r nearest 0 is minus the least of -r's. A chain with a slack at 0 or below (on a
    face, or past it by rounding) is bounded by masks, as before."""
    r = slack / rate
    up = r.view(np.uint64).min(axis=1)
    down = (-r).view(np.uint64).min(axis=1)
    r_hi = np.where(up < _SIGN, up.view(np.float64), np.inf)
    r_lo = np.where(down < _SIGN, -down.view(np.float64), -np.inf)
    edge = np.flatnonzero(~(slack > 0).all(axis=1))
    if len(edge):
        re, ra = r[edge], rate[edge]
        r_hi[edge] = np.where(ra > 0, re, np.inf).min(axis=1)
        r_lo[edge] = np.where(ra < 0, re, -np.inf).max(axis=1)
    return np.minimum(hi, r_hi), np.maximum(lo, r_lo)


def implied(A: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Which rows a.w >= 0 hold by at least :data:`IMPLIED` at every w of the simplex within
    ``lower - IMPLIED <= w <= upper + IMPLIED`` (the greedy fill, exact on a box and simplex).

    When the box bounds W, such a row is at least IMPLIED at every point of W, so it is
    redundant (were some w' kept by the other constraints to break it, the segment from a point
    of W to w' would cross a.w = IMPLIED / 2 while still in W) and never ends a hit-and-run
    chord: a chord's end is a point of W, where the row still has IMPLIED to spare, so the row's
    step limit is beyond the chord's by at least IMPLIED / |rate|, far above rounding, and the
    minimum that picks the chord's end picks the same number without it."""
    from .robust import box_simplex_min

    if not len(A):
        return np.zeros(0, dtype=bool)
    return box_simplex_min(A, lower - IMPLIED, upper + IMPLIED) >= IMPLIED


def extreme_points(W: WeightSet, solver) -> np.ndarray:
    """The vertices of W that minimise and maximise each weight (2n LPs, those that solve)."""
    from .lp import LinearOverW

    fam = LinearOverW(W, solver)
    pts = []
    for j in range(W.n):
        for sign in (1.0, -1.0):
            out = fam.optimise(sign * np.eye(W.n)[j])
            if out.ok:
                pts.append(out.w)
    return np.array(pts).reshape(-1, W.n)


def interior_point(W: WeightSet, solver) -> np.ndarray:
    """The mean of the vertices that maximise and minimise each weight: a point inside W."""
    return np.mean(extreme_points(W, solver), axis=0)


class HullSampler:
    """Blends of the stakeholders' weights, lambda ~ Dirichlet(1). This is uniform over the hull
    when the stakeholders' weight vectors are affinely independent (the hull is then a simplex)."""

    def __init__(self, Ws: np.ndarray, rng: np.random.Generator):
        self.Ws, self.rng = Ws, rng
        self.independent = True
        S = len(Ws)
        independent = S == 1 or np.linalg.matrix_rank(Ws[1:] - Ws[0]) == S - 1
        self.method = (
            "uniform over the hull of the stakeholders' weights (Dirichlet(1) blends; the "
            "stakeholders are affinely independent, so this is uniform on the hull)"
            if independent
            else "uniform over blends of the stakeholders' weights (Dirichlet(1) on the blend); "
            "the stakeholders are affinely dependent, so this is not uniform on the hull's volume"
        )

    def draw(self, k: int) -> np.ndarray:
        return simplex_gaps(self.rng, k, len(self.Ws)) @ self.Ws


# --- scores ----------------------------------------------------------------------------------


def triangular(rng: np.random.Generator, low, mode, high, size) -> np.ndarray:
    """Triangular draws by inverse CDF; exact (= mode) where low == high.

    With p = (mode - low) / (high - low): for u < p, low + sqrt(u) sqrt((mode - low)(high - low));
    otherwise high - sqrt(1 - u) sqrt((high - mode)(high - low)). Drawn in float32: the scores
    are judgements on 0-100, and identical inputs still give identical draws (ties stay ties).
    """
    low = np.asarray(low, float)
    (*lead,) = size[: len(size) - low.ndim]
    draws = TriangularScores(low, mode, high).draw(rng, int(np.prod(lead)) if lead else 1)
    return np.moveaxis(draws, -1, 0).reshape(size)


class TriangularScores:
    """The per-cell constants of :func:`triangular`, computed once for many draws."""

    def __init__(self, low, mode, high):
        low, mode, high = (np.asarray(x, np.float64)[..., None] for x in (low, mode, high))
        width = high - low
        with np.errstate(divide="ignore", invalid="ignore"):
            self.p = np.where(width > 0, (mode - low) / width, 0.5).astype(np.float32)
        self.low = low.astype(np.float32)
        self.high = high.astype(np.float32)
        self.k_left = np.sqrt((mode - low) * width).astype(np.float32)
        self.k_right = (-np.sqrt((high - mode) * width)).astype(np.float32)

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """``k`` draws of every cell, laid out cells first: shape (*cells, k), so numpy's inner
        loops run along the draws rather than along a handful of cells.

        Worked a slab of cells at a time, so that the temporaries stay in the processor's cache,
        with the branches as products by the 0/1 indicator L = [u < p] (exact: one of the two
        terms is zero), the same bits as ``np.where`` and three times faster."""
        cells = self.p.shape[:-1]
        out = np.empty((*cells, k), np.float32)
        flat = out.reshape(-1, k)
        p, kl, kr, lo, hi = (
            a.reshape(-1, 1) for a in (self.p, self.k_left, self.k_right, self.low, self.high)
        )
        rows = max(1, min(len(flat), SLAB // max(k, 1)))
        L, R, M, T = np.empty((4, rows, k), np.float32)
        one = np.float32(1)
        for s in range(0, len(flat), rows):
            e = min(len(flat), s + rows)
            v, b = flat[s:e], e - s
            left, right, mul, tmp = L[:b], R[:b], M[:b], T[:b]
            rng.random(out=v, dtype=np.float32)  # the same stream as one call for all cells
            np.less(v, p[s:e], out=left)
            np.subtract(one, left, out=right)
            np.subtract(right, v, out=v)
            np.abs(v, out=v)  # u where u < p, else 1 - u
            np.sqrt(v, out=v)
            np.multiply(kl[s:e], left, out=mul)
            mul += np.multiply(kr[s:e], right, out=tmp)
            v *= mul
            np.multiply(lo[s:e], left, out=mul)
            mul += np.multiply(hi[s:e], right, out=tmp)
            v += mul
        return out


# --- the analysis ----------------------------------------------------------------------------


def samples_for(m: int, half_width: float = 0.01, level: float = 0.95) -> tuple[int, float]:
    """Samples for +-half_width on all m*m indices at once (Bonferroni), and the z used."""
    z = NormalDist().inv_cdf(1 - (1 - level) / (2 * m * m))
    return math.ceil((z / (2 * half_width)) ** 2), z


def error_bound(k: int, indices: int, level: float = 0.95) -> float:
    """Half-width of the simultaneous interval on ``indices`` proportions (worst case p = 1/2)."""
    z = NormalDist().inv_cdf(1 - (1 - level) / (2 * indices))
    return z / (2 * math.sqrt(k))


def confidence_samples(m: int, half_width: float = 0.01, level: float = 0.95) -> int:
    """Score draws for +-half_width on all m confidence factors at once (Bonferroni)."""
    z = NormalDist().inv_cdf(1 - (1 - level) / (2 * m))
    return math.ceil((z / (2 * half_width)) ** 2)


def ranks_of(V: np.ndarray) -> np.ndarray:
    """Rank = 1 + the number of options strictly better, for V laid out options x draws."""
    m, k = V.shape
    if m <= 64:
        r = np.ones((m, k), dtype=np.int64)
        for b in range(m):
            r += V[b][None, :] > V
        return r
    if V.dtype == np.float32:
        return _sorted_ranks(V)
    Vt = V.T
    offset = (np.arange(k) * 1e4)[:, None]  # values lie in [0, 100]
    flat = np.sort(Vt + offset, axis=1).ravel()
    pos = np.searchsorted(flat, (Vt + offset).ravel(), side="right").reshape(k, m)
    return (1 + m - (pos - (np.arange(k) * m)[:, None])).T


def _sorted_ranks(V: np.ndarray) -> np.ndarray:
    """:func:`ranks_of` by sorting each draw's values once: an option's rank is m minus the
    last place (0-based, ascending) of the run of values equal to its own. Exact for any
    values; for float32 (SMAA's values with uncertain scores) the offset sort's answer too, as
    float32 values in [0, 100] stay apart in float64 after that offset."""
    m, k = V.shape
    Vt = np.ascontiguousarray(V.T)
    order = np.argsort(Vt, axis=1)
    s = np.take_along_axis(Vt, order, axis=1)
    last = np.empty((k, m), dtype=np.int64)  # place of each run's last value, else m
    last[:, :-1] = np.where(s[:, 1:] != s[:, :-1], np.arange(m - 1), m)
    last[:, -1] = m - 1
    np.minimum.accumulate(last[:, ::-1], axis=1, out=last[:, ::-1])
    r = np.empty((k, m), dtype=np.int64)
    np.put_along_axis(r, order, m - last, axis=1)
    return r.T


def holistic_meta_weights(m: int) -> np.ndarray:
    roc = np.array([sum(1 / i for i in range(r, m + 1)) / m for r in range(1, m + 1)])
    return roc / roc[0]


@dataclass(frozen=True)
class SmaaResult:
    options: tuple[str, ...]
    criteria: tuple[str, ...]
    samples: int  # draws used
    seed: int
    weight_method: str
    score_method: str
    acceptability: np.ndarray  # m x m: option x rank
    central_weights: np.ndarray  # m x n (NaN where never first)
    confidence: np.ndarray  # m (NaN where never first)
    holistic: np.ndarray
    error_bound: float
    confidence_samples: int
    confidence_error_bound: float
    #: why sampling stopped: "asked", "converged", "cap", "limit" or "correlated" (see stopped)
    stop: str = "asked"
    half_width: float | None = None  # the target of the sequential rule (None: a fixed count)
    batches: int = 0  # batches of whole chains behind the error (0: independent draws, or none)

    @property
    def stopped(self) -> str:
        """Why sampling stopped, in words that complete "it stopped ..."."""
        h = f"\u00b1{100 * (self.half_width or 0):.2f} points"
        how = (
            f"by the variance between {self.batches} batches of whole hit-and-run chains (batch "
            "means: Jones, Haran, Caffo & Neath 2006), which allows for the correlation of "
            "successive draws"
            if self.batches
            else "by the variance seen so far"
        )
        return {
            "asked": "after the number of draws asked for",
            "converged": (
                f"when every acceptability was within {h} of its limit at 95% confidence, all "
                f"together, {how} (a sequential fixed-width rule: Chow & Robbins 1965)"
            ),
            "cap": (f"at the count that bounds every acceptability within {h} whatever its value"),
            "limit": (
                f"at the most draws allowed ({self.samples:,}, {CORRELATED_LIMIT} times the count "
                f"that would bound every acceptability within {h} were the draws independent) "
                f"before every acceptability was within {h}: {how}, every one is within "
                f"\u00b1{100 * self.error_bound:.2f} points at 95% confidence, all together"
            ),
            "correlated": (
                f"at the count that bounds every acceptability within {h} whatever its value "
                "(hit-and-run draws are correlated, so the sequential rule is not used)"
            ),
        }[self.stop]


def chunk_size(m: int, n: int) -> int:
    """Samples per chunk: about 16 MB of scores, never more than 20,000 draws."""
    return int(max(100, min(20_000, 2_000_000 // max(1, m * n))))


def sequential_half_width(counts: np.ndarray, k: int, z: float) -> float:
    """The largest half-width of proportions counts / k by the Chow-Robbins form
    z sqrt((p (1 - p) + 1/k) / k) (Chow & Robbins 1965, with Bernoulli variance)."""
    p = counts / k
    return float(z * np.sqrt((np.max(p * (1 - p), initial=0.0) + 1 / k) / k))


def t_quantile(q: float, df: int) -> float:
    """Student's t quantile by its expansion in 1/df about the normal quantile (Abramowitz &
    Stegun 1964, 26.7.5); within 0.2% of the exact value for df >= 29 and q up to 1 - 1e-9."""
    z = NormalDist().inv_cdf(q)
    g = (
        (z**3 + z) / 4,
        (5 * z**5 + 16 * z**3 + 3 * z) / 96,
        (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
        (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160,
    )
    return z + sum(gi / df ** (i + 1) for i, gi in enumerate(g))


class BatchMeans:
    """The variance of SMAA's indices from correlated draws by batch means (Jones, Haran, Caffo
    & Neath 2006, "Fixed-width output analysis for Markov chain Monte Carlo", JASA 101:1537):
    the draws are split into b batches, each index's variance per draw is estimated from its
    batch means as s^2 = sum_j n_j (p_j - p)^2 / (b - 1), and the half-width of p is
    t_{b-1} sqrt((s^2 + 1/N) / N), with Chow & Robbins's 1/N guard (as for independent draws).

    A batch here is a set of whole hit-and-run chains (draw i is chain i mod C's; batch j holds
    chains j C/b to (j + 1) C/b), not a stretch of one chain: chains run apart from one
    another, so the batch means are independent whatever the chains' autocorrelation, and no
    batch length has to outlast it."""

    def __init__(self, m: int, chains: int, batches: int):
        self.m, self.chains, self.b = m, chains, batches
        self.counts = np.zeros((batches, m * m), dtype=np.int32)
        self.n = np.zeros(batches, dtype=np.int64)

    def add(self, first: int, ranks: np.ndarray) -> None:
        """Count draws first, first + 1, ... whose ranks (options x draws) are given."""
        m, k = ranks.shape
        batch = (np.arange(first, first + k) % self.chains) * self.b // self.chains
        self.n += np.bincount(batch, minlength=self.b)
        cell = batch[None, :] * (m * m) + (np.arange(m)[:, None] * m + ranks - 1)
        np.add.at(self.counts.reshape(-1), cell.ravel(), np.int32(1))  # int32: numpy's fast path

    def half_width(self, level: float = 0.95) -> float:
        """The largest half-width over all m^2 indices together (Bonferroni), at ``level``."""
        N = int(self.n.sum())
        used = self.n > 0
        b = int(used.sum())
        if b < 2:
            return math.inf
        counts = self.counts if b == self.b else self.counts[used]
        n = self.n[used].astype(np.float64)
        # sum_j n_j (p_j - p)^2 = sum_j c_j^2 / n_j - C^2 / N, per index, over the indices seen
        # (one never seen has no spread); a block of indices at a time, each sum in batch order
        top = 0.0
        for s in range(0, counts.shape[1], HALF_WIDTH_BLOCK):
            block = counts[:, s : s + HALF_WIDTH_BLOCK]
            total = block.sum(axis=0, dtype=np.int64)
            seen = np.flatnonzero(total)
            if not len(seen):
                continue
            c = block[:, seen].astype(np.float64)
            acc = c[0] * c[0] / n[0]
            for j in range(1, b):
                acc += c[j] * c[j] / n[j]
            top = max(top, float(np.max(acc - total[seen].astype(np.float64) ** 2 / N)))
        s2 = top / (b - 1)
        t = t_quantile(1 - (1 - level) / (2 * self.m * self.m), b - 1)
        return t * math.sqrt((s2 + 1 / N) / N)


def batch_count(m: int, chains: int) -> int:
    """Batches for :class:`BatchMeans`: 100, fewer when m is large (their counts, b m^2 of them,
    are kept in at most about 64 MB), never fewer than 30 (then t_{b-1} is within 15% of the
    normal quantile at SMAA's levels) and never more than the chains; 0 when there are too few
    chains to batch."""
    b = min(MAX_BATCHES, chains, max(MIN_BATCHES, BATCH_BYTES // (4 * m * m)))
    return b if b >= MIN_BATCHES else 0


def draw_weights(sampler, k: int) -> np.ndarray:
    """k weight vectors (k x n) from the sampler: the one step a different weight sampler (one
    uniform at each node of a value tree, say) replaces. A sampler has ``draw(k)``, ``method``
    (words for the output) and ``independent`` (False when successive draws are correlated); a
    correlated sampler that runs ``chains`` independent chains and gives draw i from chain
    i mod ``chains`` (hit-and-run does) has its error estimated by :class:`BatchMeans`."""
    return sampler.draw(k)


def smaa(
    values: np.ndarray,
    lows: np.ndarray,
    highs: np.ndarray,
    options: tuple[str, ...],
    criteria: tuple[str, ...],
    sampler_factory: Callable[[np.random.Generator], object],
    samples: int | None,
    seed: int,
    progress: Callable[[int], None] | None = None,
    half_width: float = 0.01,
) -> SmaaResult:
    """Run SMAA-2. ``sampler_factory(rng)`` returns a weight sampler (:func:`draw_weights`).

    ``samples``: exactly that many draws; None: draw until every acceptability is within
    ``half_width`` at 95% (module docstring)."""
    m, n = values.shape
    w_ss, x_ss, c_ss = np.random.SeedSequence(seed).spawn(3)
    sampler = sampler_factory(np.random.default_rng(w_ss))
    x_rng, c_rng = np.random.default_rng(x_ss), np.random.default_rng(c_ss)
    uncertain = bool((highs > lows).any())
    tri = TriangularScores(lows, values, highs)
    step = chunk_size(m, n)
    independent = getattr(sampler, "independent", False)
    chains = 0 if independent else int(getattr(sampler, "chains", 0))
    b = batch_count(m, chains) if samples is None and chains else 0
    cap, z = samples_for(m, half_width) if samples is None else (samples, 0.0)
    batches = BatchMeans(m, chains, b) if b else None
    if batches is not None:  # chunks of a tenth of the count for independent draws at most
        step = min(step, max(chains, cap // 10))
        cap *= CORRELATED_LIMIT
    sequential = samples is None and (independent or batches is not None)
    stop = "asked" if samples is not None else "cap" if sequential else "correlated"
    counts = np.zeros((m, m), dtype=np.int64)
    wsum = np.zeros((m, n))
    done, check = 0, max(MIN_DRAWS, chains)
    bound = math.inf
    while done < cap:
        k = min(step, cap - done)
        w = draw_weights(sampler, k)
        if uncertain:
            X = tri.draw(x_rng, k)  # m x n x k
            # einsum's own loop: the same bits as its BLAS path (optimize=True), faster here
            V = np.einsum("mnk,nk->mk", X, np.ascontiguousarray(w.T, dtype=np.float32))
        else:
            V = values @ w.T  # m x k
        r = ranks_of(V)
        counts += np.bincount(
            (np.arange(m)[:, None] * m + (r - 1)).ravel(), minlength=m * m
        ).reshape(m, m)
        if batches is not None:
            batches.add(done, r)
        wsum += (r == 1).astype(float) @ w
        done += k
        if progress:
            progress(k)
        if not sequential or done < check:
            continue
        bound = sequential_half_width(counts, done, z)
        if batches is not None and bound <= half_width:
            # costs b m^2: tried once the draws would do were they independent (correlation
            # seldom shrinks the error), then as the draws grow by a tenth
            bound, check = batches.half_width(), int(done * 1.1)
        if bound <= half_width and done < cap:
            stop = "converged"
            break
    firsts = counts[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        central = np.where(firsts[:, None] > 0, wsum / firsts[:, None], np.nan)
    if samples is not None:
        k_conf, z_conf = min(samples, confidence_samples(m)), None
    else:  # the score draws are independent whatever the weights' sampler
        k_conf = min(samples_for(m, half_width)[0], confidence_samples(m, half_width))
        z_conf = NormalDist().inv_cdf(1 - 0.05 / (2 * m))
    confidence, k_conf, conf_bound = _confidence(
        values, tri, central, k_conf, c_rng, uncertain, step, z_conf, half_width
    )
    acc = counts / done
    if batches is not None:
        bound = batches.half_width()
        if stop == "cap":
            stop = "converged" if bound <= half_width else "limit"
    elif stop != "converged":
        bound = error_bound(done, m * m)
    method = sampler.method
    if not independent:
        method += "; successive draws are correlated" + (
            f", so the error is estimated by batch means over {b} batches of whole chains"
            if batches is not None
            else ", so the stated error bound is optimistic"
        )
    return SmaaResult(
        options=options,
        criteria=criteria,
        samples=done,
        seed=seed,
        weight_method=method,
        score_method=(
            "triangular over each score's low-high range, mode at its value"
            if uncertain
            else "exact (no score has a range)"
        ),
        acceptability=acc,
        central_weights=central,
        confidence=confidence,
        holistic=acc @ holistic_meta_weights(m),
        error_bound=bound,
        confidence_samples=k_conf,
        confidence_error_bound=conf_bound,
        stop=stop,
        half_width=None if samples is not None else half_width,
        batches=b,
    )


def first_shares(
    values: np.ndarray,
    sampler_factory: Callable[[np.random.Generator], object],
    samples: int,
    seed: int,
    lead: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Each option's share of first places at exact scores (SMAA-2's first-rank acceptability
    b_a^1, Lahdelma & Salminen 2001): ``smaa(values, values, values, ..., samples, seed)
    .acceptability[:, 0]`` to the last bit (the same weight draws in the same chunks, and first
    means no option strictly better, with :func:`ranks_of`'s rounding), without ranking the
    other places, O(m k) a chunk rather than a sort.

    With ``lead``, also the draws at which some option leads every other by at least ``lead``
    (the first such draw for each option; rows of the second array, each a weight vector), so
    that a caller can rule options in as possibly first without an LP."""
    m, n = values.shape
    w_ss, _, _ = np.random.SeedSequence(seed).spawn(3)
    sampler = sampler_factory(np.random.default_rng(w_ss))
    step = chunk_size(m, n)
    firsts = np.zeros(m, dtype=np.int64)
    seen = np.zeros(m, dtype=bool)
    points: list[np.ndarray] = []
    done = 0
    while done < samples:
        k = min(step, samples - done)
        w = draw_weights(sampler, k)
        vals = values @ w.T  # m x k, as smaa computes it
        if m > 64:  # ranks_of's sort sees each draw's values offset (rounded) by 1e4 per draw
            off = vals + np.arange(k) * 1e4
            firsts += np.count_nonzero(off >= off.max(axis=0), axis=1)
        else:
            firsts += np.count_nonzero(vals >= vals.max(axis=0), axis=1)
        if lead is not None and m > 1:
            cols = np.arange(k)
            top = np.argmax(vals, axis=0)
            best = vals[top, cols]
            vals[top, cols] = -np.inf
            ahead = best - vals.max(axis=0) >= lead
            for c in np.flatnonzero(ahead):
                if not seen[top[c]]:
                    seen[top[c]] = True
                    points.append(w[c])
        done += k
    return firsts / done, np.array(points).reshape(-1, n)


def _confidence(
    values, tri, central, samples, rng, uncertain, step, z=None, half_width=0.01
) -> tuple[np.ndarray, int, float]:
    """P(option a is first when the weights are its central weights and the scores vary); the
    score draws used and the half-width stated. With ``z``, stop once every factor is within
    ``half_width`` by the sequential rule (as for the acceptabilities)."""
    m, n = values.shape
    has = ~np.isnan(central[:, 0])
    out = np.full(m, np.nan)
    if not has.any():
        return out, samples, error_bound(samples, m)
    C = central[has]  # a x n
    idx = np.flatnonzero(has)
    if not uncertain:
        V = values @ C.T  # m x a
        out[idx] = (V[idx, np.arange(len(idx))] >= V.max(axis=0) - 1e-9).astype(float)
        return out, samples, error_bound(samples, m)
    wins = np.zeros(len(idx))
    done = 0
    while done < samples:
        k = min(step, samples - done)
        X = tri.draw(rng, k)  # m x n x k
        V = np.matmul(C.astype(np.float32)[None], X)  # m x c x k, batched BLAS
        own = V[idx, np.arange(len(idx)), :]  # c x k: each option at its own central weights
        wins += (own >= V.max(axis=0)).sum(axis=1)
        done += k
        if z is not None and done < samples and done >= MIN_DRAWS:
            got = sequential_half_width(wins, done, z)
            if got <= half_width:
                out[idx] = wins / done
                return out, done, got
    out[idx] = wins / done
    return out, done, error_bound(done, m)


@dataclass(frozen=True)
class LeadUnderScores:
    """How a lead of option a over option b behaves when only the scores vary."""

    lead: float  # at the stated scores
    p_ahead: float  # share of score draws in which a still scores at least as high as b
    low: float  # 5th percentile of the lead
    high: float  # 95th percentile
    samples: int


def lead_under_scores(
    values: np.ndarray,
    lows: np.ndarray,
    highs: np.ndarray,
    w: np.ndarray,
    a: int,
    b: int,
    samples: int = 20_000,
    seed: int = 0,
) -> LeadUnderScores:
    """Draw the two options' scores (triangular, as in :func:`smaa`) at fixed weights."""
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(4)[3])
    pair = [a, b]
    X = TriangularScores(lows[pair], values[pair], highs[pair]).draw(rng, samples)  # 2 x n x k
    lead = np.einsum("nk,n->k", (X[0] - X[1]).astype(np.float64), w)
    return LeadUnderScores(
        lead=float((values[a] - values[b]) @ w),
        p_ahead=float(np.mean(lead >= 0)),
        low=float(np.percentile(lead, 5)),
        high=float(np.percentile(lead, 95)),
        samples=samples,
    )


def sampler_for(W: WeightSet, samples: int) -> Callable[[np.random.Generator], WeightSampler]:
    """The weight-sampler factory for :func:`smaa` over W, as every caller should set it up:
    a point inside W for hit-and-run, and as many chains as amortise numpy's per-call overhead
    without a long burn-in (measured: 2,000 at most). Hit-and-run moves along pairs e_i - e_j,
    2n steps between kept draws: at 300 options x 40 criteria (a box of +-0.04 and 10 orders)
    its draws need about as many draws as independent ones for +-0.01 by batch means, where
    isotropic directions with n steps needed over ten times as many."""
    start = box = None
    if not W.is_simplex:
        from .lp import make_solver

        pts = extreme_points(W, make_solver())
        start = np.mean(pts, axis=0)
        if len(pts) == 2 * W.n:  # every weight's least and greatest: a box that bounds W
            box = (pts.min(axis=0), pts.max(axis=0))
    chains = int(min(2_000, max(500, samples // 500)))
    return lambda rng: WeightSampler(
        W, rng, start=start, chains=chains, thin=2 * W.n, moves="pairs", box=box
    )
