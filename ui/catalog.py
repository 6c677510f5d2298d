"""View models of the targets page: plans, targets with their source, allocation and 存疑 marks."""

from __future__ import annotations

import pandas as pd

from targets.messages import COMPARATOR_LABELS, KIND_LABELS, RULE_LABELS, UNCERTAIN_LABEL
from targets.plans.definitions import Plan, Target
from ui import data, documents
from ui.strings import ALLOCATION_MODES, SCOPE_LABELS, d
from ui.widgets import num


def plans_frame() -> pd.DataFrame:
    """Every plan: id, title, issuer, document number, date, scope, number of targets and of 存疑."""
    plans = data.plans()
    return pd.DataFrame({
        d("id"): [p.id for p in plans],
        d("title"): [p.title for p in plans],
        d("issuer"): [p.issuer for p in plans],
        d("doc_number"): [p.doc_number for p in plans],
        d("issued"): [str(p.issued or "") for p in plans],
        d("scope"): [SCOPE_LABELS.get(p.scope, p.scope) for p in plans],
        d("target_count"): [len(p.targets) for p in plans],
        d("uncertain_count"): [sum(x.uncertain for x in p.targets) for p in plans],
        d("facts_header"): [len(p.facts) for p in plans],
    })


def target_value(x: Target) -> str:
    """The target in words: comparator, value (or range) and unit; a trend has no number."""
    if x.rule == "yearly_decrease":
        return d("trend_value")
    if x.comparator == "range" and x.target_max is not None:
        text = f"{num(x.target)}–{num(x.target_max, x.unit)}"
    else:
        text = f"{COMPARATOR_LABELS.get(x.comparator, '')} {num(x.target, x.unit)}"
    rule = RULE_LABELS.get(x.rule, "")
    return documents.marked(x, "target", f"{text}（{rule}）" if rule else text)


def allocation_text(x: Target, plan: Plan) -> str:
    """Who carries the target: the plan region as a whole, or how many regions and how."""
    shares = data.allocations().get(x.id) or {}
    regions = [r for r in shares if r != plan.region]
    if not regions:
        key = "pooled_short" if x.pooled else "allocation_none"
        return d(key, region=documents.full_name(plan.region))
    return d("allocation_regions", n=len(regions), mode=ALLOCATION_MODES.get(x.allocation_mode, ""))


def shown_targets(plan: Plan, status_rows: pd.DataFrame) -> list[Target]:
    """The plan's targets that the filter set keeps (those with at least one status row left)."""
    kept = set(status_rows["target"]) if not status_rows.empty else set()
    return [x for x in plan.targets if x.id in kept]


# px of the targets table's unit columns: wide enough for the longest lead unit in the plans
# (质量强市领导小组办公室, 11 characters); the grid's own sizing cut them to 省市场监…
TARGET_WIDTHS = {d("lead"): 190, d("responsible"): 220, d("period"): 250, d("target_value"): 130}


def targets_frame(plan: Plan, targets: list[Target], brief: bool = False) -> pd.DataFrame:
    """One row per target with its source and allocation (brief: the columns a projector can show)."""
    frame = pd.DataFrame({
        d("id"): [x.id for x in targets],
        d("name"): [x.name for x in targets],
        d("category"): [x.category for x in targets],
        d("kind"): [KIND_LABELS.get(x.kind, x.kind) for x in targets],
        d("target_value"): [target_value(x) for x in targets],
        d("period"): [documents.period(x) for x in targets],
        d("lead"): [x.lead for x in targets],
        d("responsible"): [d("list_sep").join(x.responsible) for x in targets],
        d("clause"): [x.clause for x in targets],
        d("quote"): [x.source_quote for x in targets],
        d("allocation_header"): [allocation_text(x, plan) for x in targets],
        d("uncertain"): [UNCERTAIN_LABEL if x.uncertain else "" for x in targets],
        d("uncertain_reason_col"): [x.uncertain_reason if x.uncertain else "" for x in targets],
        d("inferred_col"): [documents.inferred_fields(x) for x in targets],
    })
    if brief:
        return frame[[d("name"), d("target_value"), d("period"), d("lead"), d("uncertain")]]
    return frame


def allocation_frame(x: Target, plan: Plan) -> pd.DataFrame:
    """The regions carrying the target and their share, in the plan's order."""
    shares = data.allocations().get(x.id) or {}
    order = {code: i for i, code in enumerate(plan.regions)}
    codes = sorted((c for c in shares if c != plan.region), key=lambda c: order.get(c, len(order)))
    return pd.DataFrame({d("region"): [data.region_name(c) for c in codes],
                         d("share"): [num(shares[c], x.unit) for c in codes]})
