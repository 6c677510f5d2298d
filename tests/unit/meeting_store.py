"""A known store for the meeting tests: a few jl-2022 reports at 2023-06-30 (month 18 of 36)."""

from __future__ import annotations

import datetime as dt

from targets import store
from targets.store.models import ReportIn

AS_OF = dt.date(2023, 6, 30)


def report(target: str, region: str, value: float, day: dt.date = AS_OF) -> ReportIn:
    return ReportIn(target=target, region=region, date=day, value=value)


def seed(engine) -> dict[str, int]:
    """jl-2022-t02 (5 份, province-wide): 2 → behind (pace 0.80); t01 (300 户, 27.3 each):
    长春 20 (on track), 吉林市 5 (off track); t09 milestone done by 长春's province. Upload ids by name."""
    first = store.import_reports(engine, [
        report("jl-2022-t02", "220000", 2), report("jl-2022-t01", "220100", 20),
        report("jl-2022-t01", "220200", 5)], user="office", file="first.xlsx")
    second = store.import_reports(engine, [report("jl-2022-t04", "220100", 30, dt.date(2023, 3, 31))],
                                  user="office", file="second.xlsx")
    return {"first": first, "second": second}
