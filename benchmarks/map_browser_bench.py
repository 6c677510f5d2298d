"""The map's rerun as the browser sees it: `python benchmarks/map_browser_bench.py [--json] [--reruns 9] [--months 12]`.

Starts two dashboards (`python -m ui.serve`), one on the demo data and one on the million-row store of
benchmarks/generate.py (a national plan over every mainland county), and opens each one's map in headless
Chromium (Debian's, software WebGL: no GPU). Then switches what the map shows (地图显示) to one target
after another, `--reruns` times, and measures each switch from the click on the option until the script
has finished and the browser has drawn two more animation frames (deck.gl draws on the next one): the
server's rerun, the message, the browser's parse and deck.gl's update together. Also the bytes the browser
received per switch (the websocket's frames). Compare the county map with the demo's map of the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402
from benchmarks.load_bench import CHROMIUM, IDLE, _free_port, _healthy  # noqa: E402

# Transitions of the script's state, timed in the page (installed once per page)
WATCH = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__states = [];
  new MutationObserver(() => window.__states.push([app.getAttribute('data-test-script-state'), performance.now()]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
# Resolve (ms since t0) once the script ran and finished after t0 and the browser drew two more frames.
DONE = """async (t0) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  while (true) {
    const after = window.__states.filter(([, at]) => at >= t0);
    if (after.some(([s]) => s !== 'notRunning') && after.length && after[after.length - 1][0] === 'notRunning') break;
    if (performance.now() - t0 > 120000) return null;
    await frame();
  }
  await frame(); await frame();
  return performance.now() - t0;
}"""


def _serve(work: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    log = open(work / f"server-{port}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "ui.serve", "--server.headless", "true", "--server.address",
                             "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
                             "--server.fileWatcherType", "none"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    _healthy(url)
    return proc, url


def measure_map(browser, url: str, plan: str, reruns: int) -> dict[str, float]:
    """Median time (ms) and bytes received (KB) of a switch of the map's subject to a target not shown
    before (each switch draws new colours: Streamlit would otherwise send a repeated message by reference)."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: received.append(len(f))))
    page.goto(f"{url}/map?plan={plan}")
    page.wait_for_selector(IDLE, timeout=300_000)
    page.wait_for_selector('[data-testid="stDeckGlJsonChart"] canvas', timeout=60_000)
    page.wait_for_timeout(3000)
    page.evaluate(WATCH)
    times, sizes = [], []
    for i in range(reruns + 1):  # the first switch is not counted
        page.locator(".st-key-map_subject").click()
        page.get_by_role("option").first.wait_for()
        before = len(received)
        t0 = page.evaluate("performance.now()")
        page.keyboard.press("ArrowDown")  # the next subject: each category and target in turn
        page.keyboard.press("Enter")
        elapsed = page.evaluate(DONE, t0)
        if elapsed is None:
            raise RuntimeError(f"{plan}: the map did not finish its rerun")
        if i:
            times.append(elapsed)
            sizes.append(sum(received[before:]))
        page.wait_for_timeout(500)
    page.close()
    return {"ms": round(statistics.median(times), 1), "kb": round(statistics.median(sizes) / 1024, 1)}


def measure(reruns: int = 9, months: int = 12, targets: int = 30) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, float] = {}
    procs = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        demo_env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'demo.db'}"}
        subprocess.run([sys.executable, "-m", "targets", "demo"], cwd=ROOT, env=demo_env, check=True,
                       capture_output=True)
        generate.build(work / "big.db", targets=targets, months=months)
        big_env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'big.db'}"}
        try:
            for env in (demo_env, big_env):
                procs.append(_serve(work, env))
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
                demo_map = measure_map(browser, procs[0][1], "jl-2022", reruns)
                county_map = measure_map(browser, procs[1][1], generate.PLAN_ID, reruns)
                browser.close()
        finally:
            for proc, _ in procs:
                proc.terminate()
                proc.wait(timeout=30)
    figures["browser_map_switch_demo_ms"] = demo_map["ms"]
    figures["browser_county_map_switch_ms"] = county_map["ms"]
    figures["browser_county_map_vs_demo"] = round(county_map["ms"] / demo_map["ms"], 2)
    figures["browser_map_switch_demo_kb"] = demo_map["kb"]
    figures["browser_county_map_switch_kb"] = county_map["kb"]
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--reruns", type=int, default=9)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--targets", type=int, default=30)
    args = parser.parse_args()
    result = measure(args.reruns, args.months, args.targets)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:36s} {value}")
