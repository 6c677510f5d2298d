"""Since the last meeting: what moved between two states (a meeting snapshot and now, or two snapshots).

Values reported (new or changed current values, and values withdrawn by a revert), statuses that
changed (better or worse, in the order of targets.method.status.SEVERITY), items newly overdue,
duty items done, and targets the office confirmed (no longer 存疑) or corrected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from targets.method.board import State, state_board
from targets.method.standing import DUTY_KINDS
from targets.method.status import SEVERITY, is_met
from targets.method.tracking import region_spec

CORRECTABLE = ("target", "target_max", "deadline", "due")  # fields the office may correct
Keep = set[tuple[str, str]] | None


@dataclass(frozen=True)
class Changes:
    """The lists of what moved; each item a dict with target, name, region, region_name and the details."""

    since: str  # the earlier snapshot's name
    since_dates: dict[str, dt.date]
    reported: list[dict] = field(default_factory=list)  # date, value, previous (None: new)
    withdrawn: list[dict] = field(default_factory=list)  # date, previous
    better: list[dict] = field(default_factory=list)  # before, after (status codes)
    worse: list[dict] = field(default_factory=list)
    new_overdue: list[dict] = field(default_factory=list)
    duties_done: list[dict] = field(default_factory=list)  # date
    confirmed: list[dict] = field(default_factory=list)  # reading
    corrected: list[dict] = field(default_factory=list)  # field, old, new

    def empty(self) -> bool:
        """Whether nothing moved."""
        return not any((self.reported, self.withdrawn, self.better, self.worse, self.new_overdue,
                        self.duties_done, self.confirmed, self.corrected))


def _values(reports: pd.DataFrame, ids: set[str]) -> dict[tuple[str, str, dt.date], float]:
    if reports.empty:
        return {}
    rows = reports[reports["target"].isin(ids)]
    return {(t, r, d): float(v) for t, r, d, v in zip(rows["target"], rows["region"], rows["date"], rows["value"])}


def since(before: State, after: State, plan_id: str, keep: Keep = None) -> Changes:
    """What moved for plan `plan_id` from `before` to `after`; `keep` limits it to (target, region) pairs."""
    plan = after.plan(plan_id) or before.plan(plan_id)
    order = [t.id for t in plan.targets] if plan else []
    ids = set(order)
    names = {t.id: t.name for t in plan.targets} if plan else {}
    now = state_board(after, plan_id)
    region_names = dict(zip(now["region"], now["region_name"])) if not now.empty else {}

    def item(target: str, region: str, **extra: object) -> dict:
        return {"target": target, "name": names.get(target, target), "region": region,
                "region_name": region_names.get(region, region), **extra}

    def kept(target: str, region: str) -> bool:
        return keep is None or (target, region) in keep

    old, new = _values(before.reports, ids), _values(after.reports, ids)
    reported = [item(t, r, date=d, value=v, previous=old.get((t, r, d))) for (t, r, d), v in sorted(new.items())
                if kept(t, r) and ((t, r, d) not in old or abs(old[(t, r, d)] - v) > 1e-9)]
    withdrawn = [item(t, r, date=d, previous=v) for (t, r, d), v in sorted(old.items())
                 if kept(t, r) and (t, r, d) not in new]
    better, worse, overdue = _status_moves(state_board(before, plan_id), now, item, kept)
    return Changes(
        since=before.name, since_dates=dict(before.dates), reported=reported, withdrawn=withdrawn,
        better=better, worse=worse, new_overdue=overdue, duties_done=_duties_done(after, reported),
        confirmed=[item(t.id, "", reading=t.best_reading) for t, was in _pairs(before, after, order)
                   if was.uncertain and not t.uncertain],
        corrected=[item(t.id, "", field=f, old=getattr(was, f), new=getattr(t, f))
                   for t, was in _pairs(before, after, order) for f in CORRECTABLE if getattr(was, f) != getattr(t, f)],
    )


def _status_moves(then: pd.DataFrame, now: pd.DataFrame, item, kept) -> tuple[list, list, list]:
    earlier = dict(zip(zip(then["target"], then["region"]), then["status"])) if not then.empty else {}
    better, worse, overdue = [], [], []
    for target, region, status in zip(now["target"], now["region"], now["status"]) if not now.empty else []:
        if not kept(target, region):
            continue
        was = earlier.get((target, region))
        if status == "overdue" and was != "overdue":
            overdue.append(item(target, region, before=was, after=status))
        if was is None or was == status:
            continue
        (better if SEVERITY[status] > SEVERITY[was] else worse).append(item(target, region, before=was, after=status))
    return better, worse, overdue


def _duties_done(after: State, reported: list[dict]) -> list[dict]:
    """The reported values that complete a milestone or a year's duty."""
    done = []
    for entry in reported:
        t = after.target(entry["target"])
        if t is None or t.kind not in DUTY_KINDS:
            continue
        share = after.allocations.get(t.id, {}).get(entry["region"])
        if is_met(region_spec(t, share), entry["value"]):
            done.append(entry)
    return done


def _pairs(before: State, after: State, order: list[str]):
    for target_id in order:
        now, was = after.target(target_id), before.target(target_id)
        if now is not None and was is not None:
            yield now, was
