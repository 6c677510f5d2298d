"""View models of the what-if page: the status rows as scenario cases, outcomes now and under the scenario.

What counts as gained or lost is the method's (targets.method.whatif.compare); this module only
names and orders the rows for display.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from targets import messages
from targets.config import TABLE_ROWS_SHOWN
from targets.method import whatif
from ui import data
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
    targets: pd.DataFrame  # the first TABLE_ROWS_SHOWN rows, most worrying first
    rows: int  # how many rows there are in all
    all_targets: Callable[[], pd.DataFrame]  # every row, for the download (built on click)
    regions: pd.DataFrame


def baseline() -> whatif.Scenario:
    """The status method's own projection: the recent pace over the configured window, nothing changed."""
    return whatif.baseline(data.settings().forecast_window_months)


def _rows(names: pd.DataFrame, now: pd.DataFrame, then: pd.DataFrame, changes: pd.Series) -> pd.DataFrame:
    """The rows for display, in the order given."""
    units = names["unit"].to_numpy(dtype=object)
    return pd.DataFrame({
        d("target"): names["name"].to_numpy(), d("region"): names["region_name"].to_numpy(),
        d("outcome_now"): now["code"].map(OUTCOME_LABELS_WHATIF).to_numpy(),
        d("outcome"): then["code"].map(OUTCOME_LABELS_WHATIF).to_numpy(),
        d("change"): changes.map(CHANGE_LABELS_WHATIF).to_numpy(),
        d("when"): then["when"].dt.strftime("%Y-%m-%d").fillna("—").to_numpy(),
        d("scenario_deadline"): then["deadline"].dt.strftime("%Y-%m-%d").to_numpy(),
        d("monthly"): [messages.per_month(_number(m), u) for m, u in zip(then["monthly"], units)],
        d("required"): [messages.per_month(_number(r), u, up=True) for r, u in zip(then["required"], units)],
    })


def _ordered(codes: pd.Series, order: dict[str, int]) -> np.ndarray:
    """Each row's place in `order`, through the categorical's codes (no text compared per row)."""
    places = np.array([order[c] for c in codes.cat.categories])
    return places[codes.cat.codes.to_numpy()]


def _picked(outcomes: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """The rows of `outcomes` whose labels are in `index`, in its order (positions, not labels, taken)."""
    at = outcomes.index.get_indexer(index)
    return outcomes.take(at[at >= 0])


def _number(value: float) -> float | None:
    return None if value != value else float(value)


def compare(table: pd.DataFrame, scenario: whatif.Scenario, as_of: dt.date) -> Comparison:
    """Outcomes now (baseline) and under `scenario`, per target and region and per region.

    The outcomes of every row come cached per scenario (ui.data.whatif_outcomes): a filter change
    picks the table's rows; only the rows shown are put into words, the download puts every row
    into words when it is clicked."""
    baseline, outcomes = data.whatif_baseline(as_of), data.whatif_outcomes(as_of, scenario)
    now, then = _picked(baseline, table.index), _picked(outcomes, table.index)  # then: without the uncertain if asked
    changes = whatif.compare(now, then)
    rank = np.lexsort((_ordered(then["code"], OUTCOME_ORDER), _ordered(changes, CHANGE_ORDER)))
    order = then.index[rank]
    names = table[["name", "region_name", "unit"]]  # taken for the rows put into words only

    def rows(n: int | None = None) -> pd.DataFrame:
        shown = order if n is None else order[:n]
        return _rows(names.loc[shown], now.loc[shown], then.loc[shown], changes.loc[shown])

    per_now, per_then = whatif.by_region(now), whatif.by_region(then)
    met_of = d("met_of").format  # once, for a country's 2,845 counties
    regions = pd.DataFrame({
        d("region"): [data.region_name(r) for r in per_now],
        d("kpi_met_now"): [met_of(met=m, total=n) for m, n in per_now.values()],
        d("kpi_met_scenario"): [met_of(met=per_then.get(r, (0, 0))[0], total=per_then.get(r, (0, 0))[1])
                                for r in per_now],
    })
    counts = whatif.change_counts(changes)
    return Comparison(whatif.met_count(now), whatif.met_count(then), counts["gained"], counts["lost"],
                      whatif.summary(then), rows(TABLE_ROWS_SHOWN), len(order), rows, regions)


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
