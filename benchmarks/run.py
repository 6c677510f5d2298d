"""Speed and scale figures (CONTRACTS §4): `python benchmarks/run.py [--json] [--targets N --months M] [--backup]`.

Builds a store with ~1,000,000 progress rows (benchmarks/generate.py), then measures in one warm
process: page reruns after a filter change (AppTest, median of 9) at full scale and on the demo
data, the first rerun after an upload, the status computation, a 50,000-row import into the full
store and the longest a small write waits meanwhile (benchmarks/write_bench.py), and the
50,000-row validation against pandas reading the same workbook. Compare figures as ratios within one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks import generate  # noqa: E402
from targets import demo, store  # noqa: E402
from targets.method.tracking import status_table  # noqa: E402
from targets.store.models import ReportIn  # noqa: E402

FILTER_KEY = "w_filter_status"
PAGES = ("overview", "map", "burndown", "whatif")
STATUS_CHOICES = (["behind"], ["on_track", "done"], [])
ROUNDS = 3  # the filter choices run through this many times: the median of 9 reruns


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _use(db: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    st.cache_data.clear()
    st.cache_resource.clear()


def page_rerun_ms(page: str, plan: str) -> float:
    """Median time of a rerun after a status-filter change, caches warm (first run not counted)."""
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=600)
    at.session_state["filter_plan"] = plan
    at.run()
    times = []
    for choice in STATUS_CHOICES * ROUNDS:
        at.multiselect(key=FILTER_KEY).set_value(choice)
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, at.exception
    return _ms(statistics.median(times))


def map_deck_kb(plan: str) -> float:
    """What a map rerun sends the browser for the map itself: the deck's JSON, in KB."""
    at = AppTest.from_file(str(ROOT / "pages" / "map.py"), default_timeout=600)
    at.session_state["filter_plan"] = plan
    at.run()
    (chart,) = at.get("deck_gl_json_chart")
    return round(len(chart.proto.json.encode()) / 1024, 1)


def empty_rerun_ms() -> float:
    at = AppTest.from_string("import streamlit as st", default_timeout=60)
    at.run()
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    return _ms(statistics.median(times))


def first_rerun_after_upload_ms(db: Path, plan: str) -> float:
    """A small upload is committed (the data version moves; nothing is cleared); time the next overview run."""
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=600)
    at.session_state["filter_plan"] = plan
    at.run()
    engine = store.make_engine(f"sqlite:///{db}")
    row = ReportIn(target=f"{generate.PLAN_ID}-t01", region=generate.counties()[0], date=dt.date(2024, 12, 31),
                   value=999)
    store.import_reports(engine, [row], user="bench", file="one.xlsx")
    engine.dispose()
    t0 = time.perf_counter()
    at.run()
    return _ms(time.perf_counter() - t0)


def status_compute_ms(db: Path) -> tuple[int, float]:
    """Read every current report and compute every status, cold (no cache)."""
    engine = store.make_engine(f"sqlite:///{db}")
    t0 = time.perf_counter()
    reports = store.reports(engine)
    status_table(store.plans(engine), store.allocations(engine), reports)
    elapsed = time.perf_counter() - t0
    engine.dispose()
    return len(reports), _ms(elapsed)


def measure(targets: int, months: int, validate_rows: int, backup: bool = False) -> dict:
    started = time.perf_counter()
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        demo_db = Path(tmp) / "demo.db"
        engine = store.make_engine(f"sqlite:///{demo_db}")
        store.init_store(engine)
        demo.load_demo(engine)
        engine.dispose()
        _use(demo_db)
        figures["empty_page_rerun_ms"] = empty_rerun_ms()
        for page in PAGES:
            figures[f"{page}_rerun_demo_ms"] = page_rerun_ms(page, "jl-2022")
        figures["map_deck_demo_kb"] = map_deck_kb("jl-2022")

        big = Path(tmp) / "big.db"
        t0 = time.perf_counter()
        generate.build(big, targets=targets, months=months)
        figures["generate_s"] = round(time.perf_counter() - t0, 1)
        figures["progress_rows"], figures["status_compute_ms"] = status_compute_ms(big)
        _use(big)
        for page in PAGES:
            figures[f"{page}_rerun_ms"] = page_rerun_ms(page, generate.PLAN_ID)
        figures["county_map_rerun_ms"] = figures["map_rerun_ms"]  # the generated plan's regions are its counties
        figures["county_map_deck_kb"] = map_deck_kb(generate.PLAN_ID)
        figures["first_rerun_after_upload_ms"] = first_rerun_after_upload_ms(big, generate.PLAN_ID)
        from benchmarks import write_bench

        figures.update(write_bench.measure(big, targets=targets))
        if backup:  # about two minutes more: four million-row JSON dumps compared
            from benchmarks import backup_bench

            figures.update(backup_bench.measure(big, targets=targets))

    from benchmarks import validate_bench

    figures.update(validate_bench.measure(validate_rows))
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    figures["total_s"] = round(time.perf_counter() - started, 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--targets", type=int, default=30, help="synthetic targets (× ~2,850 counties)")
    parser.add_argument("--months", type=int, default=12, help="monthly reports per target and county")
    parser.add_argument("--validate-rows", type=int, default=50_000)
    parser.add_argument("--backup", action="store_true", help="also time backup and restore (backup_bench.py)")
    args = parser.parse_args()
    figures = measure(args.targets, args.months, args.validate_rows, args.backup)
    if args.json:
        print(json.dumps(figures))
    else:
        width = max(map(len, figures))
        for key, value in figures.items():
            print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
