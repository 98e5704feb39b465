"""How the paper scales: time and peak memory of `options report` on synthetic workspaces.

Prints, for each size, the time and peak memory (RSS of the child process) to write the options
paper (HTML, PDF, Markdown and Word) beside a baseline measured in the same run: `options rank`
on the same workspace, which loads it and ranks it. Targets: 300 options x 40 criteria in under
2 minutes and 2 GB; 100 x 10 in under 30 s.

    .venv/bin/python benchmarks/paper_scaling.py            # 100 x 10 and 300 x 40
    .venv/bin/python benchmarks/paper_scaling.py --sizes 50x5
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_synthetic  # noqa: E402

OPTIONS = str(Path(sys.executable).with_name("options"))


def _run(*args: str) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one command in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run([OPTIONS, *args], check=True, capture_output=True)
    took = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100x10,300x40")
    ap.add_argument("--samples", type=int, default=10_000, help="uncertainty draws")
    args = ap.parse_args()
    print(
        "| options x criteria | baseline: rank | paper: html,pdf,md,docx | peak memory | target |"
    )
    print("| --- | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            m, n = (int(x) for x in size.split("x"))
            ws = write_synthetic(Path(tmp) / size, m, n)
            base, _ = _run("rank", "-p", str(ws), "-w", "bench", "-f", "json")
            took, peak = _run(
                "report",
                "-p",
                str(ws),
                "-w",
                "bench",
                "-n",
                str(args.samples),
                "-f",
                "html,pdf,md,docx",
                "-o",
                str(Path(tmp) / f"paper-{size}"),
            )
            target = "< 120 s, < 2 GB" if m * n > 1000 else "< 30 s"
            print(f"| {m} x {n} | {base:.1f} s | {took:.1f} s | {peak:,.0f} MB | {target} |")


if __name__ == "__main__":
    main()
