"""A known store for the meeting tests: a few jl-2022 reports at 2023-06-30 (month 18 of 36)."""

from __future__ import annotations

import datetime as dt

from targets import store
from targets.store.models import ReportIn

AS_OF = dt.date(2023, 6, 30)


def report(target: str, region: str, value: float, day: dt.date = AS_OF) -> ReportIn:
    return ReportIn(target=target, region=region, date=day, value=value)


def seed(engine) -> dict[str, int]:
    """jl-2022-t02 (5 份, province-wide): 2 → behind (pace 0.80); t01 (300 户, one province-wide total):
    长春 contributes 20 and 吉林市 5, 25 in all → off track; t08 (a service station in each 市州):
    吉林市's built (done) in the second upload. Upload ids by name."""
    first = store.import_reports(engine, [
        report("jl-2022-t02", "220000", 2), report("jl-2022-t01", "220100", 20),
        report("jl-2022-t01", "220200", 5)], user="office", file="first.xlsx")
    second = store.import_reports(engine, [report("jl-2022-t08", "220200", 1, dt.date(2023, 3, 31))],
                                  user="office", file="second.xlsx")
    return {"first": first, "second": second}
