"""The shared filter set: rendered once per run by the frame, kept across pages and in the URL.

Widget state is per page in Streamlit, so each filter's value is kept under a persistent
session key (ui.state) and copied into its widget before rendering; the URL's query parameters
(parsed and range-checked by ui.query) seed the values when a session starts, and are rewritten
after every change, so a bookmark reopens the same view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from targets import messages
from targets.method import tracking
from targets.method.status import STATUSES
from ui import data, query, state
from ui.strings import t


@dataclass(frozen=True)
class Filters:
    plan: str
    categories: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    as_of: dt.date | None = None
    hide_uncertain: bool = False
    projector: bool = False

    def apply(self, table: pd.DataFrame) -> pd.DataFrame:
        """The rows of a status table this filter set keeps."""
        if table.empty:
            return table
        keep = table["plan"] == self.plan
        for column, wanted in (("category", self.categories), ("lead", self.leads),
                               ("region", self.regions), ("status", self.statuses)):
            if wanted:
                keep &= table[column].isin(wanted)
        if self.hide_uncertain:
            keep &= ~table["uncertain"].astype(bool)
        return table if keep.all() else table[keep]  # nothing left out: no copy of 85,000 rows


def write_url(f: Filters, default_as_of: dt.date) -> None:
    """Rewrite the filters' query parameters from the current filters (defaults left out)."""
    params: dict[str, str | list[str]] = {"plan": f.plan}
    for param, values in (("category", f.categories), ("lead", f.leads), ("region", f.regions),
                          ("status", f.statuses)):
        if values:
            params[param] = list(values)
    if f.as_of and f.as_of != default_as_of:
        params["as_of"] = f.as_of.isoformat()
    if f.hide_uncertain:
        params["hide_uncertain"] = "1"
    if f.projector:
        params["mode"] = "projector"
    query.write(query.FILTERS, params)


def _widget(render: Callable[..., object], key: str, default: object, valid: Callable[[object], object],
            **kwargs: object) -> object:
    """A widget whose value survives page switches (kept under `key`, rendered under `w_<key>`)."""
    value = valid(st.session_state.get(key, default))
    wkey = f"w_{key}"
    st.session_state[wkey] = value
    result = render(key=wkey, on_change=_keep, args=(wkey, key), **kwargs)
    st.session_state[key] = result
    return result


def _keep(wkey: str, key: str) -> None:
    """Widget callback: copy the new widget value to its persistent key before the rerun."""
    st.session_state[key] = st.session_state[wkey]


def render() -> Filters:
    """Draw the filter widgets in the sidebar and return the filter set."""
    plans = data.plans()
    query.seed(plans, state.DEFAULT_PLAN)
    plan_ids = [p.id for p in plans]
    titles = {p.id: p.title for p in plans}
    sidebar = st.sidebar
    sidebar.subheader(t("filters"))
    plan_id = _widget(sidebar.selectbox, state.PLAN, state.DEFAULT_PLAN if state.DEFAULT_PLAN in plan_ids
                      else plan_ids[0], lambda v: v if v in plan_ids else plan_ids[0],
                      label=t("plan"), options=plan_ids, format_func=titles.get)
    plan = next(p for p in plans if p.id == plan_id)
    cats = sorted({x.category for x in plan.targets})
    leads = sorted({x.lead for x in plan.targets if x.lead})
    codes = list(dict.fromkeys(list(plan.regions) + [plan.region]))

    def subset(options):
        return lambda v: [x for x in (v or []) if x in options]

    categories = _widget(sidebar.multiselect, state.CATEGORY, [], subset(cats), label=t("category"),
                         options=cats, placeholder=t("all"))
    chosen_leads = _widget(sidebar.multiselect, state.LEAD, [], subset(leads), label=t("lead"),
                           options=leads, placeholder=t("all"))
    chosen_regions = _widget(sidebar.multiselect, state.REGION, [], subset(codes), label=t("region"),
                             options=codes, format_func=data.region_labels(tuple(codes)).__getitem__,
                             placeholder=t("all"))
    statuses = _widget(sidebar.multiselect, state.STATUS, [], subset(STATUSES), label=t("status"),
                       options=list(STATUSES), format_func=messages.STATUS_LABELS.get, placeholder=t("all"))
    earliest, latest = tracking.plan_window((plan,)) if plan.targets else (None, None)
    default_as_of = data.plan_as_of(plan_id)
    if earliest and latest:  # the method answers only within its window (targets.method.status)
        default_as_of = min(max(default_as_of, earliest), latest)
    as_of_key = f"{state.AS_OF}_{plan_id}"
    if state.AS_OF in st.session_state and as_of_key not in st.session_state:
        st.session_state[as_of_key] = st.session_state[state.AS_OF]
    earliest, latest = earliest or default_as_of, latest or default_as_of
    as_of = _widget(sidebar.date_input, as_of_key, default_as_of,
                    lambda v: v if isinstance(v, dt.date) and earliest <= v <= latest else default_as_of,
                    label=t("as_of"), min_value=earliest, max_value=latest)
    st.session_state[state.AS_OF] = as_of
    hide = _widget(sidebar.toggle, state.HIDE_UNCERTAIN, False, bool, label=t("hide_uncertain"))
    projector = _widget(sidebar.toggle, state.PROJECTOR, False, bool, label=t("projector"))
    filters = Filters(plan_id, tuple(categories), tuple(chosen_leads), tuple(chosen_regions), tuple(statuses),
                      as_of, hide, projector)
    write_url(filters, default_as_of)
    return filters
