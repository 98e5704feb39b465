"""How live the live model feels: a weight change to the updated ranking and what it would take.

For Sandwell (the value tree, every stakeholder), each request the page sends when a slider
moves (POST /api/move: the ranking, the limits, the pictures and what it would take, in one
answer; POST /api/compare once it is let go) is timed through the whole Flask application with
its token checks (no network) for random weights, and p50/p95 printed by request kind, wall time
and the thread's CPU time (which another process's load does not inflate), beside baselines
timed in the same run: one bare ``Appraisal.rank``, one ``Appraisal.what_it_takes`` (what
/api/switching and the move work out) and one full ``Appraisal.sensitivity``, called directly.
Target: p95 < 100 ms. Then the interview in the page: POST /api/elicit/start, and each POST
/api/elicit/answer (random replies, to the question limit or the end). The machine and its load
average are printed first.

With ``--browser``: the page itself, in two headless Chromium windows (Debian's chromium and
chromedriver, through Selenium) on one server, moving weights at the same time. Each move is
timed inside the page (performance.now()), from the slider's input event to the next animation
frame after (a) the ranking is redrawn and (b) what it would take for every option is (both come
in one answer and are drawn in the same frame); beside them, the page's own CPU time per move
(Chrome's Performance.getMetrics: script, style and layout, and the whole renderer process) and
the server's time for each request (its Server-Timing header), to tell the handler's time from
the network's and the page's. Target: p95 < 100 ms.

python benchmarks/serve.py [requests] [--browser [moves]]
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _percentiles(times: list[float]) -> str:
    ms = np.array(times) * 1000
    return f"p50 {np.percentile(ms, 50):6.1f} ms   p95 {np.percentile(ms, 95):6.1f} ms"


def machine() -> str:
    """The machine and how busy it was: the figures mean little without it."""
    import os
    import platform

    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{model or platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average {load} (1, 5, 15 min)"
    )


def main(requests: int = 200) -> None:
    from delivery_options.appraisal import Appraisal
    from delivery_options.methods.lp import solver_name
    from delivery_options.serve.app import create_app
    from delivery_options.serve.room import Room

    app = Appraisal.open(ROOT)
    token = "bench"
    room = Room(Appraisal.open(ROOT))
    client = create_app(room, token).test_client()
    headers = {"Authorization": f"Bearer {token}"}
    crit = app.workspace.criterion_ids
    rng = np.random.default_rng(0)
    print(f"## options serve, Sandwell (solver {solver_name()}; target p95 < 100 ms)")
    print(f"  {machine()}")
    print("  Each request through the whole Flask application (token checks, JSON), no network;")
    print(
        "  wall time, and in brackets the server thread's CPU time (what the load cannot inflate)."
    )
    kinds = {
        "move": ("/api/move", {"criterion": crit[0], "vfm": True}),
        "compare": ("/api/compare", {}),
    }
    every: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
    room.workspace()  # what each record settles, once, as the page's first load does
    for who in room.stakeholders:
        st = app.stakeholder(who)
        bare, takes, sens = [], [], []
        for _ in range(10):
            t = time.perf_counter()
            app.rank(st)
            bare.append(time.perf_counter() - t)
            t = time.perf_counter()
            app.what_it_takes(st)
            takes.append(time.perf_counter() - t)
            t = time.perf_counter()
            app.sensitivity(st)
            sens.append(time.perf_counter() - t)
        mine: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
        for n in range(requests):
            w = 100 * rng.dirichlet(np.ones(len(crit)))
            body = {
                "stakeholder": who,
                "weights": {c: round(float(x), 2) for c, x in zip(crit, w, strict=True)},
            }
            for kind, (path, extra) in kinds.items():
                if kind == "compare" and n % 5:
                    continue  # asked once a slider is let go, not at every step
                t, c = time.perf_counter(), time.thread_time()
                res = client.post(path, json={**body, **extra}, headers=headers)
                mine[kind].append((time.perf_counter() - t, time.thread_time() - c))
                assert res.status_code == 200, res.get_json()
        for kind, ts in mine.items():
            every[kind] += ts
        print(
            f"  {who:17s} "
            + "   ".join(
                f"{k} {1000 * np.percentile([t for t, _ in ts], 95):5.1f}"
                f" ({1000 * np.percentile([c for _, c in ts], 95):4.1f})"
                for k, ts in mine.items()
            )
            + f"   (p95 ms; bare rank {statistics.median(bare) * 1000:.2f},"
            f" what it takes {statistics.median(takes) * 1000:.1f},"
            f" full sensitivity {statistics.median(sens) * 1000:.1f}: medians)"
        )
    for kind, ts in every.items():
        cpu = _percentiles([c for _, c in ts]).replace("   ", " ")
        print(
            f"  all /api/{kind:9s} {_percentiles([t for t, _ in ts])}"
            f"  (CPU {cpu}; {len(ts)} requests)"
        )
    starts, answers = [], []
    for k in range(20):
        order = [str(c) for c in rng.permutation(crit)]
        t = time.perf_counter()
        res = client.post(
            "/api/elicit/start", json={"id": f"bench-{k}", "order": order}, headers=headers
        )
        starts.append(time.perf_counter() - t)
        view = res.get_json()
        while view["question"] is not None:
            body = {"interview": view["interview"], "reply": str(rng.choice(["a", "b"]))}
            t = time.perf_counter()
            res = client.post("/api/elicit/answer", json=body, headers=headers)
            answers.append(time.perf_counter() - t)
            assert res.status_code == 200, res.get_json()
            view = res.get_json()
    print(f"  interview start (ranking of the swings): {_percentiles(starts)}  (20 interviews)")
    print(
        f"  interview answer -> next question:       {_percentiles(answers)}"
        f"  ({len(answers)} answers)"
    )


MOVE = """
const [index, value, done] = arguments;
const seen = {};
let t0 = 0;
const watchers = [["rank", "ranking-table"], ["switching", "switch-all"]].map(([k, id]) => {
  const w = new MutationObserver(() => {
    if (!(k in seen)) seen[k] = new Promise((r) => requestAnimationFrame(() => r(performance.now() - t0)));
  });
  w.observe(document.getElementById(id), {childList: true});
  return w;
});
const s = document.getElementById(`w-${index}`);
t0 = performance.now();
s.value = value;
s.dispatchEvent(new Event("input", {bubbles: true}));
(running || Promise.resolve()).then(() => new Promise((r) => requestAnimationFrame(r))).then(() => {
  watchers.forEach((w) => w.disconnect());
  return Promise.all(["rank", "switching"].map((k) => seen[k] || null));
}).then(done);
"""
SERVER = """
return performance.getEntriesByType("resource")
  .filter((e) => /[/]api[/]move$/.test(e.name) && e.serverTiming.length)
  .map((e) => e.serverTiming[0].duration);
