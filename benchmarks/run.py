"""Print the performance figures the issues set targets for (benchmarks, not timed tests).

python benchmarks/run.py            # everything
python benchmarks/run.py sensitivity
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import write_synthetic  # noqa: E402


def _cli(*args: str, cwd: Path = ROOT) -> float:
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "delivery_options", *args],
        cwd=cwd,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - t


def bench_sensitivity() -> None:
    from delivery_options.lp import solver_name

    print(
        f"## options sensitivity (solver {solver_name()}; targets: Sandwell < 1.5 s per "
        "stakeholder end to end, 300 x 40 < 10 s)"
    )
    for name in (
        "commissioner",
        "council",
        "unions",
        "dfe",
        "partnership",
        "staff",
        "children-families",
    ):
        times = [_cli("sensitivity", "-w", name, "-f", "json") for _ in range(3)]
        print(
            f"  Sandwell {name:18s} median {statistics.median(times):.2f} s  (end to end, 3 runs)"
        )
    for solver in ("highs", "cbc"):
        print(
            f"  Sandwell commissioner --solver {solver}: "
            f"{statistics.median(_cli('sensitivity', '-w', 'commissioner', '--solver', solver, '-f', 'json') for _ in range(3)):.2f} s"
        )
    with tempfile.TemporaryDirectory() as tmp:
        ws = write_synthetic(Path(tmp) / "big", options=300, criteria=40, orders=10)
        for solver in ("highs", "cbc"):
            t = _cli("sensitivity", "-p", str(ws), "-w", "bench", "--solver", solver, "-f", "json")
            print(
                f"  synthetic 300 options x 40 criteria, bounds +-0.04 and 10 orders, "
                f"--solver {solver}: {t:.2f} s end to end"
            )
        from delivery_options.lp import make_solver, weight_set
        from delivery_options.robust import robust_choice
        from delivery_options.value import decision_matrix, weight_vector
        from delivery_options.workspace import load_stakeholders, load_workspace

        w = load_workspace(ws)
        st = load_stakeholders(w)[0]
        dm = decision_matrix(w)
        res = robust_choice(
            dm.values,
            dm.options,
            weight_set(dm.criteria, st),
            weight_vector(dm.criteria, st),
            make_solver(),
        )
        print(
            f"    robust choice: {res.lp_count} LPs for {len(dm.options)} options; "
            f"{len(res.possibly_best)} possibly best, {len(res.dominance)} dominance pairs"
        )


BENCHES = {"sensitivity": bench_sensitivity}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(BENCHES):
        BENCHES[name]()
