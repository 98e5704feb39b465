"""How the paper scales: time and peak memory of `options report` on synthetic workspaces.

Prints, for each size, the time and peak memory (RSS of each child process, measured apart) to
write the options paper (HTML, PDF, Markdown and Word) beside a baseline measured in the same
run: `options rank` on the same workspace, which loads it and ranks it. Targets: 300 options x
40 criteria in under 2 minutes and 2 GB; 100 x 10 in under 30 s. With --stages, a second table
times each stage in one process: the analyses, the charts, composing the paper, HTML, Markdown,
Word and the tagged PDF (with its page count).

With ``--src`` given more than once, each tree's package (its src/ folder) writes the same papers
in the same rounds (``--rounds``), and a last table gives each one's median wall and CPU time and
its speed-up over the first tree's; ``--sandwell`` adds each tree's own bundled Sandwell paper
(the workspace at the tree's root, the commissioner's weights), as ``make demo`` writes it.

    .venv/bin/python benchmarks/paper_scaling.py            # 100 x 10 and 300 x 40
    .venv/bin/python benchmarks/paper_scaling.py --sizes 50x5 --stages
    .venv/bin/python benchmarks/paper_scaling.py --sizes 300x40 --sandwell --rounds 3 \
        --src /tmp/old/src --src src                       # an old tree beside this one
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CLI = "from delivery_options.cli import main; main()"


def _run(*args: str, src: Path = ROOT / "src", cwd: Path | None = None):
    """Wall time (s), CPU time (user + system, s) and peak RSS (MB) of one command in a child
    process with ``src`` first on its path (its own rusage; on a shared machine the CPU time is
    the steadier figure)."""
    t = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CLI, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    _, status, usage = os.wait4(child.pid, 0)
    took = time.perf_counter() - t
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"options {' '.join(args)} failed: {child.stderr.read()}")
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _stages(ws: Path, samples: int | None) -> list[tuple[str, float]]:
    """Each stage of the report timed in this process, in order."""
    from delivery_options.appraisal import load
    from delivery_options.paper import render

    out: list[tuple[str, float]] = []
    mark = [time.perf_counter(), "loading the workspace"]

    def say(stage: str) -> None:
        now = time.perf_counter()
        out.append((mark[1], now - mark[0]))
        mark[:] = [now, stage]

    app = load(ws)
    ctx = render.build_context(app, render.Settings("bench", samples=samples, png=True), say)
    say("writing HTML")
    html = render.render_html(ctx)
    say("writing Markdown")
    render.render_markdown(ctx)
    say("writing Word")
    render.render_docx(ctx)
    say("writing the tagged PDF")
    pdf = render.render_pdf(html, ws, ctx["date"])
    say("done")
    try:
        import io

        from pypdf import PdfReader

        pages = f"{len(PdfReader(io.BytesIO(pdf)).pages)} pages, "
    except ImportError:
        pages = ""
    out.append((f"({pages}{len(pdf) / 1e6:.1f} MB of PDF)", 0.0))
    return out


def _report(ws: Path, who: str, out: Path, samples: int | None) -> tuple[str, ...]:
    count = () if samples is None else ("-n", str(samples))
    return ("report", "-p", str(ws), "-w", who, *count, "-f", "html,pdf,md,docx", "-o", str(out))


def _compare(srcs: list[Path], args) -> None:
    """Each tree writes each paper once a round, the trees in turn; then each one's median
    wall and CPU time and its speed-up over the first tree's (the first tree's time over its)."""
    times: dict[tuple[str, int], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            (size, write_synthetic(Path(tmp) / size, *(int(x) for x in size.split("x"))))
            for size in args.sizes.split(",")
        ]
        if args.sandwell:
            cases.insert(0, ("Sandwell", None))
        for r in range(args.rounds):
            for name, ws in cases:
                for i, src in enumerate(srcs):
                    root = src.parent if ws is None else ws
                    who = "commissioner" if ws is None else "bench"
                    out = Path(tmp) / f"paper-{r}-{i}"
                    wall, cpu, _ = _run(*_report(root, who, out, args.samples), src=src)
                    times.setdefault((name, i), []).append((wall, cpu))
                    print(f"round {r + 1}, {name}, {src}: {wall:.1f} s, {cpu:.1f} s of CPU")
    print(
        "\n| paper | tree | wall (median) | CPU (median) | CPU, each round | speed-up: wall, CPU |"
    )
    print("| --- | --- | ---: | ---: | --- | --- |")
    for name, _ in cases:
        first = [statistics.median(x[k] for x in times[(name, 0)]) for k in (0, 1)]
        for i, src in enumerate(srcs):
            wall, cpu = (statistics.median(x[k] for x in times[(name, i)]) for k in (0, 1))
            each = ", ".join(f"{x[1]:.1f}" for x in times[(name, i)])
            print(
                f"| {name} | {src} | {wall:.1f} s | {cpu:.1f} s | {each} "
                f"| {first[0] / wall:.2f}x, {first[1] / cpu:.2f}x |"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100x10,300x40")
    ap.add_argument(
        "--samples",
        type=int,
        default=None,
        help="uncertainty draws (default: the paper's own, SMAA stopping when it knows)",
    )
    ap.add_argument("--stages", action="store_true", help="also time each stage in-process")
    ap.add_argument(
        "--src",
        type=Path,
        action="append",
        help="a tree's src/ to measure (again for each tree to compare; default: this tree's)",
    )
    ap.add_argument("--rounds", type=int, default=1, help="rounds of the comparison")
    ap.add_argument("--sandwell", action="store_true", help="also each tree's Sandwell paper")
    args = ap.parse_args()
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    print(f"Load average before the run: {load} ({os.cpu_count()} CPUs)\n")
    if args.src and (len(args.src) > 1 or args.rounds > 1 or args.sandwell):
        _compare([p.resolve() for p in args.src], args)
        return
    print(
        "| options x criteria | baseline: rank | its peak memory "
        "| paper: html,pdf,md,docx | its CPU time | its peak memory | target | met |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    staged = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            m, n = (int(x) for x in size.split("x"))
            ws = write_synthetic(Path(tmp) / size, m, n)
            src = args.src[0].resolve() if args.src else ROOT / "src"
            base, _, base_peak = _run("rank", "-p", str(ws), "-w", "bench", "-f", "json", src=src)
            out = Path(tmp) / f"paper-{size}"
            took, cpu, peak = _run(*_report(ws, "bench", out, args.samples), src=src)
            large = m * n > 1000
            target = "< 120 s, < 2 GB" if large else "< 30 s"
            met = took < 120 and peak < 2048 if large else took < 30
            print(
                f"| {m} x {n} | {base:.1f} s | {base_peak:,.0f} MB | {took:.1f} s | {cpu:.1f} s "
                f"| {peak:,.0f} MB | {target} | {'yes' if met else 'NO'} |"
            )
            staged.append((size, ws))
        # in this process, after every child has run: a child forked from a larger parent
        # would count the parent's memory in its own peak
        for size, ws in staged if args.stages else ():
            stages = _stages(ws, args.samples)
            print(f"\nStages of the {size.replace('x', ' x ')} paper, in one process:\n")
            print("| stage | time |")
            print("| --- | ---: |")
            for stage, took in stages:
                print(f"| {stage} | {took:.2f} s |" if took else f"| {stage} | |")


if __name__ == "__main__":
    main()
