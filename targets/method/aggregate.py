"""Aggregation over regions (pure; no database, no UI): a target's total, and one status per region.

**Total of a target over its regions** (additive kinds only: a rate or a duty has no sum): on each
report date, the sum over regions of each region's latest value reported by that date.

**Region status** (the map coloured 按状态, its labels and its table). Amount targets
(``cumulative``, ``count``, ``rate``: they have a pace) and duties (``milestone``, ``recurring``:
done or not by a date) are counted apart, because a yearly duty overdue in every region would
otherwise colour every region 逾期 whatever its amounts:

* the region's status is that of its **most lagging amount target** (``worst``: done only when all
  are done, else the most severe of overdue > off_track > behind > no_data > on_track);
* the region's completion is the mean completion of its amount targets with a value, each capped at
  100%; ``amounts_ok`` of its ``amounts`` amount targets are done or on track;
* duties are shown beside it, never in its colour: ``duties_overdue`` of its ``duties`` are overdue;
* a region with duties only (a subject made of duties) takes the most lagging duty's status;
  a region with nothing tracked is ``no_data``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from targets.method.status import DUTY_KINDS, SEVERITY
from targets.plans.definitions import ADDITIVE_KINDS

Obs = list[tuple[dt.date, float]]


def can_sum(kind: str, regions: int) -> bool:
    """Whether a target has a total over its regions (an additive kind tracked in several regions)."""
    return kind in ADDITIVE_KINDS and regions > 1


def summed(obs_by_region: Sequence[Obs]) -> Obs:
    """On each report date, the sum over regions of each region's latest value so far.

    Input: one date-sorted [(date, value)] per region. A region that has not reported yet counts 0.
    """
    days = sorted({day for obs in obs_by_region for day, _ in obs})
    latest = [0.0] * len(obs_by_region)
    cursors = [0] * len(obs_by_region)
    result = []
    for day in days:
        for i, obs in enumerate(obs_by_region):
            while cursors[i] < len(obs) and obs[cursors[i]][0] <= day:
                latest[i] = obs[cursors[i]][1]
                cursors[i] += 1
        result.append((day, sum(latest)))
    return result


@dataclass(frozen=True)
class Item:
    """One (target, region) of a region as the region status reads it."""

    target: str
    kind: str
    status: str
    completion: float | None = None
    pace: float | None = None


@dataclass(frozen=True)
class RegionStatus:
    status: str
    completion: float | None  # mean completion (each capped at 1.0) of the items that decide
    amounts: int  # amount targets in the region
    amounts_ok: int  # of them done or on track
    duties: int  # milestones and yearly duties in the region
    duties_overdue: int  # of them overdue
    weakest: str | None  # the target that sets the status (most severe, then lowest pace); None when done


REGION_COLUMNS = ["status", "completion", "amounts", "amounts_ok", "duties", "duties_overdue", "weakest"]


def region_statuses(rows: pd.DataFrame) -> pd.DataFrame:
    """The status of every region (see the module docstring) from status rows with columns region,
    target, kind, status, completion and pace: one row per region (the index), REGION_COLUMNS,
    completion and weakest None where there is none. Computed for all regions at once."""
    if rows.empty:
        return pd.DataFrame(columns=REGION_COLUMNS, index=pd.Index([], name="region"))
    f = pd.DataFrame({
        "region": rows["region"].to_numpy(dtype=object), "target": rows["target"].to_numpy(dtype=object),
        "status": rows["status"].to_numpy(dtype=object),
        "completion": pd.to_numeric(rows["completion"], errors="coerce").to_numpy(dtype=float),
        "pace": pd.to_numeric(rows["pace"], errors="coerce").to_numpy(dtype=float),
        "duty": rows["kind"].isin(DUTY_KINDS).to_numpy(),
    })
    f["severity"] = f["status"].map(SEVERITY)
    f["amount"] = ~f["duty"]
    by_region = f.groupby("region", sort=False)
    counts = pd.DataFrame({
        "amounts": by_region["amount"].sum(),
        "amounts_ok": (f["amount"] & f["status"].isin(("done", "on_track"))).groupby(f["region"], sort=False).sum(),
        "duties": by_region["duty"].sum(),
        "duties_overdue": (f["duty"] & (f["status"] == "overdue")).groupby(f["region"], sort=False).sum(),
    })
    # amounts decide where a region has any; a region of duties only is decided by its duties
    deciding = f[f["amount"] | ~by_region["amount"].transform("any")]
    ranked = deciding.assign(pace_key=deciding["pace"].fillna(9.0), completion_key=deciding["completion"].fillna(-1.0))
    ranked = ranked.sort_values(["severity", "pace_key", "completion_key", "target"], kind="stable")
    first = ranked.groupby("region", sort=False).first()
    status = first["status"]  # the most severe: done only when every deciding item is done
    completion = deciding["completion"].clip(upper=1.0).groupby(deciding["region"], sort=False).mean()
    result = counts.astype(int)
    result["status"] = status.reindex(result.index)
    result["completion"] = completion.reindex(result.index).astype(object)
    result["completion"] = result["completion"].where(result["completion"].notna(), None)
    result["weakest"] = first["target"].reindex(result.index).where(result["status"] != "done", None)
    result.index.name = "region"
    return result[REGION_COLUMNS]


def region_status(items: Sequence[Item]) -> RegionStatus:
    """The status of one region from its (target, region) items (region_statuses of one region)."""
    if not items:
        return RegionStatus("no_data", None, 0, 0, 0, 0, None)
    frame = pd.DataFrame([{"region": "", "target": i.target, "kind": i.kind, "status": i.status,
                           "completion": i.completion, "pace": i.pace} for i in items])
    return from_row(region_statuses(frame).iloc[0].to_dict())


def from_row(row: Mapping[Any, Any]) -> RegionStatus:
    """A RegionStatus from one row of region_statuses."""
    completion = row["completion"]
    return RegionStatus(
        status=str(row["status"]),
        completion=None if completion is None or completion != completion else float(completion),
        amounts=int(row["amounts"]), amounts_ok=int(row["amounts_ok"]),
        duties=int(row["duties"]), duties_overdue=int(row["duties_overdue"]),
        weakest=None if row["weakest"] is None or row["weakest"] != row["weakest"] else str(row["weakest"]),
    )
