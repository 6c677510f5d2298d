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

import numpy as np
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
    target, kind, status, completion and pace: one row per region (the index, in the order the
    regions first appear), REGION_COLUMNS, completion and weakest None where there is none.
    Computed for all regions at once, in numpy (a country's 85,000 cells in milliseconds)."""
    if rows.empty:
        return pd.DataFrame(columns=REGION_COLUMNS, index=pd.Index([], name="region"))
    codes, names = _codes(rows["region"])
    n = len(names)
    status_codes, status_names = _codes(rows["status"])
    severity = np.array([SEVERITY[x] for x in status_names])[status_codes]
    ok = np.isin(status_names, ("done", "on_track"))[status_codes]
    overdue = (status_names == "overdue")[status_codes]
    kind_codes, kind_names = _codes(rows["kind"])
    duty = np.isin(kind_names, tuple(DUTY_KINDS))[kind_codes]
    amount = ~duty
    completion = pd.to_numeric(rows["completion"], errors="coerce").to_numpy(dtype=float)
    pace = pd.to_numeric(rows["pace"], errors="coerce").to_numpy(dtype=float)
    counts = {
        "amounts": np.bincount(codes, weights=amount, minlength=n),
        "amounts_ok": np.bincount(codes, weights=amount & ok, minlength=n),
        "duties": np.bincount(codes, weights=duty, minlength=n),
        "duties_overdue": np.bincount(codes, weights=duty & overdue, minlength=n),
    }
    # amounts decide where a region has any; a region of duties only is decided by its duties
    deciding = np.flatnonzero(amount | (counts["amounts"] == 0)[codes])
    target_codes, target_names = _codes(rows["target"], sort=True)
    # each region's weakest: most severe, then lowest pace, lowest completion, target id
    keys = (severity, np.nan_to_num(pace, nan=9.0), np.nan_to_num(completion, nan=-1.0), target_codes)
    first = group_firsts(codes, n, deciding, keys)
    mean = means(np.minimum(completion[deciding], 1.0), codes[deciding], n)
    status = status_names[status_codes[first]]
    columns = {"status": status, "completion": _or_none(mean.astype(object), ~np.isnan(mean)),
               "weakest": _or_none(target_names[target_codes[first]], status != "done"),
               **{k: v.astype(int) for k, v in counts.items()}}
    # object columns as they are (Python strings): no conversion to arrow-backed text and back
    index = pd.Index(names, name="region", dtype=object)
    return pd.DataFrame({c: pd.Series(columns[c], index=index, dtype=None if c in counts else object)
                         for c in REGION_COLUMNS})


def group_firsts(groups: np.ndarray, n: int, rows: np.ndarray, keys: Sequence[np.ndarray]) -> np.ndarray:
    """For each group 0..n-1, the row among `rows` that comes first in the order of `keys` (the
    first key first; ties: the lowest row), as a stable lexicographic sort would put it, without
    sorting: the candidates are narrowed key by key to those equal to their group's least.
    Groups with no row get -1."""
    candidates = np.asarray(rows, dtype=np.int64)
    for key in keys:
        values = np.asarray(key, dtype=float)[candidates]
        least = np.full(n, np.inf)
        np.minimum.at(least, groups[candidates], values)
        candidates = candidates[values == least[groups[candidates]]]
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, groups[candidates], candidates)
    return np.where(first == np.iinfo(np.int64).max, -1, first)


def means(values: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    """The mean of the values of each code 0..n-1, NaN left out (NaN where none): pandas' grouped
    mean, so the figures equal those of a groupby to the last digit."""
    groups = pd.Series(pd.Categorical.from_codes(codes, categories=pd.RangeIndex(n)))  # the codes as they are
    mean: np.ndarray = pd.Series(values).groupby(groups, observed=False).mean().to_numpy(dtype=float)
    return mean


def _or_none(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """An object array of `values` where `keep`, None elsewhere."""
    out = np.full(len(values), None, dtype=object)
    out[keep] = values[keep]
    return out


def _codes(column: pd.Series, sort: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, distinct values as an object array): a text column factorised where it is
    stored (an arrow-backed column converts to Python strings ten times slower, row by row)."""
    codes, uniques = pd.factorize(column, sort=sort)
    return codes, np.asarray(uniques, dtype=object)


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
