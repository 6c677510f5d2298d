"""The shortcuts the status method takes at a million cells give the answers of the plain way."""

from __future__ import annotations

import calendar
import datetime as dt
import random

from targets.method import status, tracking
from targets.method.status import Spec, add_months, days_in_month, evaluate, months_between
from targets.plans.definitions import Plan, Target


def test_month_lengths_are_the_calendar_s():
    for year in range(1896, 2105):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1]


def _add_months_plainly(day: dt.date, months: float) -> dt.date:
    whole = int(months)
    index = day.month - 1 + whole
    year, month = day.year + index // 12, index % 12 + 1
    base = dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return base + dt.timedelta(days=round((months - whole) * 30.44))


def test_dates_months_apart_are_those_of_the_plain_rule():
    rng = random.Random(3)
    for _ in range(5000):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        months = rng.choice([rng.randint(-30, 30), rng.uniform(-30, 30)])
        assert add_months(day, months) == _add_months_plainly(day, months)
        other = day + dt.timedelta(days=rng.randrange(-900, 900))
        whole = (other.year - day.year) * 12 + (other.month - day.month)
        assert months_between(day, other) == whole + (other.day - day.day) / calendar.monthrange(
            other.year, other.month)[1]


def test_cells_keep_the_plan_s_region_order_and_regions_with_equal_shares_share_a_spec():
    t = Target(id="p-t01", plan="p", name="n", category="c", kind="cumulative", unit="户", baseline=2.0,
               target=10.0, target_max=None, comparator="ge", start=dt.date(2023, 1, 1),
               deadline=dt.date(2025, 12, 31), milestones=((2024, 6.0),))
    plan = Plan(id="p", title="", issuer="", doc_number="", issued=None, scope="city", region="220000",
                region_level="prefecture", regions=("220200", "220100", "220300"), source_file="", targets=(t,))
    shares = {"999002": 2.0, "220100": 1.0, "999001": 1.0, "220200": 1.0, "220300": 3.0}
    found = tracking.cells((plan,), {t.id: shares})
    assert [c.region for c in found] == ["220200", "220100", "220300", "999001", "999002"]
    for c in found:
        assert c.spec == tracking.region_spec(t, c.share)
        assert evaluate(c.spec, [(dt.date(2024, 6, 30), 0.5)], dt.date(2024, 9, 30)) == evaluate(
            tracking.region_spec(t, c.share), [(dt.date(2024, 6, 30), 0.5)], dt.date(2024, 9, 30))
    assert found[1].spec is found[3].spec  # 220100 and 999001 both carry 1.0
    assert status.end_of(dt.date(2024, 12, 31)) == dt.date(2025, 1, 1)
    assert isinstance(found[0].spec, Spec)
