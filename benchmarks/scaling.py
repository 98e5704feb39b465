"""How each command's cost grows with the work: time, peak memory and the fitted exponent in m.

For each size (options x criteria) a seeded synthetic workspace (benchmarks/synthetic.py) is
written, with a stakeholder ``bench`` (bounds and orders) and a stakeholder ``stated`` whose
weights are inferred from m / 10 preferences. Each command runs in its own child process (plain
``subprocess``; its own peak resident memory from ``os.wait4``'s rusage, so no parent's memory
is counted). Beside each command: HiGHS's own solve time inside it (``Highs.run``'s CPU time in the
child), and for SMAA the numpy floor, numpy alone drawing the same number of triangular scores
and weights and ranking them. Wall time and CPU time are both given: on a shared machine CPU
time is the steadier measure. The exponent is the least-squares slope of log CPU time on log m
over the sizes with the same number of criteria (40), or over every size when fewer than two
share it. Prints a Markdown table, and with --write replaces the table in the README's
performance section.

    python benchmarks/scaling.py --quick          # 10x5, 30x10, 100x20 (about a minute)
    python benchmarks/scaling.py                  # up to 1,000 x 40
    python benchmarks/scaling.py --sizes 3000x100 --commands sensitivity,compare
    python benchmarks/scaling.py --commands infer --sizes 100x40,300x40,1000x40 --conflict 0
    python benchmarks/scaling.py --quick --src ../other/src --keep /tmp/other   # another tree

``--src`` measures another checkout's package; ``--keep`` keeps every run's JSON output
(COMMAND-SIZE.json) so that two trees' answers can be compared byte for byte.

A last row times the conflict search (``infer`` on 3,000 preferences at 300 x 40 whose last
three form a cycle; ``--conflict 0`` leaves it out).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# numpy's BLAS on one thread, as the package sets it for every command, so that the numpy floor
# is measured as the tool runs (set before synthetic.py loads numpy)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import write_synthetic  # noqa: E402

QUICK = "10x5,30x10,100x20"
FULL = "10x5,30x10,100x20,100x40,300x40,1000x40"
COMMANDS = {
    "rank": ["rank", "-w", "bench"],
    "sensitivity": ["sensitivity", "-w", "bench"],
    "compare": ["compare", "-w", "bench", "-w", "stated"],
    "infer": ["infer", "-w", "stated"],
    "smaa": ["smaa"],
}
#: Targets from the issue, by command and size: seconds and MB.
TARGETS = {
    ("sensitivity", "1000x40"): (5, None),
    ("compare", "1000x40"): (5, None),
    ("sensitivity", "3000x100"): (60, 300),
    ("compare", "3000x100"): (60, 300),
    ("infer", "300x40"): (2, None),
    ("infer", "1000x40"): (15, 200),
}

#: Runs in the child: the command, then its HiGHS time and the SMAA draws on standard error.
CHILD = """
import json, sys, time
t_cpu, t_wall = time.process_time(), time.perf_counter()
highs = [0.0, 0]
try:
    import highspy
    _run = highspy.Highs.run
    def run(self):
        t = time.process_time()
        try:
            return _run(self)
        finally:
            highs[0] += time.process_time() - t
            highs[1] += 1
    highspy.Highs.run = run
except ImportError:
    pass
from delivery_options.cli import main
sys.argv = ["options", *ARGS]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
wall, cpu = time.perf_counter() - t_wall, time.process_time() - t_cpu
print(json.dumps({"wall": wall, "cpu": cpu, "highs": highs[0], "lps": highs[1]}), file=sys.stderr)
"""


def run_child(args: list[str], src: Path, out: Path) -> dict:
    """One command in a fresh interpreter with ``src`` first on its path, its output written to
    ``out``: its figures and its own peak memory (MB). The output goes to a file, as a user's
    would, so that the child holds no copy of it; SMAA's draws are read back from it."""
    code = CHILD.replace("ARGS", repr(args))
    env = {**os.environ, "PYTHONPATH": str(src)}
    with out.open("wb") as fh:
        child = subprocess.Popen(
            [sys.executable, "-c", code], stdout=fh, stderr=subprocess.PIPE, text=True, env=env
        )
        err = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"options {' '.join(args)} failed:\n{err}")
    figures = json.loads(err.strip().splitlines()[-1])
    figures["peak_mb"] = usage.ru_maxrss / 1024
    figures["samples"] = None
    if args[0] == "smaa":
        figures["samples"] = json.loads(out.read_text(encoding="utf-8")).get("samples")
    return figures


