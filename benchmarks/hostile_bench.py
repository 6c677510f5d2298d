"""Every hostile workbook of the test table through `python -m targets validate`, each under a
1 GB address-space limit: how many are refused with a sentence, and the peak memory of each.

    python -m benchmarks.hostile_bench [--json] [--limit-mb N]

Peak memory is the largest resident size of any process a run started (the command line and
its reader child), from getrusage(RUSAGE_CHILDREN).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.unit.hostile_workbooks import HOSTILE
from tests.unit.test_hostile_workbooks import LIMITED

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")


def run_one(path: Path, limit_mb: int, env: dict[str, str]) -> dict:
    """Exit code, peak memory, seconds and the last stderr line of one validate run."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LIMITED, str(limit_mb), sys.executable, "-m", "targets",
                           "validate", str(path)], capture_output=True, text=True, env=env, cwd=ROOT)
    run = json.loads(done.stdout)
    lines = run["stderr"].strip().splitlines() or [""]
    return {"code": run["code"], "peak_mb": run["peak_mb"], "seconds": round(time.perf_counter() - started, 1),
            "sentence": bool(CJK.search(lines[-1])) and "Traceback" not in run["stderr"], "said": lines[-1][:60]}


def measure(limit_mb: int = 1024) -> dict:
    """Per case and in total: refused (exit 2 with a sentence) / tried, and the worst peak."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/targets.db", PYTHONPATH=str(ROOT))
        cases = {}
        for name, build in HOSTILE.items():
            path = Path(tmp) / f"{name}.xlsx"
            path.write_bytes(build())
            cases[name] = run_one(path, limit_mb, env)
    worst = max(cases, key=lambda n: cases[n]["peak_mb"])
    refused = sum(1 for c in cases.values() if c["code"] == 2 and c["sentence"])
    return {"hostile_refused": refused, "hostile_tried": len(cases), "hostile_survived": sum(
        1 for c in cases.values() if c["code"] >= 0 and c["sentence"]), "hostile_worst": worst,
        "hostile_worst_peak_mb": cases[worst]["peak_mb"], "cases": cases}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--limit-mb", type=int, default=1024)
    args = parser.parse_args()
    figures = measure(args.limit_mb)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))  # noqa: T201
        return
    for name, case in figures["cases"].items():
        print(f"{name:38} exit {case['code']:>3}  peak {case['peak_mb']:>5} MB  {case['seconds']:>5} s  "  # noqa: T201
              f"{case['said']}")
    print(f"refused {figures['hostile_refused']} / tried {figures['hostile_tried']}; survived "  # noqa: T201
          f"{figures['hostile_survived']}; worst peak {figures['hostile_worst_peak_mb']} MB "
          f"({figures['hostile_worst']})")


if __name__ == "__main__":
    main()
