"""Write synthetic appraisal workspaces for benchmarks (seeded, so the same every time)."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np


def write_synthetic(
    root: Path,
    options: int,
    criteria: int,
    seed: int = 0,
    orders: int = 10,
    bound: float = 0.04,
    statements: int = 0,
    conflict: bool = False,
) -> Path:
    """A workspace with random scores (with ranges) and one stakeholder, ``bench``, whose
    constraints hold bounds of +-``bound`` on every weight and ``orders`` order pairs.

    With ``statements``, a second stakeholder, ``stated``, has no weights but that many
    preferences between options, each true at ``bench``'s weights by more than half a point on
    the tool's own values (so they can all hold, over the simplex); with
    ``conflict``, the last three form a cycle, so they cannot."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "options").mkdir(exist_ok=True)
    (root / "weights").mkdir(exist_ok=True)
    crit = [f"c{j:02d}" for j in range(criteria)]
    lines = ['[appraisal]\ntitle = "Synthetic benchmark"\n']
    for j, c in enumerate(crit):
        direction = "cost" if j % 5 == 4 else "benefit"
        lines.append(f'[criteria.{c}]\nname = "Criterion {j}"\ndirection = "{direction}"\n')
    (root / "criteria.toml").write_text("\n".join(lines))
    scores = rng.integers(10, 91, size=(options, criteria))
    for i in range(options):
        body = [f'name = "Option {i}"\nnumber = {i + 1}\n[scores]']
        for j, c in enumerate(crit):
            v = int(scores[i, j])
            body.append(f"{c} = {{ value = {v}, low = {v - 10}, high = {v + 10} }}")
        (root / "options" / f"o{i:03d}.toml").write_text("\n".join(body) + "\n")
    w = rng.dirichlet(np.ones(criteria))
    w = np.round(w / w.sum(), 6)
    w[-1] = 1 - w[:-1].sum()
    order_pairs = []
    while len(order_pairs) < orders:
        a, b = (int(x) for x in rng.choice(criteria, 2, replace=False))
        if w[a] < w[b]:
            a, b = b, a
        if (a, b) not in order_pairs:
            order_pairs.append((a, b))
    weights = "\n".join(f"{c} = {w[j]:.6f}" for j, c in enumerate(crit))
    bounds = ", ".join(
        f"{c} = [{max(0.0, w[j] - bound):.6f}, {min(1.0, w[j] + bound):.6f}]"
        for j, c in enumerate(crit)
    )
    order = ", ".join(f'["{crit[a]}", "{crit[b]}"]' for a, b in order_pairs)
    (root / "weights" / "bench.toml").write_text(
        f'name = "Benchmark stakeholder"\n[weights]\n{weights}\n'
        f"[constraints]\nbounds = {{ {bounds} }}\norder = [{order}]\n"
    )
    if statements:  # true at bench's weights on the tool's own 0-100 values
        from delivery_options.appraisal import load

        v = load(root).matrix.values @ w
        pairs = []
        while len(pairs) < statements:
            a, b = (int(x) for x in rng.choice(options, 2, replace=False))
            if v[a] < v[b]:
                a, b = b, a
            if v[a] - v[b] > 0.5 and (a, b) not in pairs:
                pairs.append((a, b))
        if conflict:
            a, b, c = (int(x) for x in rng.choice(options, 3, replace=False))
            pairs[-3:] = [(a, b), (b, c), (c, a)]
        body = ['name = "Stated preferences"']
        for a, b in pairs:
            body.append(f'[[statements]]\nprefer = ["o{a:03d}", "o{b:03d}"]\nsource = "synthetic"')
        (root / "weights" / "stated.toml").write_text("\n".join(body) + "\n")
    return root


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--options", type=int, default=300)
    ap.add_argument("--criteria", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    print(write_synthetic(args.folder, args.options, args.criteria, args.seed))
