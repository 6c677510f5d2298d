"""Every value a page takes from the URL, parsed and range-checked in this one place.

A bookmark or a hand-edited link can carry anything: a far date (9999-12-31), a malformed one, an
unknown plan or region code, a parameter given twice, a 10,000-character string, a slider number
out of range. `parse()` keeps only values a widget accepts and lists the others as `Rejected`;
the page then uses its default for them and `show_notice()` says so in one line, never an error
box. `write()` puts a page's current values back into the URL, leaving other parameters alone.

The schema: `plan` (a plan id), `category`, `lead`, `region`, `status` (values of the chosen plan,
repeatable), `as_of` (an ISO date within the status method's window for the plan,
targets.method.tracking.plan_window), `hide_uncertain` (1/0), `mode` (projector/normal), and the
what-if sliders `window`, `pace`, `shift` (integers in SLIDERS' ranges) and `exclude` (1/0), and the
burn-down's `target` (a target id of the plan), `target_region` (a region of the plan, or `all`) and `view` (down/up).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import streamlit as st

from targets import messages
from targets.method.status import STATUSES
from targets.method.tracking import plan_window
from targets.plans.definitions import Plan
from ui import notice, state
from ui.strings import d

MAX_LENGTH = 64  # the longest value read; anything longer is refused unread
MAX_VALUES = 300  # a repeatable parameter's most values (more than any plan has regions)
INTEGER = re.compile(r"[+-]?[0-9]{1,6}")
SHOWN = 24  # characters of a refused value shown in the notice
FILTERS = {  # query parameter → session key of the shared filters (ui.filters)
    "plan": state.PLAN, "category": state.CATEGORY, "lead": state.LEAD, "region": state.REGION,
    "status": state.STATUS, "as_of": state.AS_OF, "hide_uncertain": state.HIDE_UNCERTAIN,
    "mode": state.PROJECTOR,
}
SLIDERS = {  # what-if slider: query parameter → (session key, lowest, highest, step)
    "window": ("whatif_window", 1, 24, 1),
    "pace": ("whatif_pace", -50, 100, 5),
    "shift": ("whatif_shift", -12, 24, 1),
}
TOGGLES = {"exclude": "whatif_exclude", "hide_uncertain": state.HIDE_UNCERTAIN}
WHATIF = (*SLIDERS, "exclude")  # the what-if page's parameters
ALL_REGIONS = "all"  # the burn-down's whole-target sum
BURNDOWN_KEYS = {"target": "burndown_target", "target_region": "burndown_region", "view": "burndown_view"}
BURNDOWN = tuple(BURNDOWN_KEYS)  # the burn-down page's parameters
BURNDOWN_VIEWS = ("down", "up")


def slider_range(name: str) -> tuple[int, int, int]:
    """(lowest, highest, step) of a what-if slider: the widget and the URL check share them."""
    _, low, high, step = SLIDERS[name]
    return low, high, step


@dataclass(frozen=True)
class Rejected:
    """A URL value not used: the parameter, the value as given, why (reason code + context)."""

    param: str
    value: str
    reason: str
    context: tuple[tuple[str, object], ...] = ()


@dataclass
class Reading:
    values: dict[str, object] = field(default_factory=dict)  # session key → value to use
    rejected: list[Rejected] = field(default_factory=list)


def _single(name: str, given: list[str], out: Reading) -> str | None:
    """The one value of a single-valued parameter, or None (absent, given twice, too long)."""
    if not given:
        return None
    if len(set(given)) > 1:
        out.rejected.append(Rejected(name, "&".join(given), "repeated"))
        return None
    if len(given[0]) > MAX_LENGTH:
        out.rejected.append(Rejected(name, given[0], "too_long"))
        return None
    return given[0]


def _choices(name: str, given: list[str], options: Collection[str], out: Reading) -> list[str]:
    """The known values of a repeatable parameter, in order, without repeats."""
    if len(given) > MAX_VALUES:
        out.rejected.append(Rejected(name, "&".join(given[:3]), "too_many"))
        return []
    kept = []
    for value in dict.fromkeys(v for v in given if v):
        if len(value) > MAX_LENGTH:
            out.rejected.append(Rejected(name, value, "too_long"))
        elif value not in options:
            out.rejected.append(Rejected(name, value, "unknown"))
        else:
            kept.append(value)
    return kept


def _date(name: str, raw: str, low: dt.date, high: dt.date, out: Reading) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        out.rejected.append(Rejected(name, raw, "malformed"))
        return None
    if not low <= day <= high:
        out.rejected.append(Rejected(name, raw, "out_of_range", (("low", low), ("high", high))))
        return None
    return day


def _integer(name: str, raw: str, low: int, high: int, step: int, out: Reading) -> int | None:
    if not INTEGER.fullmatch(raw):
        out.rejected.append(Rejected(name, raw, "malformed"))
        return None
    number = int(raw)
    if not low <= number <= high:
        out.rejected.append(Rejected(name, raw, "out_of_range", (("low", low), ("high", high))))
        return None
    if (number - low) % step:
        out.rejected.append(Rejected(name, raw, "off_step", (("step", step),)))
        return None
    return number


def _choice(name: str, raw: str, options: Mapping[str, object], out: Reading) -> object:
    if raw not in options:
        out.rejected.append(Rejected(name, raw, "unknown"))
        return None
    return options[raw]


def _plan_values(params: Mapping[str, list[str]], plan: Plan, out: Reading) -> None:
    """The filter values that depend on the plan: categories, leads, regions, statuses, as-of date."""
    options = {
        "category": {t.category for t in plan.targets},
        "lead": {t.lead for t in plan.targets if t.lead},
        "region": set(plan.regions) | {plan.region},
        "status": set(STATUSES),
    }
    for name, allowed in options.items():
        if name in params:
            out.values[FILTERS[name]] = _choices(name, params[name], allowed, out)
    choices = {"target": {t.id for t in plan.targets},
               "target_region": set(plan.regions) | {plan.region, ALL_REGIONS}, "view": set(BURNDOWN_VIEWS)}
    for name, allowed in choices.items():
        if (one := _single(name, params.get(name, []), out)) is not None:
            value = _choice(name, one, {v: v for v in allowed}, out)
            if value is not None:
                out.values[BURNDOWN_KEYS[name]] = value
    raw = _single("as_of", params.get("as_of", []), out)
    if raw is not None and plan.targets:
        day = _date("as_of", raw, *plan_window((plan,)), out)
        if day is not None:
            out.values[state.AS_OF] = day


def parse(params: Mapping[str, list[str]], plans: tuple[Plan, ...], default_plan: str) -> Reading:
    """The values the URL's parameters (name → every value given) set, and those it cannot."""
    out = Reading()
    by_id = {p.id: p for p in plans}
    raw = _single("plan", params.get("plan", []), out)
    plan_id = _choice("plan", raw, {i: i for i in by_id}, out) if raw is not None else None
    if plan_id is not None:
        out.values[state.PLAN] = plan_id
    plan = by_id.get(str(plan_id or default_plan)) or (plans[0] if plans else None)
    if plan is not None:
        _plan_values(params, plan, out)
    if (raw := _single("mode", params.get("mode", []), out)) is not None:
        value = _choice("mode", raw, {"projector": True, "normal": False}, out)
        if value is not None:
            out.values[state.PROJECTOR] = value
    for name, key in TOGGLES.items():
        if (raw := _single(name, params.get(name, []), out)) is not None:
            value = _choice(name, raw, {"1": True, "0": False}, out)
            if value is not None:
                out.values[key] = value
    for name, (key, low, high, step) in SLIDERS.items():
        if (raw := _single(name, params.get(name, []), out)) is not None:
            number = _integer(name, raw, low, high, step, out)
            if number is not None:
                out.values[key] = number
    return out


