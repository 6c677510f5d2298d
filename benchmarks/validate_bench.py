"""Validate a 50,000-row upload vs pandas.read_excel(engine="openpyxl") reading the same file.

    python -m benchmarks.validate_bench [--rows N]

The whole check (container safety scan, calamine read in its bounded child process, validation
against a seeded store, preview) should take at most 0.3× the time of pandas' bare openpyxl
read, and at most 3× python-calamine's bare read of the same file (`calamine_read_50k_s`: every
sheet read with `CalamineWorkbook.from_path(...).get_sheet_by_name(...).to_python()`, no checks).
The same check with the container checks and calamine run inside this process
(`validate_50k_in_process_s`, the way the product read before the child process) is timed in
the same run, alternating with the real one, so their ratio is the cost of reading out of process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import tempfile
import time
from pathlib import Path

import pandas as pd
import python_calamine as pc
from openpyxl import Workbook

from targets import store
from targets.config import Settings
from targets.intake import uploads
from targets.plans import regions
from targets.store.accounts import User
from targets.workbook import container, excel, sandbox
from targets.workbook.sandbox import SheetRead
from targets.workbook.sheet_scan import SheetScan

PLAN_TARGETS = ("jl-2022-t01", "jl-2022-t03", "jl-2022-t04", "jl-2022-t05", "jl-2022-t06")
PLAN_REGIONS = ("220100", "220200", "220300", "220400", "220500", "220600", "220700", "220800", "222400",
                "220581", "JL-CBS")
START = dt.date(2022, 1, 1)
HEADER = ["指标编号", "指标名称", "地区", "截止日期", "累计完成值", "说明"]  # noqa: RUF001


def officer_regions() -> list[str]:
    """The plan's cities and every county of the province whose name names it alone (as officers write them)."""
    found = list(PLAN_REGIONS)
    for city in regions.children("220000"):
        for region in (city, *regions.children(city.code)):
            named = regions.lookup(region.name, within="220000")
            if named is not None and named.code == region.code and region.code not in found:
                found.append(region.code)
    return found


def workbook(rows: int) -> bytes:
    """A valid upload of `rows` distinct (target, region, date) rows shaped as officers send them:
    every target for many regions, a row per report date, a note of its own in four rows of five;
    streamed by openpyxl."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("进展填报")
    ws.append(HEADER)
    pairs = [(t, r) for t in PLAN_TARGETS for r in officer_regions()]
    names = {code: regions.get(code).name for _, code in pairs}
    for i in range(rows):
        target, region = pairs[i % len(pairs)]
        day = START + dt.timedelta(days=i // len(pairs))
        note = f"{names[region]}第{i // len(pairs) + 1}期进展，附佐证材料{i % 7 + 1}份" if i % 5 else ""
        ws.append([target, "", names[region], day, i // len(pairs) // 25, note])  # within 10x allocation
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class InProcessReader:
    """The sandbox's Reader with the checks and calamine run in this process: the read before the child."""

    def __enter__(self) -> InProcessReader:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def read(self, data: bytes, filename: str, settings: Settings, preferred: str) -> SheetRead:
        found = container.open_container(data, filename, settings)
        part = container.choose_sheet(found, preferred, filename)
        with pc.CalamineWorkbook.from_object(io.BytesIO(data)) as book:
            sheet = book.get_sheet_by_name(part.name)
            grid, merged = sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or []
        return SheetRead(part.name, found.scans.get(part.path, SheetScan()), grid, merged)


def _check_s(engine, data: bytes, rows: int, today: dt.date) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    checked = uploads.check(engine, data, "bench.xlsx", User("bench", "admin", ()), today=today)
    elapsed = time.perf_counter() - started
    if checked.errors or len(checked.rows) != rows:
        raise RuntimeError(f"benchmark workbook did not validate: {checked.errors[:3]}")
    return elapsed


def _in_process_check_s(engine, data: bytes, rows: int, today: dt.date) -> float:  # type: ignore[no-untyped-def]
    sandboxed, excel.Reader = excel.Reader, InProcessReader  # type: ignore[misc]
    try:
        return _check_s(engine, data, rows, today)
    finally:
        excel.Reader = sandboxed  # type: ignore[misc]


def _calamine_s(data: bytes) -> float:
    """python-calamine's bare read of every sheet of the workbook, from a file as officers' files are read."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xlsx"
        path.write_bytes(data)
        started = time.perf_counter()
        with pc.CalamineWorkbook.from_path(str(path)) as book:
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()
        return time.perf_counter() - started


def measure(rows: int = 50_000, rounds: int = 3) -> dict:
    """Seconds for uploads.check (best of `rounds`, alternating with the same check with no spare reader
    child waiting, the in-process read and the bare calamine read) and for pandas' openpyxl read of the
    same workbook."""
    data = workbook(rows)
    engine = store.make_engine("sqlite://")
    store.init_store(engine)
    today = START + dt.timedelta(days=rows)
    sandboxed, no_spare, in_process, calamine = [], [], [], []
    for _ in range(rounds):
        sandbox.SPARES.clear()  # as for a server process's first check: the reader child starts now
        no_spare.append(_check_s(engine, data, rows, today))
        sandboxed.append(_check_s(engine, data, rows, today))  # the spare booted after the one before
        in_process.append(_in_process_check_s(engine, data, rows, today))
        calamine.append(_calamine_s(data))
    started = time.perf_counter()
    frame = pd.read_excel(io.BytesIO(data), engine="openpyxl")
    pandas_s = time.perf_counter() - started
    assert len(frame) == rows
    engine.dispose()
    return {"validate_50k_s": round(min(sandboxed), 3), "validate_50k_in_process_s": round(min(in_process), 3),
            "validate_sandbox_ratio": round(min(sandboxed) / min(in_process), 2),
            "pandas_openpyxl_read_50k_s": round(pandas_s, 3), "calamine_read_50k_s": round(min(calamine), 3),
            "validate_vs_pandas": round(min(sandboxed) / pandas_s, 2),
            "validate_vs_calamine": round(min(sandboxed) / min(calamine), 2), "validate_rows": rows,
            "validate_50k_no_spare_s": round(min(no_spare), 3),
            "validate_no_spare_vs_calamine": round(min(no_spare) / min(calamine), 2),
            "workbook_mb": round(len(data) / 1024 / 1024, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    figures = measure(parser.parse_args().rows)
    ratio = figures["validate_50k_s"] / figures["pandas_openpyxl_read_50k_s"]
    print(f"validate (uploads.check)          {figures['validate_50k_s']:.3f} s")  # noqa: T201
    print(f"pandas.read_excel(engine=openpyxl) {figures['pandas_openpyxl_read_50k_s']:.3f} s")  # noqa: T201
    print(f"ratio                              {ratio:.2f} (goal at most 0.3)")  # noqa: T201
    print(f"python-calamine bare read          {figures['calamine_read_50k_s']:.3f} s")  # noqa: T201
    print(f"validate / calamine                {figures['validate_vs_calamine']:.2f} (goal at most 3)")  # noqa: T201
    print(f"the same, no spare child waiting   {figures['validate_50k_no_spare_s']:.3f} s"  # noqa: T201
          f" ({figures['validate_no_spare_vs_calamine']:.2f} x calamine)")
    print(f"validate, calamine in this process {figures['validate_50k_in_process_s']:.3f} s")  # noqa: T201
    print(f"child process / in process         {figures['validate_sandbox_ratio']:.2f}")  # noqa: T201


if __name__ == "__main__":
    main()
