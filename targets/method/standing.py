"""Where each target and region stands: the laggard order, region ranking, per-category summaries.

Pure functions of a status board (targets.method.board). The overview, the map, the agenda and
the meeting brief all order and aggregate through these, so they never disagree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from targets.method.status import SEVERITY, STATUSES, worst
from targets.plans.definitions import Plan

LAGGING = ("overdue", "off_track", "behind", "no_data")
DUTY_KINDS = ("milestone", "recurring")  # done or not by a date: counted by their on-time rate
ON_TIME = ("done", "on_track")  # a duty item that is done, or not yet late


def order(table: pd.DataFrame) -> np.ndarray:
    """Row positions most behind first: by status severity, then pace, then completion (missing
    pace counts as 9, missing completion as -1), then region and target. Sorted in numpy on
    codes, so a country's 85,000 rows sort in milliseconds."""
    if table.empty:
        return np.arange(0)
    status_codes, statuses = pd.factorize(table["status"])
    severity = np.array([SEVERITY.get(s, np.nan) for s in statuses], dtype=float)[status_codes]
    pace = pd.to_numeric(table["pace"], errors="coerce").to_numpy(dtype=float)
    done = pd.to_numeric(table["completion"], errors="coerce").to_numpy(dtype=float)
    return np.lexsort((pd.factorize(table["target"], sort=True)[0], pd.factorize(table["region"], sort=True)[0],
                       np.nan_to_num(done, nan=-1.0), np.nan_to_num(pace, nan=9.0), severity))


def ranked(table: pd.DataFrame) -> pd.DataFrame:
    """Rows most behind first (order)."""
    return table.iloc[order(table)]


def lagging(table: pd.DataFrame) -> pd.DataFrame:
    """The lagging rows (overdue, off track, behind, not reported), most behind first."""
    return ranked(table[table["status"].isin(LAGGING)]) if not table.empty else table


def mean_completion(completions: pd.Series) -> float | None:
    """The mean completion of several targets, each capped at 100% (None when none has a value)."""
    values = completions.dropna()
    return float(values.clip(upper=1.0).mean()) if len(values) else None


def counts(table: pd.DataFrame) -> dict[str, int]:
    """How many rows have each status (every status listed, 0 if none)."""
    found = table["status"].value_counts() if not table.empty else {}
    return {s: int(found.get(s, 0)) for s in STATUSES}


def region_ranking(table: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The plan's regions ranked: completion of the amount targets, then the on-time rate of duties.

    completion: mean_completion over the region's count, cumulative and rate targets; on_time:
    the share of its milestone and yearly-duty items that are done or not yet late. Rows of the
    plan's own (province- or city-wide) region are left out. Columns: rank, region, region_name,
    completion, on_time, duties, lagging, items, status (the worst).
    """
    cells = table[table["region"] != plan.region] if not table.empty else table
    records = []
    for region in dict.fromkeys(cells["region"]) if not cells.empty else []:
        rows = cells[cells["region"] == region]
        duties = rows[rows["kind"].isin(DUTY_KINDS)]
        amounts = rows[~rows["kind"].isin(DUTY_KINDS)]
        records.append({
            "region": region, "region_name": rows["region_name"].iloc[0],
            "completion": mean_completion(amounts["completion"]),
            "on_time": float(duties["status"].isin(ON_TIME).mean()) if len(duties) else None,
            "duties": len(duties), "lagging": int(rows["status"].isin(LAGGING).sum()), "items": len(rows),
            "status": worst(list(rows["status"])),
        })
    frame = pd.DataFrame(records, columns=["region", "region_name", "completion", "on_time", "duties", "lagging",
                                           "items", "status"])
    if frame.empty:
        return frame.assign(rank=pd.Series(dtype=int))
    order = {code: i for i, code in enumerate(plan.regions)}
    frame = frame.assign(_c=frame["completion"].fillna(-1.0), _o=frame["on_time"].fillna(-1.0),
                         _p=frame["region"].map(order).fillna(len(order)))
    frame = frame.sort_values(["_c", "_o", "lagging", "_p"], ascending=[False, False, True, True])
    frame = frame.drop(columns=["_c", "_o", "_p"]).reset_index(drop=True)
    return frame.assign(rank=range(1, len(frame) + 1))


def target_summary(table: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """One row per target of the plan on the board, in the plan's order: its regions' status counts,
    the worst status and the completion (one region: its own; several: mean_completion)."""
    records = []
    for t in plan.targets:
        rows = table[table["target"] == t.id] if not table.empty else table
        if rows.empty:
            continue
        completion = (None if pd.isna(rows["completion"].iloc[0]) else float(rows["completion"].iloc[0])) \
            if len(rows) == 1 else mean_completion(rows["completion"])
        records.append({"target": t.id, "name": t.name, "category": t.category, "kind": t.kind, "unit": t.unit,
                        "target_value": t.target, "deadline": t.deadline, "uncertain": t.uncertain,
                        "regions": len(rows), "status": worst(list(rows["status"])), "completion": completion,
                        **{s: int((rows["status"] == s).sum()) for s in STATUSES}})
    return pd.DataFrame(records)


def categories(plan: Plan, table: pd.DataFrame) -> list[str]:
    """The categories of the targets on the board, in the order the plan first names them."""
    present = set(table["target"]) if not table.empty else set()
    return list(dict.fromkeys(t.category for t in plan.targets if t.id in present))