def _current() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def seed(plans: tuple[Plan, ...], default_plan: str) -> None:
    """On a session's first run, set the session values the URL carries; keep the refused ones."""
    if st.session_state.get(state.URL_SEEDED):
        return
    reading = parse(_current(), plans, default_plan)
    for key, value in reading.values.items():
        st.session_state[key] = value
    st.session_state[state.URL_REJECTED] = reading.rejected
    st.session_state[state.URL_SEEDED] = True


def _shown(value: str) -> str:
    text = "".join(c if c.isprintable() else "?" for c in value)
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def sentence(rejected: list[Rejected]) -> str:
    """One line naming every refused value and why; the defaults are used instead."""
    items = [messages.render("url_item", param=_shown(r.param), value=_shown(r.value),
                             reason=messages.render(f"url_reason_{r.reason}", **dict(r.context)))
             for r in rejected]
    return messages.render("url_values_ignored", items=d("list_sep").join(items))


def show_notice() -> None:
    """Show (once, on the run that read the URL) which URL values were refused."""
    rejected = st.session_state.pop(state.URL_REJECTED, None)
    if rejected:
        with st.container(key="url_notice"):
            st.info(notice.escape(sentence(rejected)), icon=":material/link_off:")


def write(owned: Collection[str], values: Mapping[str, str | list[str]]) -> None:
    """Set the parameters in `owned` to `values` (a name missing from `values` is removed).

    Every value of a repeated parameter is compared, not only the last: removing the first of two
    regions changes the URL.
    """
    current = _current()
    wanted = {k: v for k, v in current.items() if k not in owned}
    wanted |= {k: [v] if isinstance(v, str) else list(v) for k, v in values.items() if k in owned and v}
    if wanted != current:
        st.query_params.from_dict({k: v[0] if len(v) == 1 else v for k, v in wanted.items()})
