"""How long the store's write lock is held by a large import, and what a small write waits meanwhile.

A 50,000-row import goes into the million-row store while a second connection keeps making the
smallest shown write (a login's audit row waits the same way): `longest_write_lock_ms` is the
longest any of those small writes waited, `import_50k_into_full_s` the import's own time.

    python -m benchmarks.write_bench STORE [--rows N]

STORE is an SQLite file or a database URL (e.g. a PostgreSQL copy of the million-row store).
The import adds new versions to the store it is given: measure on a copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import threading
import time
from pathlib import Path

from sqlmodel import Session

from benchmarks import generate
from targets import store
from targets.store.models import ReportIn
from targets.store.versions import begin_write


def _rows(count: int, targets: int) -> list[ReportIn]:
    counties = generate.counties()
    day = dt.date(2025, 1, 15)
    rows = [ReportIn(target=f"{generate.PLAN_ID}-t{t:02d}", region=c, date=day, value=1.0, note="基准")
            for t in range(1, targets + 1) for c in counties]
    return rows[:count]


def measure(db: Path | str, count: int = 50_000, targets: int = 30) -> dict[str, float]:
    engine = store.make_engine(db if isinstance(db, str) else f"sqlite:///{db}")
    rows = _rows(count, targets)
    waits: list[float] = []
    done = threading.Event()

    def small_writes() -> None:
        with Session(engine) as session:
            while not done.is_set():
                t0 = time.perf_counter()
                begin_write(session)
                session.commit()
                waits.append(time.perf_counter() - t0)
                time.sleep(0.005)

    prober = threading.Thread(target=small_writes)
    prober.start()
    time.sleep(0.1)
    t0 = time.perf_counter()
    store.import_reports(engine, rows, user="bench", file="big.xlsx")
    elapsed = time.perf_counter() - t0
    time.sleep(0.1)
    done.set()
    prober.join()
    engine.dispose()
    return {"import_50k_into_full_s": round(elapsed, 2), "longest_write_lock_ms": round(max(waits) * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("store", help="an SQLite file or a database URL (a copy: the import stays in it)")
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    where: Path | str = args.store if "://" in args.store else Path(args.store)
    print(json.dumps(measure(where, args.rows)))  # noqa: T201


if __name__ == "__main__":
    main()
