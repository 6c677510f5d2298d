"""The status board: the status table joined with names, units and the plain-words explanation.

What the pages show and what the meeting brief prints come from here, so a figure in the brief
equals the one on the page for the same filters and date. A `State` is everything the board is
computed from: the live store, or a meeting snapshot frozen in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from targets import clock, messages
from targets.config import Settings
from targets.method import tracking
from targets.plans import regions
from targets.plans.definitions import Plan, Target

Obs = dict[tuple[str, str], list[tuple[dt.date, float]]]
JOINED = ("name", "unit", "kind", "category", "lead", "uncertain", "deadline", "source_quote")
EXPLAINED = ["status", "as_of", "actual", "expected", "pace", "completion", "required_monthly",
             "forecast_date", "period", "deadline", "unit", "kind", "share", "rule"]  # what explain() reads


def board(plans: tuple[Plan, ...], allocations: dict[str, dict[str, float]], obs: Obs,
          as_of: dt.date | None, settings: Settings, today: dt.date | None = None,
          only: set[tuple[str, str]] | None = None) -> pd.DataFrame:
    """The status table (tracking.STATUS_COLUMNS) with definition fields, region names and
    explanations (`only`: the rows of those (target, region) cells alone)."""
    table = tracking.status_of(plans, allocations, obs, as_of, settings, today, only)
    if table.empty:
        return table
    defs = {t.id: t for p in plans for t in p.targets}
    for column in JOINED:
        table[column] = [getattr(defs[t], column) for t in table["target"]]
    table["target_value"] = table["share"]
    table["region_name"] = [regions.label(code) for code in table["region"]]
    table["status_label"] = table["status"].map(messages.STATUS_LABELS)
    table["explanation"] = [
        messages.explain(row, row["unit"], row["kind"], row["share"]) for row in table[EXPLAINED].to_dict("records")
    ]
    return table


def updated(previous: pd.DataFrame, plans: tuple[Plan, ...], allocations: dict[str, dict[str, float]],
            obs: Obs, pairs: frozenset[tuple[str, str]], as_of: dt.date | None, settings: Settings,
            today: dt.date | None = None) -> pd.DataFrame:
    """The board after the reports of `pairs` changed, from the `previous` board of the same plans,
    allocations and as-of date: only the cells those reports reach are computed again, so equal
    to `board(...)` in a fraction of the time. When a plan's as-of date moves (`as_of` None and a
    newer report date), every cell of the store is computed again."""
    if previous.empty:
        return board(plans, allocations, obs, as_of, settings, today)
    if as_of is None:
        today = today or clock.today(settings.time_zone)
        dates = dict(zip(previous["plan"], previous["as_of"]))
        if any(dates.get(p.id, tracking.plan_as_of(p, obs, today)) != tracking.plan_as_of(p, obs, today)
               for p in plans):
            return board(plans, allocations, obs, as_of, settings, today)
    redo = positions(previous, tracking.affected(plans, allocations, pairs))
    if not len(redo):
        return previous
    keys = set(zip(previous["target"].iloc[redo], previous["region"].iloc[redo]))
    fresh = board(plans, allocations, obs, as_of, settings, today, only=keys)
    if len(fresh) != len(redo):  # not the same cells: the previous board was of other definitions
        return board(plans, allocations, obs, as_of, settings, today)
    # the previous board with the redone rows put in place; a column none of them changes (names,
    # units, definitions: most of a board's memory) stays shared with the previous board
    table = previous.copy(deep=False)
    for column in previous.columns:
        old, new = previous[column].iloc[redo].reset_index(drop=True), fresh[column].reset_index(drop=True)
        if old.equals(new) and old.dtype == new.dtype:
            continue
        values = previous[column].copy()
        values.iloc[redo] = new.to_numpy(dtype=object) if values.dtype == object else new.to_numpy()
        table[column] = values.astype(previous[column].dtype)
    return table


def positions(table: pd.DataFrame, cells: set[tuple[str, str]]) -> np.ndarray:
    """The row positions of `table` whose (target, region) is one of `cells`, in table order."""
    if not cells:
        return np.arange(0)
    near = (table["target"].isin({t for t, _ in cells}) & table["region"].isin({r for _, r in cells})).to_numpy()
    found = np.flatnonzero(near)
    hit = [key in cells for key in zip(table["target"].iloc[found], table["region"].iloc[found])]
    return found[np.array(hit, dtype=bool)] if len(found) else found


@dataclass(frozen=True)
class State:
    """What a board is computed from: plans, allocations, current reports, each plan's as-of date.

    `name` is the meeting snapshot's name ('' for the live store); `dates` holds each plan's
    as-of date (for the live store: the filter's date or the plan's newest report date).
    """

    plans: tuple[Plan, ...]
    allocations: dict[str, dict[str, float]]
    reports: pd.DataFrame
    dates: dict[str, dt.date]
    settings: Settings
    demo: bool = False
    name: str = ""
    created: dt.datetime | None = None
    user: str = ""
    observations: Obs = field(default_factory=dict, compare=False)

    def plan(self, plan_id: str) -> Plan | None:
        """One plan of this state by id."""
        return next((p for p in self.plans if p.id == plan_id), None)

    def target(self, target_id: str) -> Target | None:
        """One target definition of this state by id."""
        return next((t for p in self.plans for t in p.targets if t.id == target_id), None)

    def obs(self) -> Obs:
        """The reports grouped by (target, region), pooled totals summed (the precomputed grouping if given)."""
        return self.observations or tracking.with_totals(self.plans, self.allocations,
                                                         tracking.observations(self.reports))


def make_state(plans: tuple[Plan, ...], allocations: dict[str, dict[str, float]], reports: pd.DataFrame,
               settings: Settings, as_of: dt.date | None = None, demo: bool = False,
               obs: Obs | None = None, today: dt.date | None = None, **named: object) -> State:
    """A State whose plans stand at `as_of`, or each at its newest report date (as the pages default).

    `obs`, when given, must already be summed by tracking.with_totals (it is not summed again).
    """
    if obs is None:  # as ui.data.observations(): a pooled target's total is its contributors' sum
        obs = tracking.with_totals(plans, allocations, tracking.observations(reports))
    grouped = obs
    today = today or clock.today(settings.time_zone)
    dates = {p.id: as_of or tracking.plan_as_of(p, grouped, today) for p in plans}
    return State(plans, allocations, reports, dates, settings, demo, observations=grouped, **named)  # type: ignore[arg-type]


def state_board(state: State, plan_id: str | None = None) -> pd.DataFrame:
    """The board of one plan (or of every plan), each plan at its own as-of date in `state`."""
    chosen = [p for p in state.plans if plan_id is None or p.id == plan_id]
    obs = state.obs()
    parts = [board((p,), state.allocations, obs, state.dates[p.id], state.settings) for p in chosen]
    parts = [x for x in parts if not x.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=tracking.STATUS_COLUMNS)
