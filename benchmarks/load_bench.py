"""The load figure: `python benchmarks/load_bench.py [--json] [--sessions 30] [--officers 12] [--processes 2]`.

Starts the several-process deployment (deploy/serve_many.py: N servers behind nginx, deploy/nginx.conf) on
one store (a fresh PostgreSQL database when TEST_POSTGRES_URL or --database-url names a server, else an
SQLite file), with the demo data and one officer account per officer. Then, in headless Chromium
(Playwright, one browser context per session, so each session has its own sticky cookie):

1. quiet: every session opens the overview through the proxy `--loads` times, nobody writes;
2. loaded: the same while every officer imports a workbook of their own (72 rows: six targets × twelve
   months) with `python -m targets import`, all started at once.

Page ready = from the navigation's start until the overview's grid is shown and the script has finished
(the app idle and connected). Errors = sessions' loads that did not get there within --timeout seconds,
showed an exception box or logged a console error. Rows lost = rows of committed imports that
`reports --json` does not hold with their value afterwards. Compare the loaded figures with the quiet
ones of the same run.

Where the time goes: during each phase every process's CPU time is sampled from /proc twice a second
and summed by kind (the app servers, the browser, the imports, the database, nginx), so a page-ready
figure can be read against what the servers themselves spent (`<phase>_cpu_s`, and the servers' CPU
per page load). A process's last half second before it ends is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from deploy.serve_many import wait_healthy  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
READY = ".st-key-overview_grid"
PASSWORD = "load-bench-1"
REGIONS = ["220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400"]
TARGETS = [f"jl-2022-t0{i}" for i in range(1, 7)]  # cumulative province totals every region reports to


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "targets", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout


def _healthy(url: str, timeout: float = 180) -> None:
    if not wait_healthy(url, timeout):  # the launcher's own wait
        raise SystemExit(f"{url} 未在 {timeout:.0f} 秒内就绪")


def officer_rows(i: int) -> list[tuple[str, str, dt.date, float]]:
    """Officer i's rows: its region, six targets, twelve month ends (2023; 2022 for a region's second officer)."""
    region = REGIONS[i % len(REGIONS)]
    year = 2023 - i // len(REGIONS)
    rows = []
    for target in TARGETS:
        for month in range(1, 13):
            end = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
            rows.append((target, region, end, float(month + i)))
    return rows


def write_book(path: Path, rows: list[tuple[str, str, dt.date, float]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "进展填报"
    ws.append(["指标编号", "地区代码", "截止日期", "累计完成值", "说明"])
    for target, region, date, value in rows:
        ws.append([target, region, date, value, "负载测试"])
    wb.save(path)
    return path


async def one_session(browser, url: str, loads: int, timeout_ms: int) -> tuple[list[float], list[str]]:
    context = await browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = await context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    times: list[float] = []
    errors: list[str] = []
    try:
        for _ in range(loads):
            t0 = time.perf_counter()
            try:
                await page.goto(url, timeout=timeout_ms)
                await page.wait_for_selector(READY, state="visible", timeout=timeout_ms)
                await page.wait_for_selector(IDLE, timeout=timeout_ms)
            except Exception as exc:  # a timeout or a failed navigation is one error of this load
                errors.append(type(exc).__name__)
                continue
            times.append((time.perf_counter() - t0) * 1000)
            if await page.locator('[data-testid="stException"], [data-testid="stErrorElementStack"]').count():
                errors.append("exception box")
        errors += [f"console: {text[:80]}" for text in console if "status of 404" not in text]
    finally:
        await context.close()
    return times, errors


async def sessions(url: str, n: int, loads: int, timeout_ms: int) -> tuple[list[float], list[str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"])
        try:
            results = await asyncio.gather(*(one_session(browser, url, loads, timeout_ms) for _ in range(n)))
        finally:
            await browser.close()
    return [t for times, _ in results for t in times], [e for _, errors in results for e in errors]


async def one_import(env: dict[str, str], path: Path, user: str) -> tuple[int, float, str]:
    t0 = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "targets", "import", str(path), "--user", user, "--accept-warnings",
        cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await proc.communicate()
    return proc.returncode or 0, time.perf_counter() - t0, err.decode(errors="replace").strip()


async def loaded(url: str, env: dict[str, str], books: list[tuple[Path, str]], n: int, loads: int,
                 timeout_ms: int) -> tuple[tuple[list[float], list[str]], list[tuple[int, float, str]]]:
    imports = asyncio.gather(*(one_import(env, path, user) for path, user in books))
    pages = sessions(url, n, loads, timeout_ms)
    page_result, import_result = await asyncio.gather(pages, imports)
    return page_result, list(import_result)


KINDS = (("browser", ("chromium", "chrome", "playwright", "node")), ("servers", ("ui.serve", "streamlit")),
         ("imports", ("targets import",)), ("database", ("postgres",)), ("nginx", ("nginx",)))


def _kind(cmdline: str) -> str:
    return next((kind for kind, marks in KINDS if any(m in cmdline for m in marks)), "other")


class CpuSampler:
    """CPU seconds spent by each kind of process (KINDS) while it runs: /proc sampled twice a second."""

    def __init__(self) -> None:
        self.seen: dict[int, tuple[str, float, float]] = {}  # pid → (kind, first ticks, last ticks)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")
        self._started = False  # processes first seen after the start began during the phase: all their time

    def _sample(self) -> None:
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()
                ticks = (int(fields[11]) + int(fields[12])) / self._tick  # utime + stime
                pid = int(entry.name)
                if pid in self.seen:
                    kind, first, _ = self.seen[pid]
                else:
                    with open(f"/proc/{entry.name}/cmdline", "rb") as fh:
                        kind = _kind(fh.read().replace(b"\0", b" ").decode(errors="replace"))
                    first = ticks if not self._started else 0.0
                self.seen[pid] = (kind, first, ticks)
            except (OSError, IndexError, ValueError):
                continue  # the process ended meanwhile

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(0.5)

    def __enter__(self) -> CpuSampler:
        self._sample()
        self._started = True
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def seconds(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for kind, first, last in self.seen.values():
            totals[kind] = totals.get(kind, 0.0) + last - first
        return {kind: round(value, 1) for kind, value in sorted(totals.items())}


def p95(values: list[float]) -> float | None:
    if not values:
        return None
    return round(statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0], 1)


def fresh_database(server: str) -> tuple[str, str]:
    import psycopg

    name = f"targets_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + f"/{name}", name


def drop_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--officers", type=int, default=12)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--loads", type=int, default=2, help="page loads per session and phase")
    parser.add_argument("--timeout", type=float, default=180, help="seconds a load may take before it is an error")
    parser.add_argument("--database-url", default="", help="a PostgreSQL server; default TEST_POSTGRES_URL")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="targets-load-"))
    server = args.database_url or os.environ.get("TEST_POSTGRES_URL", "")
    dropped = None
    if server:
        db_url, dropped = fresh_database(server)
    else:
        db_url = f"sqlite:///{work / 'targets.db'}"
    env = {**os.environ, "DATABASE_URL": db_url, "TARGETS_PASSWORD": PASSWORD}
    _cli(env, "demo")
    books = []
    for i in range(args.officers):
        user = f"officer{i + 1}"
        _cli(env, "user", "add", user, "--role", "officer", "--region", REGIONS[i % len(REGIONS)])
        books.append((write_book(work / f"{user}.xlsx", officer_rows(i)), user))

    ports = [_free_port() for _ in range(args.processes)]
    listen = _free_port()
    prefix = Path(tempfile.mkdtemp(prefix="targets-load-nginx-"))
    log = open(work / "serve_many.log", "w")  # noqa: SIM115 - the launcher writes to it until stopped
    launcher = subprocess.Popen(
        [sys.executable, "-m", "deploy.serve_many", "--ports", ",".join(map(str, ports)),
         "--listen", f"127.0.0.1:{listen}", "--prefix", str(prefix), "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{listen}"
    timeout_ms = int(args.timeout * 1000)
    try:
        for port in ports:
            _healthy(f"http://127.0.0.1:{port}")
        _healthy(url)
        asyncio.run(sessions(url, 1, 1, timeout_ms))  # one warm-up load: the first run of a process is not counted
        t0 = time.perf_counter()
        with CpuSampler() as quiet_cpu:
            quiet_times, quiet_errors = asyncio.run(sessions(url, args.sessions, args.loads, timeout_ms))
        quiet_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        with CpuSampler() as loaded_cpu:
            (load_times, load_errors), imports = asyncio.run(
                loaded(url, env, books, args.sessions, args.loads, timeout_ms))
        loaded_s = time.perf_counter() - t0
        stored = {(r["target"], r["region"], r["date"]): r["value"] for r in json.loads(_cli(env, "reports", "--json"))}
    finally:
        launcher.terminate()
        try:
            launcher.wait(timeout=30)
        except subprocess.TimeoutExpired:
            launcher.kill()
        if dropped:
            drop_database(server, dropped)

    committed = [i for i, (code, _, _) in enumerate(imports) if code == 0]
    expected = [row for i in committed for row in officer_rows(i)]
    lost = sum(1 for t, r, d, v in expected if stored.get((t, r, d.isoformat())) != v)
    figures = {
        "engine": "postgresql" if server else "sqlite",
        "processes": args.processes,
        "sessions": args.sessions,
        "loads_per_session": args.loads,
        "officers": args.officers,
        "quiet_page_ready_p50_ms": round(statistics.median(quiet_times), 1) if quiet_times else None,
        "quiet_page_ready_p95_ms": p95(quiet_times),
        "quiet_errors": len(quiet_errors),
        "quiet_phase_s": round(quiet_s, 1),
        "loaded_page_ready_p50_ms": round(statistics.median(load_times), 1) if load_times else None,
        "loaded_page_ready_p95_ms": p95(load_times),
        "loaded_page_ready_max_ms": round(max(load_times), 1) if load_times else None,
        "loaded_errors": len(load_errors),
        "loaded_phase_s": round(loaded_s, 1),
        "imports_committed": len(committed),
        "imports_failed": len(imports) - len(committed),
        "import_s_max": round(max(s for _, s, _ in imports), 1) if imports else None,
        "rows_committed": len(expected),
        "rows_lost": lost,
    }
    for phase, sampler, times in (("quiet", quiet_cpu, quiet_times), ("loaded", loaded_cpu, load_times)):
        spent = sampler.seconds()
        figures[f"{phase}_cpu_s"] = spent
        figures[f"{phase}_server_cpu_ms_per_load"] = round(spent.get("servers", 0.0) * 1000 / len(times), 1) \
            if times else None
    figures["cores"] = os.cpu_count()
    qp95, lp95 = figures["quiet_page_ready_p95_ms"], figures["loaded_page_ready_p95_ms"]
    figures["loaded_vs_quiet_p95"] = round(lp95 / qp95, 2) if qp95 and lp95 else None
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        width = max(map(len, figures))
        for key, value in figures.items():
            print(f"{key:<{width}}  {value}")
        for kind, errors in (("quiet", quiet_errors), ("loaded", load_errors)):
            for error in sorted(set(errors)):
                print(f"{kind} error: {error} ×{errors.count(error)}")
        for i, (code, _, err) in enumerate(imports):
            if code:
                print(f"officer{i + 1} import exit {code}: {err[:200]}")


if __name__ == "__main__":
    main()
