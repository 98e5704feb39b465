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
    from delivery_options.methods.lp import solver_name

    print(
        f"## options sensitivity (solver {solver_name()}; targets: Sandwell < 1.5 s per "
        "stakeholder end to end, 300 x 40 and 1,000 x 40 < 10 s)"
    )
    for name in sorted(p.stem for p in (ROOT / "weights").glob("*.toml")):
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
        huge = write_synthetic(Path(tmp) / "huge", options=1000, criteria=40, orders=10)
        t = _cli("sensitivity", "-p", str(huge), "-w", "bench", "--solver", "highs", "-f", "json")
        print(
            "  synthetic 1,000 options x 40 criteria, bounds +-0.04 and 10 orders, "
            f"--solver highs: {t:.2f} s end to end (target < 10 s)"
        )
        ws = write_synthetic(Path(tmp) / "big", options=300, criteria=40, orders=10)
        for solver in ("highs", "cbc"):
            t = _cli("sensitivity", "-p", str(ws), "-w", "bench", "--solver", solver, "-f", "json")
            print(
                f"  synthetic 300 options x 40 criteria, bounds +-0.04 and 10 orders, "
                f"--solver {solver}: {t:.2f} s end to end"
            )
        from delivery_options.appraisal import load
        from delivery_options.methods.lp import make_solver, weight_set
        from delivery_options.methods.robust import robust_choice
        from delivery_options.methods.value import decision_matrix, weight_vector

        app = load(ws)
        w, st = app.workspace, app.stakeholders()[0]
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


def _peak_mb_of(args: list[str]) -> tuple[float, float]:
    """Wall time and peak resident memory (MB) of one CLI run in a child process."""
    import resource

    code = (
        "import resource, sys, time; from delivery_options.cli import main; "
        f"sys.argv = ['options'] + {args!r}; t = time.perf_counter()\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " file=sys.stderr)"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    t, kb = res.stderr.strip().splitlines()[-1].split()
    del resource
    return float(t), float(kb) / 1024


