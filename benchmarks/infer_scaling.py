"""`options infer` as the options grow: CPU time, peak memory and the LPs it solves.

For each size (options x criteria) a seeded synthetic workspace (benchmarks/synthetic.py) is
written with a stakeholder ``stated`` whose weights are inferred from m / 10 preferences, and
``options infer -w stated -f json`` runs in its own child process. CPU time is the child's user
plus system time and peak memory its own maximum resident set (both from ``os.wait4``), the
steadier measures on a shared machine; HiGHS's solves are counted and timed inside the child.
Targets from issue 23: 300 x 40 under 2 s, 1,000 x 40 under 15 s in under 200 MB.

    python benchmarks/infer_scaling.py                    # 100x40, 300x40, 1000x40
    python benchmarks/infer_scaling.py --sizes 300x40 --src ../other/src
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the package sets it
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_synthetic  # noqa: E402

TARGETS = {"300x40": (2, None), "1000x40": (15, 200)}

CHILD = """
import json, sys, time
highs = [0.0, 0]
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
from delivery_options.cli import main
sys.argv = ["options", *ARGS]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
print(json.dumps({"highs": highs[0], "lps": highs[1]}), file=sys.stderr)
"""


def run_infer(ws: Path, src: Path, out: Path) -> dict:
    """infer in a fresh interpreter, its JSON written to ``out``: CPU s, peak MB, HiGHS."""
    code = CHILD.replace("ARGS", repr(["infer", "-w", "stated", "-p", str(ws), "-f", "json"]))
    env = {**os.environ, "PYTHONPATH": str(src)}
    with out.open("w") as fh:
        child = subprocess.Popen(
            [sys.executable, "-c", code], stdout=fh, stderr=subprocess.PIPE, text=True, env=env
        )
        err = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"infer failed at {ws}:\n{err}")
    figures = json.loads(err.strip().splitlines()[-1])
    figures["cpu"] = usage.ru_utime + usage.ru_stime
    figures["peak_mb"] = usage.ru_maxrss / 1024
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100x40,300x40,1000x40")
    ap.add_argument("--src", type=Path, default=HERE.parent / "src", help="the package's src/")
    ap.add_argument("--keep", type=Path, help="keep each run's JSON in this folder (to diff)")
    args = ap.parse_args()
    print("| options x criteria | CPU (user + sys) | HiGHS (LPs) | peak memory | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            m, n = (int(x) for x in size.split("x"))
            ws = write_synthetic(Path(tmp) / size, m, n, statements=max(3, m // 10))
            keep = args.keep or Path(tmp)
            keep.mkdir(parents=True, exist_ok=True)
            r = run_infer(ws, args.src.resolve(), keep / f"infer-{size}.json")
            target = TARGETS.get(size)
            met = "–"
            if target:
                secs, mb = target
                ok = r["cpu"] < secs and (mb is None or r["peak_mb"] < mb)
                met = (
                    f"< {secs} s"
                    + (f", < {mb} MB" if mb else "")
                    + (": met" if ok else ": NOT met")
                )
            print(
                f"| {m:,} x {n} | {r['cpu']:.2f} s | {r['highs']:.2f} s ({r['lps']:,}) "
                f"| {r['peak_mb']:,.0f} MB | {met} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
