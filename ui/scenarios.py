"""View models of the what-if page: the status rows as scenario cases, outcomes now and under the scenario.

What counts as gained or lost is the method's (targets.method.whatif.compare); this module only
names and orders the rows for display.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from targets import messages
from targets.method import whatif
from ui import data, series
from ui.strings import CHANGE_LABELS_WHATIF, OUTCOME_LABELS_WHATIF, d

# Most worrying first: what changed, then the outcomes that miss, then those that make it.
OUTCOME_ORDER = {"never": 0, "late": 1, "overdue": 2, "no_data": 3, "not_projectable": 4, "on_time": 5, "met": 6}
CHANGE_ORDER = {"lost": 0, "gained": 1, "same": 2}


@dataclass(frozen=True)
class Comparison:
    met_now: tuple[int, int]
    met_then: tuple[int, int]
    gained: int
    lost: int
    summary: whatif.Summary  # the scenario in one line (on time, the last on time, missed)
    targets: pd.DataFrame
    regions: pd.DataFrame


def cases(table: pd.DataFrame) -> list[whatif.Case]:
    """One scenario case per status row (its target as the region carries it, and its reports)."""
    return whatif.cases(table, {t.id: t for p in data.plans() for t in p.targets}, series.all_observations())


def baseline() -> whatif.Scenario:
    """The status method's own projection: the recent pace over the configured window, nothing changed."""
    return whatif.baseline(data.settings().forecast_window_months)


def compare(table: pd.DataFrame, scenario: whatif.Scenario, as_of: dt.date) -> Comparison:
    """Outcomes now (baseline) and under `scenario`, per target and region and per region."""
    all_cases = cases(table)
    known = data.whatif_baseline(as_of)  # the status method's projection, computed once per data version
    now = [(c, known[(c.target, c.region)]) for c in all_cases]
    then = whatif.run(all_cases, as_of, scenario)
    compared = whatif.compare(now, then)
    names = dict(zip(zip(table["target"], table["region"]), zip(table["name"], table["region_name"], table["unit"])))
    records = []
    for case, old, out, change in compared:
        name, region_name, unit = names[(case.target, case.region)]
        records.append({
            d("target"): name, d("region"): region_name,
            d("outcome_now"): OUTCOME_LABELS_WHATIF[old.code], d("outcome"): OUTCOME_LABELS_WHATIF[out.code],
            d("change"): CHANGE_LABELS_WHATIF[change], d("when"): str(out.when or "—"),
            d("scenario_deadline"): str(out.deadline), d("monthly"): messages.per_month(out.monthly, unit),
            d("required"): messages.per_month(out.required, unit, up=True),
            "_order": (CHANGE_ORDER[change], OUTCOME_ORDER[out.code]),
        })
    frame = pd.DataFrame(records)
    if not frame.empty:
        frame = frame.sort_values("_order", kind="stable").drop(columns="_order")
    per_now, per_then = whatif.by_region(now), whatif.by_region(then)
    regions = pd.DataFrame({
        d("region"): [data.region_name(r) for r in per_now],
        d("kpi_met_now"): [d("met_of", met=m, total=n) for m, n in per_now.values()],
        d("kpi_met_scenario"): [d("met_of", met=per_then.get(r, (0, 0))[0], total=per_then.get(r, (0, 0))[1])
                                for r in per_now],
    })
    changes = whatif.change_counts(compared)
    return Comparison(whatif.met_count(now), whatif.met_count(then), changes["gained"], changes["lost"],
                      whatif.summary(then), frame, regions)


def defaults() -> dict[str, object]:
    """The what-if widgets' values for the status method's own projection (session key → value)."""
    return {"whatif_window": data.settings().forecast_window_months, "whatif_pace": 0, "whatif_shift": 0,
            "whatif_exclude": False}


def url_values(window: int, pace: int, shift: int, exclude: bool) -> dict[str, str]:
    """The what-if choices as query parameters (ui.query.WHATIF), defaults left out."""
    values = {"window": str(window) if window != data.settings().forecast_window_months else "",
              "pace": str(pace) if pace else "", "shift": str(shift) if shift else "",
              "exclude": "1" if exclude else ""}
    return {k: v for k, v in values.items() if v}


def sentence(scenario: whatif.Scenario) -> str:
    """The scenario in one line of words."""
    return d("scenario", window=scenario.window,
             pace=d("scenario_pace", pace=scenario.pace_change) if scenario.pace_change else "",
             shift=d("scenario_shift", months=scenario.deadline_shift) if scenario.deadline_shift else "",
             exclude=d("scenario_exclude") if scenario.exclude_uncertain else "")
