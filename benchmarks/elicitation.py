"""Simulated interviews: how soon do the pairwise questions find the true best option?

The protocol of Kadzinski & Michalski (2016, Computers & OR 71): a simulated decision maker with
hidden true weights (uniform on the simplex) answers every question truthfully; after k questions
the true best option is "found" when it is necessarily first, or first under the inferred
(representative) weights. Shown beside the rank-order-centroid weights (Barron & Barrett 1996)
from the same person's ranking of the criteria, and beside that ranking followed by questions.
Problems: values uniform on 0-100, seeded. Kendall's tau compares the inferred and true rankings.

python benchmarks/elicitation.py                 # 7 x 7 and 12 x 10, on 2 processes
python benchmarks/elicitation.py --small 40 --large 20 --jobs 1
"""

from __future__ import annotations

import argparse
import time
from multiprocessing import Pool

import numpy as np

from delivery_options.methods import elicitation as el
from delivery_options.methods.lp import make_solver, simplex
from delivery_options.methods.ror import analyse
from delivery_options.model.statements import CriteriaOrder

CHECKPOINTS = (4, 8, 10, 12)


def kendall_tau(u: np.ndarray, v: np.ndarray) -> float:
    """Kendall's tau-a between two score vectors (ties count as neither)."""
    i, j = np.triu_indices(len(u), 1)
    s = np.sign(u[i] - u[j]) * np.sign(v[i] - v[j])
    return float(s.sum() / len(s))


def problem(m: int, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng([m, n, seed])
    return rng.uniform(0, 100, (m, n)), rng.dirichlet(np.ones(n))


def interview(X: np.ndarray, w: np.ndarray, seed: int, ranked: bool) -> list[tuple]:
    """(found necessarily first, found at the inferred weights, tau) after each checkpoint."""
    m, n = X.shape
    crit, opts = [f"c{j}" for j in range(n)], [f"o{a}" for a in range(m)]
    W, best = simplex(crit), int(np.argmax(X @ w))
    prior = [CriteriaOrder(tuple(crit[j] for j in np.argsort(-w)), source="sim")] if ranked else []
    state = el.start(X, opts, W, prior, limit=max(CHECKPOINTS), seed=seed)
    out, solver = [], make_solver()
    for k in CHECKPOINTS:
        while len(state.asked) < k and (q := el.next_question(state)) is not None:
            gap = float(q.row(crit) @ w)
            state = el.answer(state, q, "a" if gap > 0 else "b" if gap < 0 else "same")
        res = analyse(X, opts, W, state.statements, solver)
        inferred = np.array([res.weights[c] for c in crit])
        out.append(
            (
                opts[best] in res.necessarily_first,
                int(np.argmax(X @ inferred)) == best,
                kendall_tau(X @ inferred, X @ w),
            )
        )
    return out


def run(task: tuple[int, int, int]) -> tuple:
    m, n, seed = task
    X, w = problem(m, n, seed)
    roc = el.rank_order_centroid([f"c{j}" for j in np.argsort(-w)], [f"c{j}" for j in range(n)])
    baseline = (int(np.argmax(X @ roc)) == int(np.argmax(X @ w)), kendall_tau(X @ roc, X @ w))
    return (m, n), baseline, interview(X, w, seed, False), interview(X, w, seed, True)


def report(shape: tuple[int, int], results: list[tuple]) -> None:
    m, n = shape
    base = np.array([r[1] for r in results])
    print(f"\n{m} options x {n} criteria: {len(results)} problems")
    print(
        f"  rank-order centroid from the criteria ranking: best found {100 * base[:, 0].mean():.0f}%,"
        f" Kendall tau {base[:, 1].mean():.2f}"
    )
    header = "  questions  necessarily first  first at inferred  found (either)  Kendall tau"
    for label, col in (("questions only", 2), ("ranking, then questions", 3)):
        arr = np.array([r[col] for r in results], dtype=float)  # problems x checkpoints x 3
        print(f"  {label}:\n{header}")
        for c, k in enumerate(CHECKPOINTS):
            nec, inf, tau = arr[:, c, 0], arr[:, c, 1], arr[:, c, 2]
            either = np.maximum(nec, inf)
            print(
                f"  {k:9d}  {100 * nec.mean():16.0f}%  {100 * inf.mean():16.0f}%"
                f"  {100 * either.mean():13.0f}%  {tau.mean():11.2f}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=200, help="7 x 7 problems (default 200)")
    ap.add_argument("--large", type=int, default=50, help="12 x 10 problems (default 50)")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    tasks = [(7, 7, s) for s in range(args.small)] + [(12, 10, s) for s in range(args.large)]
    t0 = time.perf_counter()
    with Pool(args.jobs) as pool:
        results = pool.map(run, tasks, chunksize=4)
    print(
        f"Simulated interviews (Kadzinski & Michalski 2016 protocol): true weights uniform on the "
        f"simplex, values uniform 0-100, truthful answers; seeds 0 to N-1; {args.jobs} processes, "
        f"{time.perf_counter() - t0:.0f} s. An interview that stops early (an option necessarily "
        "first) is scored on its answers so far."
    )
    for shape in ((7, 7), (12, 10)):
        report(shape, [r for r in results if r[0] == shape])


if __name__ == "__main__":
    main()