def numpy_floor(m: int, n: int, draws: int) -> float:
    """CPU seconds for numpy alone: triangular scores, Dirichlet weights, the batched product
    and a sort per draw, for ``draws`` draws in chunks of the size SMAA uses."""
    import numpy as np

    rng = np.random.default_rng(0)
    step = max(100, min(20_000, 2_000_000 // (m * n)))
    lo = rng.uniform(0, 50, (m, n, 1))
    t = time.process_time()
    done = 0
    while done < draws:
        k = min(step, draws - done)
        X = rng.triangular(lo, lo + 10, lo + 20, (m, n, k))
        w = rng.dirichlet(np.ones(n), k)
        np.argsort(np.einsum("mnk,kn->mk", X, w, optimize=True), axis=0)
        done += k
    return time.process_time() - t


def exponent(points: list[tuple[int, int, float]]) -> float | None:
    """Least-squares slope of log time on log m, at n = 40 when two sizes have it."""
    at40 = [(m, t) for m, n, t in points if n == 40 and t > 0]
    use = at40 if len({m for m, _ in at40}) >= 2 else [(m, t) for m, _, t in points if t > 0]
    if len({m for m, _ in use}) < 2:
        return None
    xs = [math.log(m) for m, _ in use]
    ys = [math.log(t) for _, t in use]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def table(rows: list[dict], exps: dict[str, float | None]) -> str:
    out = [
        "| command | options x criteria | wall | CPU | HiGHS solving (LPs) | numpy floor "
        "| peak memory | target | exponent in m |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for r in rows:
        lp = f"{r['highs']:.2f} s ({r['lps']:,})" if r["lps"] else "–"
        floor = (
            f"{r['floor']:.2f} s ({r['samples']:,} draws)" if r.get("floor") is not None else "–"
        )
        target = TARGETS.get((r["command"], r["size"]))
        met = "–"
        if target:
            secs, mb = target
            ok = r["wall"] < secs and (mb is None or r["peak_mb"] < mb)
            met = f"< {secs} s" + (f", < {mb} MB" if mb else "") + (": met" if ok else ": NOT met")
        e = exps.get(r["command"]) if r is rows_last(rows, r["command"]) else None
        out.append(
            f"| {r['command']} | {r['size'].replace('x', ' x ')} | {r['wall']:.2f} s "
            f"| {r['cpu']:.2f} s | {lp} | {floor} | {r['peak_mb']:,.0f} MB | {met} "
            f"| {'' if e is None else f'{e:.2f}'} |"
        )
    return "\n".join(out)


def rows_last(rows: list[dict], command: str) -> dict:
    return [r for r in rows if r["command"] == command][-1]


def write_readme(md: str, header: str) -> None:
    """Replace the table between the markers in the README's performance section."""
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = (
        "<!-- scaling table: benchmarks/scaling.py --write -->",
        "<!-- end of scaling table -->",
    )
    if start not in text or end not in text:
        raise SystemExit("README.md has no scaling-table markers in its performance section")
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    readme.write_text(f"{before}{start}\n{header}\n\n{md}\n{end}{after}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help=f"only {QUICK}")
    ap.add_argument("--sizes", help=f"comma-separated, e.g. {FULL}")
    ap.add_argument("--commands", default=",".join(COMMANDS))
    ap.add_argument("--write", action="store_true", help="replace the README's table")
    ap.add_argument(
        "--smaa-sizes",
        default="10x5,30x10,100x20,100x40",
        help="the sizes SMAA runs at (its confidence factors grow as m^2 n per draw)",
    )
    ap.add_argument(
        "--conflict", type=int, default=3000, help="statements for the conflict search (0: none)"
    )
    ap.add_argument(
        "--src",
        type=Path,
        default=ROOT / "src",
        help="the package's src/ to measure (another tree's)",
    )
    ap.add_argument(
        "--keep", type=Path, help="keep each run's JSON in this folder (COMMAND-SIZE.json), to diff"
    )
    args = ap.parse_args()
    src = args.src.resolve()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    sizes = (args.sizes or (QUICK if args.quick else FULL)).split(",")
    commands = args.commands.split(",")
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    header = (
        f"Measured with `python benchmarks/scaling.py` on {os.cpu_count()} CPUs, load average "
        f"{load} at the start; synthetic workspaces (benchmarks/synthetic.py), m / 10 "
        "statements for `stated`; SMAA with no count asked for (it stops when it knows); "
        f"numpy's BLAS on {os.environ['OPENBLAS_NUM_THREADS']} thread(s)."
    )
    print(header + "\n", flush=True)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            m, n = (int(x) for x in size.split("x"))
            ws = write_synthetic(Path(tmp) / size, m, n, statements=max(3, m // 10))
            for command in commands:
                if command == "smaa" and size not in args.smaa_sizes.split(","):
                    continue
                out = (args.keep or Path(tmp)) / f"{command}-{size}.json"
                r = run_child([*COMMANDS[command], "-p", str(ws), "-f", "json"], src, out)
                r.update(command=command, size=size, m=m, n=n)
                if command == "smaa" and r.get("samples"):
                    r["floor"] = numpy_floor(m, n, int(r["samples"]))
                rows.append(r)
                print(
                    f"  {command:12s} {size:>9s}: wall {r['wall']:7.2f} s, CPU {r['cpu']:7.2f} s, "
                    f"HiGHS {r['highs']:6.2f} s ({r['lps']} LPs), peak {r['peak_mb']:6.0f} MB"
                    + (f", numpy floor {r['floor']:.2f} s" if r.get("floor") is not None else ""),
                    flush=True,
                )
        if args.conflict:  # the conflict search: statements whose last three form a cycle
            ws = write_synthetic(
                Path(tmp) / "conflict", 300, 40, statements=args.conflict, conflict=True
            )
            out = (args.keep or Path(tmp)) / "infer-conflict-300x40.json"
            r = run_child([*COMMANDS["infer"], "-p", str(ws), "-f", "json"], src, out)
            r.update(command=f"infer, {args.conflict:,} statements in conflict", size="300x40")
            r.update(m=300, n=40)
            rows.append(r)
            commands.append(r["command"])
            print(
                f"  conflict search, {args.conflict:,} statements: CPU {r['cpu']:.2f} s", flush=True
            )
    rows.sort(key=lambda r: (commands.index(r["command"]), r["m"], r["n"]))
    exps = {
        c: exponent([(r["m"], r["n"], r["cpu"]) for r in rows if r["command"] == c])
        for c in commands
    }
    md = table(rows, exps)
    print("\n" + md)
    if args.write:
        write_readme(md, header)


if __name__ == "__main__":
    main()
