"""The figures of a meeting brief for one plan at one date, from the same board the pages show.

`gather` takes the (possibly filtered) status board and returns every figure the brief and the
agenda print: status counts, per-category target summaries, the regions ranked, the laggards, the
overdue duties, what was not reported and, given an earlier snapshot, what moved since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from targets.method import standing
from targets.method.board import State, state_board
from targets.method.changes import Changes, since
from targets.method.status import due_date
from targets.method.tracking import region_spec
from targets.plans.definitions import Plan

LAGGARD_STATUSES = ("overdue", "off_track", "behind")


@dataclass(frozen=True)
class Facts:
    plan: Plan
    as_of: dt.date
    table: pd.DataFrame  # the board rows the brief covers
    counts: dict[str, int]
    summaries: pd.DataFrame  # standing.target_summary
    categories: list[str]
    ranking: pd.DataFrame  # standing.region_ranking
    laggards: pd.DataFrame  # amount targets behind, off track or overdue, most behind first
    duties: pd.DataFrame  # milestones and yearly duties overdue, with due date and units
    unreported: list[tuple[str, str, int]]  # (region code, region name, items not reported)
    changes: Changes | None
    demo: bool
    snapshot: str
    snapshot_created: dt.datetime | None
    scope: str  # the filters in words ('' when none)


def gather(state: State, plan_id: str, table: pd.DataFrame | None = None, before: State | None = None,
           scope: str = "") -> Facts:
    """The brief's figures for `plan_id` in `state`; `table` is the filtered board (default: all of it)."""
    plan = state.plan(plan_id)
    assert plan is not None, plan_id
    rows = state_board(state, plan_id) if table is None else table
    keep = set(zip(rows["target"], rows["region"])) if not rows.empty else set()
    lagging = standing.lagging(rows)
    amounts = lagging[~lagging["kind"].isin(standing.DUTY_KINDS)] if not lagging.empty else lagging
    return Facts(
        plan=plan, as_of=state.dates[plan_id], table=rows, counts=standing.counts(rows),
        summaries=standing.target_summary(rows, plan), categories=standing.categories(plan, rows),
        ranking=standing.region_ranking(rows, plan),
        laggards=amounts[amounts["status"].isin(LAGGARD_STATUSES)] if not amounts.empty else amounts,
        duties=_duties(state, plan, lagging), unreported=_unreported(lagging),
        changes=since(before, state, plan_id, keep) if before is not None else None,
        demo=state.demo, snapshot=state.name, snapshot_created=state.created, scope=scope,
    )


def _duties(state: State, plan: Plan, lagging: pd.DataFrame) -> pd.DataFrame:
    """Overdue milestones and yearly duties, with the date they were due and the units responsible."""
    columns = ["target", "name", "region", "region_name", "period", "due", "lead", "responsible", "uncertain"]
    if lagging.empty:
        return pd.DataFrame(columns=columns)
    rows = lagging[lagging["kind"].isin(standing.DUTY_KINDS) & (lagging["status"] == "overdue")]
    records = []
    for r in rows.to_dict("records"):
        t = state.target(r["target"])
        period = None if pd.isna(r["period"]) else int(r["period"])
        due = due_date(region_spec(t, r["share"]), period) if t.kind == "recurring" and period else t.deadline
        records.append({"target": t.id, "name": t.name, "region": r["region"], "region_name": r["region_name"],
                        "period": period if t.kind == "recurring" else None, "due": due, "lead": t.lead,
                        "responsible": tuple(t.responsible), "uncertain": t.uncertain})
    return pd.DataFrame(records, columns=columns)


def _unreported(lagging: pd.DataFrame) -> list[tuple[str, str, int]]:
    if lagging.empty:
        return []
    rows = lagging[lagging["status"] == "no_data"]
    found = rows["region"].value_counts(sort=False)
    names = dict(zip(rows["region"], rows["region_name"]))
    return [(code, names[code], int(found[code])) for code in dict.fromkeys(rows["region"])]
