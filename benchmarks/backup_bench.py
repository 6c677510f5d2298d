"""Backup and restore of the million-row store, as an operator runs them (`python -m targets backup|restore`).

`measure(db)` times `backup -o FILE` of the store, `restore FILE` into a new empty store, and
compares `reports --json --all-versions` and `uploads --json` of both (a digest of each command's
whole output). Then it takes a second backup while a 50,000-row import into the store is under
way (in this process, so that the two are known to overlap) and checks that the backup holds every
upload either whole or not at all (the consistency the contract promises). The timed commands run as
processes of their own, as an operator's would (process start included).

`python benchmarks/backup_bench.py STORE.db [--json]` measures a copy of an existing store.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import write_bench  # noqa: E402
from targets import store  # noqa: E402
from targets.store import backup  # noqa: E402


def _cli(url: str, *args: str, digest: bool = False) -> tuple[float, str]:
    """Seconds one `python -m targets …` took against `url`, and the sha256 of its stdout (with `digest`)."""
    env = {**os.environ, "DATABASE_URL": url}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "targets", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    hasher = hashlib.sha256()
    assert proc.stdout is not None
    for chunk in iter(lambda: proc.stdout.read(1 << 20), b""):  # type: ignore[union-attr]
        if digest:
            hasher.update(chunk)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.wait() != 0:
        raise RuntimeError(f"targets {' '.join(args)} exited {proc.returncode}: {err[-500:]}")
    return time.perf_counter() - t0, hasher.hexdigest()


def _whole_uploads(backup: Path) -> tuple[int, int]:
    """(uploads in the backup, those whose report rows are not all there)."""
    with sqlite3.connect(backup) as conn:
        rows = conn.execute("SELECT u.id, u.rows, COUNT(r.id) FROM upload u LEFT JOIN report r ON r.upload = u.id "
                            "WHERE u.outcome = 'committed' AND u.source = 'upload' GROUP BY u.id").fetchall()
    return len(rows), sum(1 for _id, expected, held in rows if held != expected)


def _during_import(url: str, backup_path: Path, targets: int) -> dict[str, object]:
    """A backup taken (in this process, so its start and end are known) while a 50,000-row import runs.

    Consistent means every upload in the backup is whole; `…_backup_ended_first` says whether the
    backup finished before the import committed (then the import must be absent from it).
    """
    engine = store.make_engine(url)
    rows = write_bench._rows(50_000, targets)
    times: dict[str, float] = {}

    def importing() -> None:
        times["import_start"] = time.perf_counter()
        store.import_reports(engine, rows, user="bench", file="during-backup.xlsx")
        times["import_end"] = time.perf_counter()

    writer = threading.Thread(target=importing)
    writer.start()
    time.sleep(1.0)  # the import is under way (it takes several seconds at this scale)
    t0 = time.perf_counter()
    backup.backup(engine, backup_path)
    t1 = time.perf_counter()
    writer.join()
    engine.dispose()
    uploads, partial = _whole_uploads(backup_path)
    with sqlite3.connect(backup_path) as conn:
        has_import = conn.execute("SELECT COUNT(*) FROM upload WHERE file = 'during-backup.xlsx'").fetchone()[0]
    return {
        "import_during_backup_s": round(times["import_end"] - times["import_start"], 1),
        "backup_during_import_s": round(t1 - t0, 1),
        "backup_during_import_ended_first": t1 < times["import_end"],
        "backup_during_import_has_import": bool(has_import),
        "backup_during_import_partial_uploads": f"{partial} of {uploads}",
    }


def measure(db_path: Path, targets: int = 30) -> dict[str, object]:
    """Backup and restore figures of the store at `db_path` (an SQLite file; it gets one more import)."""
    db_path = Path(db_path)
    url = f"sqlite:///{db_path}"
    with tempfile.TemporaryDirectory(prefix="backup-bench-", dir=db_path.parent) as tmp:
        saved, restored = Path(tmp) / "store.backup", Path(tmp) / "restored.db"
        backup_s, _ = _cli(url, "backup", "-o", str(saved))
        restored_url = f"sqlite:///{restored}"
        restore_s, _ = _cli(restored_url, "restore", str(saved))
        same = all(_cli(url, *cmd, digest=True)[1] == _cli(restored_url, *cmd, digest=True)[1]
                   for cmd in (("reports", "--json", "--all-versions"), ("uploads", "--json")))
        figures: dict[str, object] = {
            "backup_s": round(backup_s, 1),
            "restore_s": round(restore_s, 1),
            "backup_mb": round(saved.stat().st_size / 1e6, 1),
            "store_mb": round(db_path.stat().st_size / 1e6, 1),
            "restored_reports_identical": same,
        }
        figures.update(_during_import(url, Path(tmp) / "during.backup", targets))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("store", type=Path, help="an SQLite store (a copy is measured)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backup-bench-copy-") as tmp:
        copy = Path(tmp) / "store.db"
        shutil.copyfile(args.store, copy)
        figures = measure(copy)
    sys.stdout.write((json.dumps(figures) if args.json else
                      "\n".join(f"{k:<40}{v}" for k, v in figures.items())) + "\n")


if __name__ == "__main__":
    main()
