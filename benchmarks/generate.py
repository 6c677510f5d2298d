"""Scale data for the benchmarks: a synthetic county-level plan over every mainland county.

30 cumulative targets × ~2,850 counties × 12 monthly reports ≈ 1,000,000 progress rows, written
straight into a SQLite store in one transaction (the store's own tables and versioning columns).
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import tempfile
from pathlib import Path

import yaml

from targets import clock, store
from targets.config import PLANS_DIR
from targets.plans import regions

PLAN_ID = "bench"
START, DEADLINE = dt.date(2024, 1, 1), dt.date(2026, 12, 31)


def counties() -> list[str]:
    """Mainland county-level codes (Hong Kong, Macau and Taiwan report nothing)."""
    return [r.code for r in regions.all_regions() if r.level == "county" and not r.code.startswith(("71", "81", "82"))]


def plan_file(directory: Path, targets: int, codes: list[str]) -> Path:
    """Write the synthetic plan definition (YAML, same schema as data/plans)."""
    doc = {
        "plan": {"id": PLAN_ID, "title": "benchmark", "issuer": "", "doc_number": "", "issued": START,
                 "scope": "national", "region": "100000", "region_level": "county", "regions": codes,
                 "source_file": "", "kind": "plan", "note": ""},
        "targets": [
            {"id": f"{PLAN_ID}-t{i:02d}", "name": f"bench {i}", "category": "bench", "kind": "cumulative",
             "unit": "x", "baseline": 0, "target": 1000 * len(codes), "target_max": None, "comparator": "ge",
             "start": START, "deadline": DEADLINE, "milestones": {}, "due": None, "per_region": False,
             "allocation": {"mode": "even", "each": None, "shares": {}}, "lead": f"lead {i % 5}",
             "responsible": [], "clause": "", "source_quote": "bench", "uncertain": False,
             "uncertain_reason": "", "best_reading": "", "reported": []}
            for i in range(1, targets + 1)
        ],
    }
    path = directory / f"{PLAN_ID}.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def build(db_path: Path, targets: int = 30, months: int = 12, seed: int = 1) -> int:
    """Create a store at db_path with the real plans, the bench plan and its reports; returns rows."""
    codes = counties()
    with tempfile.TemporaryDirectory() as tmp:
        plans_dir = Path(tmp)
        plan_file(plans_dir, targets, codes)
        for real in PLANS_DIR.glob("*.yaml"):
            (plans_dir / real.name).write_text(real.read_text(encoding="utf-8"), encoding="utf-8")
        engine = store.make_engine(f"sqlite:///{db_path}")
        store.init_store(engine, plans_dir)
        engine.dispose()
    rng = random.Random(seed)
    now = clock.utcnow().isoformat(sep=" ")
    conn = sqlite3.connect(db_path)
    with conn:
        cur = conn.execute(
            "INSERT INTO upload (user, time, file, sha256, rows, outcome, reverted, source) "
            "VALUES ('bench', ?, 'bench.xlsx', '', 0, 'committed', 0, 'upload')", (now,))
        upload = cur.lastrowid
        rows = []
        for i in range(1, targets + 1):
            for code in codes:
                speed, value = rng.uniform(0.5, 1.3), 0.0
                for m in range(months):
                    day = dt.date(START.year + (m + 1) // 12, (m + 1) % 12 + 1, 1) - dt.timedelta(days=1)
                    value += 1000 / 36 * speed * rng.uniform(0.8, 1.2)
                    rows.append((f"{PLAN_ID}-t{i:02d}", code, day.isoformat(), round(value), "", 1, upload,
                                 "bench", now))
        conn.executemany(
            "INSERT INTO report (target, region, date, value, note, version, upload, user, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("UPDATE upload SET rows = ? WHERE id = ?", (len(rows), upload))
    conn.close()
    return len(rows)


if __name__ == "__main__":
    import sys
    import time

    t0 = time.perf_counter()
    n = build(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench.db"))
    print(f"{n} rows in {time.perf_counter() - t0:.1f}s")