def bench_smaa() -> None:
    import numpy as np

    print(
        "## options smaa (targets: Sandwell 1,000,000 draws < 5 s; throughput within a small "
        "factor of numpy on the same shapes)"
    )
    cases = [
        ("Sandwell commissioner", ROOT, ["smaa", "-w", "commissioner"], 1_000_000, 7, 7),
        ("Sandwell, no preference", ROOT, ["smaa"], 1_000_000, 7, 7),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        big = write_synthetic(Path(tmp) / "big", options=300, criteria=40)
        cases.append(
            (
                "synthetic 300 x 40, bench stakeholder",
                big,
                ["smaa", "-w", "bench"],
                100_000,
                300,
                40,
            )
        )
        for label, ws, args, k, m, n in cases:
            t, mb = _peak_mb_of([*args, "-p", str(ws), "-n", str(k), "-f", "json"])
            # numpy alone on the same shapes and draws: its own triangular scores, weights,
            # the batched product, a sort per draw (the floor any SMAA in numpy pays)
            rng = np.random.default_rng(0)
            step = max(100, min(20_000, 2_000_000 // (m * n)))
            lo = rng.uniform(0, 50, (m, n, 1))
            t0 = time.perf_counter()
            for _ in range(k // step):
                X = rng.triangular(lo, lo + 10, lo + 20, (m, n, step))
                w = rng.dirichlet(np.ones(n), step)
                np.argsort(np.einsum("mnk,kn->mk", X, w, optimize=True), axis=0)
            base = time.perf_counter() - t0
            t0 = time.perf_counter()
            for _ in range(k // step):
                (rng.random((step, n)) @ rng.random((n, m))).argmax(axis=1)
            mm = time.perf_counter() - t0
            print(f"  {label}: {k:,} draws in {t:.2f} s = {k / t:,.0f} draws/s, peak {mb:.0f} MB")
            print(
                f"    numpy alone on the same shapes: triangular scores + product + sort "
                f"{base:.2f} s (ratio {t / base:.1f}x); exact scores, matmul only {mm:.2f} s"
            )


def bench_report() -> None:
    print("## options report (target: the Sandwell paper, all sections, HTML and PDF < 10 s)")
    with tempfile.TemporaryDirectory() as tmp:
        for fmts in ("html,pdf", "html,pdf,md", "html,md"):
            times = [
                _cli("report", "-w", "commissioner", "-o", f"{tmp}/paper", "-f", fmts)
                for _ in range(3)
            ]
            print(
                f"  Sandwell commissioner paper, {fmts}: median {statistics.median(times):.2f} s "
                "(end to end, 3 runs)"
            )


def bench_startup() -> None:
    print("## start-up (target: options rank <= 0.5 x a bare `import pandas, click`)")
    # Like for like: pandas and click were byte-compiled when pip installed them, and pip and
    # pipx byte-compile this package too; an editable checkout run with PYTHONDONTWRITEBYTECODE
    # would instead compile every module of ours from source on every run (about 35 ms here).
    import delivery_options

    package = Path(delivery_options.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    print(f"  (byte-compiled {package.name}/ first, as pip and pipx do on install)")

    def run(cmd: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - t

    options = [sys.executable, "-m", "delivery_options"]
    typed = ROOT / "tests" / "fixtures" / "typed"
    cases = {
        "options rank, typed weights": [*options, "rank", "-p", str(typed), "-w", "commissioner"],
        "options rank, weights inferred from statements (one LP)": [
            *options,
            "rank",
            "--weights",
            "commissioner.toml",
        ],
        "options --help": [*options, "--help"],
    }
    bare = [sys.executable, "-c", "import pandas, click"]
    for cmd in (*cases.values(), bare):
        run(cmd)  # warm the file cache
    # Each round times the reference and every case back to back, so that a change in the
    # machine's load moves both sides of a ratio; the ratio reported is the median of rounds.
    rounds = 21
    times: dict[str, list[float]] = {name: [] for name in (*cases, "bare")}
    for _ in range(rounds):
        times["bare"].append(run(bare))
        for name, cmd in cases.items():
            times[name].append(run(cmd))
    base = statistics.median(times["bare"])
    print(f"  import pandas, click: median {base * 1000:.0f} ms ({rounds} rounds)")
    for name in cases:
        ratios = sorted(t / b for t, b in zip(times[name], times["bare"], strict=True))
        t = statistics.median(times[name])
        print(
            f"  {name}: median {t * 1000:.0f} ms, ratio {statistics.median(ratios):.2f}x "
            f"(middle half of rounds {ratios[rounds // 4]:.2f}-{ratios[3 * rounds // 4]:.2f}x)"
        )


def bench_rank_large() -> None:
    print("## options rank on 1,000 options x 100 criteria (target: < 1 s end to end)")
    with tempfile.TemporaryDirectory() as tmp:
        ws = write_synthetic(Path(tmp) / "big", options=1000, criteria=100)
        bare = [sys.executable, "-c", "import pandas, click"]
        _cli("rank", "-p", str(ws), "-w", "bench", "-f", "json")  # warm the file cache
        times = [_cli("rank", "-p", str(ws), "-w", "bench", "-f", "json") for _ in range(5)]
        text = [_cli("rank", "-p", str(ws), "-w", "bench") for _ in range(3)]
        t0 = time.perf_counter()
        for _ in range(5):
            subprocess.run(bare, check=True)
        base = (time.perf_counter() - t0) / 5
        print(
            f"  json: median {statistics.median(times):.2f} s; text: median "
            f"{statistics.median(text):.2f} s; a bare `import pandas, click` beside it: "
            f"{base:.2f} s (ratio {statistics.median(times) / base:.1f}x)"
        )


BENCHES = {
    "startup": bench_startup,
    "rank": bench_rank_large,
    "sensitivity": bench_sensitivity,
    "smaa": bench_smaa,
    "report": bench_report,
}

if __name__ == "__main__":
    for name in sys.argv[1:] or list(BENCHES):
        BENCHES[name]()