"""
CPU = ("ScriptDuration", "RecalcStyleDuration", "LayoutDuration", "ProcessTime")


def _metrics(driver) -> dict[str, float]:
    got = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    return {m["name"]: m["value"] for m in got if m["name"] in CPU}


def browser(moves: int = 100, clients: int = 2) -> None:
    """Input to updated page in ``clients`` browsers moving weights at once (ms, in the page)."""
    import shutil
    import tempfile
    import threading

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from delivery_options.serve import LiveServer

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        ws.mkdir()
        shutil.copy(ROOT / "criteria.toml", ws)
        shutil.copytree(ROOT / "options", ws / "options")
        shutil.copytree(ROOT / "weights", ws / "weights")
        server = LiveServer(ws, port=0).start()
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
            opts.add_argument(arg)
        drivers = [
            webdriver.Chrome(options=opts, service=Service("/usr/bin/chromedriver"))
            for _ in range(clients)
        ]
        times: list[list[list[float | None]]] = [[] for _ in drivers]
        server_ms: list[float] = []
        cpu: list[dict[str, float]] = []
        try:
            for k, d in enumerate(drivers):
                d.set_window_size(1280, 800)
                d.set_script_timeout(30)
                d.get(server.url + ("#commissioner" if k % 2 == 0 else "#dfe"))
                for _ in range(100):
                    if d.execute_script("return !!state.rank && !running"):
                        break
                    time.sleep(0.1)
                d.execute_script("performance.clearResourceTimings()")
                d.execute_cdp_cmd("Performance.enable", {})
            barrier = threading.Barrier(len(drivers))
            before = [_metrics(d) for d in drivers]

            def run(k: int) -> None:
                rng = np.random.default_rng(k)
                d = drivers[k]
                barrier.wait()
                for _ in range(moves):
                    index = int(rng.integers(0, 3))
                    value = float(rng.integers(10, 60))
                    times[k].append(d.execute_async_script(MOVE, index, value))

            threads = [threading.Thread(target=run, args=(k,)) for k in range(len(drivers))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for d, was in zip(drivers, before, strict=True):
                now = _metrics(d)
                cpu.append({k: (now[k] - was[k]) / moves for k in CPU})
                server_ms += [ms / 1000 for ms in d.execute_script(SERVER)]
        finally:
            for d in drivers:
                d.quit()
            server.stop()
    print(f"## options serve in the browser: {clients} clients moving weights at once")
    print(f"  {machine()}")
    for part, words in ((0, "the ranking"), (1, "what it would take")):
        every = [t[part] / 1000 for ts in times for t in ts if t[part] is not None]
        for k, ts in enumerate(times):
            mine = [t[part] / 1000 for t in ts if t[part] is not None]
            print(f"  client {k + 1}: input -> {words} shown: {_percentiles(mine)}")
        print(
            f"  all {len(every)} moves, input -> {words} shown: {_percentiles(every)}"
            "  (target p95 < 100 ms)"
        )
    for k, c in enumerate(cpu):
        print(
            f"  client {k + 1}, the page's CPU per move: script {1000 * c['ScriptDuration']:.1f} ms,"
            f" style {1000 * c['RecalcStyleDuration']:.1f}, layout {1000 * c['LayoutDuration']:.1f};"
            f" the whole renderer process {1000 * c['ProcessTime']:.1f} ms"
        )
    print(
        f"  the server's time for /api/move (with what it would take): {_percentiles(server_ms)}"
        f"  ({len(server_ms)} requests)"
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--browser" in args:
        rest = args[args.index("--browser") + 1 :]
        browser(int(rest[0]) if rest else 100)
    else:
        main(int(args[0]) if args else 200)
