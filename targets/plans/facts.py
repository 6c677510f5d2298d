"""Figures the documents report (not targets): what was achieved, with its date and verbatim quote.

A reply to a proposal mostly reports what was done ("在全国391个城市建成各类'一站式'服务平台537个").
Such a figure is kept as a fact, shown beside the target it informs (if any), and never tracked
as a target of its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from targets.plans.reader import Reader, bad

FACT_INFERABLE = ("date", "value", "region", "unit")
REASONS = ("damaged", "silent", "plan_period")


@dataclass(frozen=True)
class Fact:
    plan: str
    text: str
    value: float
    unit: str
    date: dt.date
    region: str
    source_quote: str
    target: str | None = None
    clause: str = ""
    note: str = ""
    inferred: tuple[tuple[str, str], ...] = ()


def load_facts(file: str, plan_id: str, plan_region: str, raw: object) -> tuple[Fact, ...]:
    """The `facts:` list of a plan file; raises InvalidInput naming file, fact and field."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise bad(file, "-", "facts", "must be a list")
    return tuple(_fact(file, plan_id, plan_region, i, item) for i, item in enumerate(raw, start=1))


def _fact(file: str, plan_id: str, plan_region: str, number: int, item: object) -> Fact:
    r = Reader(file, f"facts[{number}]", item)
    target = r.text("target", "") or None
    return Fact(
        plan=plan_id,
        text=r.text("text"),
        value=r.number("value") or 0.0,
        unit=r.text("unit", ""),
        date=r.date("date") or dt.date.min,
        region=r.text("region", plan_region) or plan_region,
        source_quote=r.text("source_quote"),
        target=target,
        clause=r.text("clause", ""),
        note=r.text("note", ""),
        inferred=r.marks("inferred", FACT_INFERABLE, REASONS),
    )


def fact_to_dict(f: Fact) -> dict[str, object]:
    """A fact as plain JSON-ready data (date as ISO text, inferred as a mapping)."""
    return {"plan": f.plan, "text": f.text, "value": f.value, "unit": f.unit, "date": f.date.isoformat(),
            "region": f.region, "source_quote": f.source_quote, "target": f.target, "clause": f.clause,
            "note": f.note, "inferred": dict(f.inferred)}


def fact_from_dict(d: dict[str, Any]) -> Fact:
    """The inverse of fact_to_dict."""
    fields = dict(d)
    fields["date"] = dt.date.fromisoformat(fields["date"])
    fields["inferred"] = tuple(sorted((fields.get("inferred") or {}).items()))
    return Fact(**fields)
