"""View models of what the documents say beyond a target's value: inference marks, which units a
duty applies to and why, a pooled total's contributions, and the figures the documents report."""

from __future__ import annotations

import pandas as pd

from targets import messages
from targets.messages import INFERRED_FIELDS, INFERRED_LABEL, INFERRED_REASONS
from targets.plans import regions
from targets.plans.definitions import Plan, Target
from ui import data
from ui.strings import d
from ui.widgets import num

DATE_FIELDS = ("start", "deadline", "due")


def marked(x: Target, field: str, text: str) -> str:
    """`text` followed by the 推定 mark when the field's value is inferred."""
    return f"{text}（{INFERRED_LABEL}）" if x.inference(field) else text


def period(x: Target) -> str:
    """Start – deadline, each marked 推定 when the document does not print it."""
    return f"{marked(x, 'start', str(x.start))} – {marked(x, 'deadline', str(x.deadline))}"


def inferred_fields(x: Target) -> str:
    """The inferred fields in words (the targets list's 推定 column), '' when everything is printed."""
    return d("list_sep").join(INFERRED_FIELDS.get(f, f) for f, _ in x.inferred)


def inferred_lines(x: Target) -> list[str]:
    """One sentence per inferred field: which field, and why (damaged / silent / plan period)."""
    return [messages.render("inferred_mark", field=INFERRED_FIELDS.get(f, f), reason=INFERRED_REASONS.get(r, r))
            for f, r in x.inferred]


def full_name(code: str) -> str:
    """A region's full name (吉林省, not the short 吉林 that reads like 吉林市)."""
    found = regions.get(code)
    return found.name if found else code


def _names(codes: list[str]) -> str:
    return d("list_sep").join(data.region_name(c) for c in codes)


def applies_to(x: Target, plan: Plan) -> list[str]:
    """Which units carry the target and why, in sentences (for the detail of the targets page)."""
    if x.pooled:
        shares = data.allocations().get(x.id) or {}
        if shares:
            return [messages.render("pooled_split", n=len(shares))]
        return [messages.render("pooled_total", region=full_name(plan.region))]
    origins = data.allocation_origins().get(x.id) or {}
    if not origins:
        return [messages.render("whole_region", region=full_name(plan.region))]
    order = {code: i for i, code in enumerate(plan.regions)}
    codes = sorted(origins, key=lambda c: order.get(c, len(order)))
    seeded = [c for c in codes if origins[c].source == "document"]
    words = dict(x.stated).get("regions")
    lines = [messages.render("regions_from_text", words=words, names=_names(seeded), n=len(seeded)) if words
             else messages.render("regions_all_plan", n=len(seeded), names=_names(seeded))]
    lines += [_origin_line(c, origins[c]) for c in codes if origins[c].source != "document"]
    left_out = [c for c in plan.regions if c not in origins]
    if left_out:
        lines.append(messages.render("regions_left_out", names=_names(left_out)))
    return lines


def _origin_line(code: str, origin) -> str:  # type: ignore[no-untyped-def]
    name = data.region_name(code)
    if origin.source == "allocation":
        return messages.render("regions_allocated", name=name, upload=origin.upload)
    return messages.render("regions_extended", name=name, user=origin.user, date=origin.created.date())


def extension_candidates(x: Target, plan: Plan) -> list[str]:
    """The plan regions a per-region duty does not apply to yet (what the office may extend it to)."""
    if not x.per_region or x.allocation_mode not in ("each", "explicit"):
        return []
    current = data.allocations().get(x.id) or {}
    return [c for c in plan.regions if c not in current]


def contributions_frame(x: Target, plan: Plan) -> pd.DataFrame:
    """A pooled total's contributions: each unit's latest reported value and its date."""
    rows = data.reports()
    mine = rows[rows["target"] == x.id] if not rows.empty else rows
    units = [plan.region, *plan.regions]
    latest = {r.region: (r.date, r.value) for r in mine.sort_values("date").itertuples(index=False)}
    shown = [u for u in units if u in latest] + [u for u in units if u not in latest]
    own = d("own_level", name=full_name(plan.region))
    return pd.DataFrame({
        d("region"): [own if u == plan.region else data.region_name(u) for u in shown],
        d("latest_value"): [num(latest[u][1], x.unit) if u in latest else "—" for u in shown],
        d("latest_date"): [str(latest[u][0]) if u in latest else "—" for u in shown],
    })


def facts_frame(plan: Plan, target_id: str | None = None, all_facts: bool = True) -> pd.DataFrame:
    """The figures the document reports (all of them, or those informing one target), with quotes."""
    facts = [f for f in plan.facts if all_facts or f.target == target_id]
    return pd.DataFrame({
        d("fact_text"): [f.text for f in facts],
        d("fact_value"): [num(f.value, f.unit) for f in facts],
        d("fact_date"): [marked_fact_date(f) for f in facts],
        d("fact_target"): [f.target or "" for f in facts],
        d("quote"): [f.source_quote for f in facts],
    })


def marked_fact_date(f) -> str:  # type: ignore[no-untyped-def]
    """A fact's date, marked 推定 when the document does not print it."""
    text = f.date.isoformat()
    return f"{text}（{INFERRED_LABEL}）" if dict(f.inferred).get("date") else text
