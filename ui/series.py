"""View models of the burn-down page: planned, actual and forecast series per region, and timelines.

A target allocated to several regions is also shown as a whole: the planned line of the whole
target, and as actual its total over regions (targets.method.aggregate.summed; additive kinds
only, a rate or a duty has no meaningful sum).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from targets import messages
from targets.method import aggregate, burndown
from targets.method.status import DUTY_KINDS, Result, Spec, duty_events, evaluate
from targets.method.tracking import region_spec
from targets.plans.definitions import Target
from ui import data
from ui.strings import d

Obs = list[tuple[dt.date, float]]


MULTIPLES_MAX = 24  # small multiples drawn at most (the most lagging regions first)


def all_observations() -> dict[tuple[str, str], Obs]:
    """Every (target, region)'s reports as date-sorted (date, value) pairs (shared, read-only)."""
    return data.observations()


@dataclass(frozen=True)
class Burn:
    """One target in one region (or all its regions summed): spec, reports, status and forecast."""

    target: Target
    region: str | None
    spec: Spec
    observations: Obs
    result: Result
    forecast: burndown.Forecast


def burns_down(target: Target | None) -> bool:
    """Whether a target has an amount that burns down (not a milestone or a yearly duty)."""
    return target is not None and target.kind not in DUTY_KINDS


def target_options(table: pd.DataFrame) -> dict[str, str]:
    """Target id → name for every target in the (filtered) status table, in table order."""
    if table.empty:
        return {}
    firsts = ~table["target"].duplicated().to_numpy()  # one row per target (over the coded ids: no text compared)
    return dict(zip(table["target"].to_numpy()[firsts].tolist(), table["name"].to_numpy()[firsts].tolist()))


def region_options(table: pd.DataFrame, target_id: str) -> dict[str, str]:
    """Region code → name of the regions tracking the target."""
    rows = table[table["target"] == target_id]
    return dict(zip(rows["region"], rows["region_name"]))


def can_sum(target: Target, regions: dict[str, str]) -> bool:
    """Whether the target has an 'all regions' total (targets.method.aggregate.can_sum)."""
    return aggregate.can_sum(target.kind, len(regions))


def burn(target: Target, table: pd.DataFrame, region: str | None, as_of: dt.date,
         obs: dict[tuple[str, str], Obs] | None = None) -> Burn:
    """The burn-down of the target in one region, or summed over its regions when `region` is None."""
    rows = table[table["target"] == target.id]
    obs = all_observations() if obs is None else obs
    if region is None:  # the whole: the sum of the regions' shares (each region's 1 adds up to 9 for 9 市州)
        spec = region_spec(target, float(rows["share"].sum()) if len(rows) else None)
        pairs = aggregate.summed([obs.get((target.id, r), []) for r in rows["region"]])
    else:
        share = _shares(rows).get(region)
        spec = region_spec(target, float(share) if share is not None else None)
        pairs = obs.get((target.id, region), [])
    window = data.settings().forecast_window_months
    return Burn(target, region, spec, pairs, evaluate(spec, pairs, as_of),
                burndown.forecast(spec, pairs, as_of, window))


def _shares(rows: pd.DataFrame) -> dict[str, float]:
    """Each region's share of the target: its first row's."""
    shares: dict[str, float] = {}
    for region, share in zip(rows["region"].tolist(), rows["share"].tolist()):
        shares.setdefault(region, share)
    return shares


def remaining_now(b: Burn) -> float | None:
    """What is still to do at the latest report (None before any report)."""
    return None if b.result.actual is None else burndown.remaining(b.spec, b.result.actual)


def explanation(b: Burn, as_of: dt.date) -> str:
    """The status line of a burn-down, in the words of targets.messages.explain."""
    r, fc = b.result, b.forecast
    row = {"status": r.status, "as_of": as_of, "actual": r.actual, "expected": r.expected, "pace": r.pace,
           "completion": r.completion, "required_monthly": fc.required_monthly,
           "forecast_date": fc.forecast_date, "period": r.period, "deadline": b.spec.deadline}
    return messages.explain(row, b.target.unit, b.target.kind, b.spec.target)


def lines(b: Burn, as_of: dt.date, up: bool) -> pd.DataFrame:
    """Long frame (date, value, series) of the planned, actual and forecast lines.

    Burn-down values are what remains (targets.burndown.remaining); burn-up values are the
    cumulative amounts themselves.
    """
    window = data.settings().forecast_window_months
    records = _records(b.spec, b.observations, as_of, up)
    records += _points(b.spec, "series_forecast", burndown.forecast_series(b.spec, b.observations, as_of, window), up)
    return pd.DataFrame(records, columns=["date", "value", "series"])


def _records(spec: Spec, observations: Obs, as_of: dt.date, up: bool) -> list[dict]:
    """The planned and the actual line's points (date, value, series) of one burn-down."""
    actual = [(spec.start, spec.baseline or 0.0)] + [o for o in observations if o[0] <= as_of]
    return _points(spec, "series_planned", burndown.planned_series(spec), up) + \
        _points(spec, "series_actual", actual, up)


def _points(spec: Spec, key: str, points: Obs, up: bool) -> list[dict]:
    series = d(key)
    return [{"date": pd.Timestamp(day), "value": value if up else burndown.remaining(spec, value), "series": series}
            for day, value in points]


def multiples_regions(table: pd.DataFrame, target_id: str) -> dict[str, str]:
    """The regions drawn as small multiples: all, or the MULTIPLES_MAX most lagging (lowest pace)."""
    rows = table[table["target"] == target_id]
    if len(rows) > MULTIPLES_MAX:
        rows = rows.sort_values(["pace", "completion"], na_position="first").head(MULTIPLES_MAX)
    return dict(zip(rows["region"], rows["region_name"]))


def small_multiples(target: Target, table: pd.DataFrame, as_of: dt.date, up: bool) -> pd.DataFrame:
    """Planned and actual lines of each region drawn (see multiples_regions), with the region's name.
    Only what the lines need is worked out per region: its spec and reports (no status, no forecast)."""
    obs = all_observations()
    mine = table[table["target"] == target.id]  # once, not per region drawn (85,000 rows at national scale)
    shares = _shares(mine)
    records = []
    for region, name in multiples_regions(mine, target.id).items():
        spec = region_spec(target, float(shares[region]))
        records += [{**r, "region": name} for r in _records(spec, obs.get((target.id, region), []), as_of, up)]
    return pd.DataFrame(records, columns=["date", "value", "series", "region"])


def timeline(target: Target, table: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """One row per region and due date (recurring: each year; milestone: the deadline) with its state.

    The states are the method's (targets.method.status.duty_events): done, missed, open.
    """
    records = []
    obs = all_observations()
    rows = table[table["target"] == target.id]
    for region, name, share in zip(rows["region"], rows["region_name"], rows["share"]):
        spec = region_spec(target, float(share))
        for event in duty_events(spec, obs.get((target.id, region), []), as_of):
            records.append({"region": name, "date": pd.Timestamp(event.day), "due": pd.Timestamp(event.due),
                            "state": d(f"event_{event.state}"), "start": pd.Timestamp(spec.start),
                            "deadline": pd.Timestamp(spec.deadline)})
    return pd.DataFrame(records, columns=["region", "date", "due", "state", "start", "deadline"])


def region_rows(table: pd.DataFrame, target_id: str) -> pd.DataFrame:
    """Every region of the target with status and explanation, for display."""
    rows = table[table["target"] == target_id]
    return pd.DataFrame({d("region"): data.text(rows, "region_name"), d("status"): data.text(rows, "status_label"),
                         d("explanation"): data.text(rows, "explanation")})
