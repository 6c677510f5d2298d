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
from collections.abc import Sequence
from dataclasses import dataclass

from targets.method.status import DUTY_KINDS, SEVERITY, worst
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


def _known(value: float | None) -> bool:
    return value is not None and value == value  # NaN is unknown


def _weakest(items: Sequence[Item]) -> Item:
    return min(items, key=lambda i: (SEVERITY[i.status], i.pace if _known(i.pace) else 9.0,
                                     i.completion if _known(i.completion) else -1.0, i.target))


def region_status(items: Sequence[Item]) -> RegionStatus:
    """The status of one region from its (target, region) items (see the module docstring)."""
    amounts = [i for i in items if i.kind not in DUTY_KINDS]
    duties = [i for i in items if i.kind in DUTY_KINDS]
    deciding = amounts or duties
    status = worst([i.status for i in deciding])
    values = [min(float(i.completion), 1.0) for i in deciding if _known(i.completion)]  # type: ignore[arg-type]
    return RegionStatus(
        status=status,
        completion=sum(values) / len(values) if values else None,
        amounts=len(amounts),
        amounts_ok=sum(i.status in ("done", "on_track") for i in amounts),
        duties=len(duties),
        duties_overdue=sum(i.status == "overdue" for i in duties),
        weakest=_weakest(deciding).target if deciding and status != "done" else None,
    )
