"""The overview's duty section: duty items counted by state (apart from the count targets) and the
ranking of regions by on-time rate this year."""

from __future__ import annotations

import streamlit as st

from targets.messages import DUTY_STATE_LABELS
from targets.method.duties import STATES
from ui import duties as views
from ui import widgets
from ui.filters import Filters
from ui.strings import u


def counts(f: Filters) -> None:
    """A row of duty-state counts for the items of the as-of year (keys overview_duty_kpi_<state>)."""
    table = views.plan_items(f, f.as_of)
    year = table[table["year"] == f.as_of.year]
    if year.empty:
        return
    found = views.state_counts(year)
    shown = [s for s in STATES if found[s] or s in ("overdue", "due_soon", "done_on_time")]
    heading = u("overview_duties", year=f.as_of.year)
    if f.projector:  # one line: the screen's height goes to the grid and the laggards
        parts = "".join(f"<span>{widgets.esc(DUTY_STATE_LABELS[s])} <b>{found[s]:,}</b></span>" for s in shown)
        with st.container(key="overview_duty_line"):
            st.html(f'<div class="dash-line"><span><b>{widgets.esc(heading)}</b></span>{parts}</div>')
        return
    widgets.heading(heading)
    for column, state in zip(st.columns(len(shown)), shown):
        with column, st.container(key=f"overview_duty_kpi_{state}"):
            st.metric(DUTY_STATE_LABELS[state], f"{found[state]:,}")


def ranking(f: Filters) -> None:
    """Regions by on-time rate of their duties in the as-of year (best first)."""
    table = views.plan_items(f, f.as_of)
    ranked = views.ranking(table, f.as_of.year, f.as_of)
    widgets.heading(u("ranking_header", year=f.as_of.year))
    if ranked.empty:
        st.caption(u("ranking_empty"))
        return
    widgets.table(ranked, key="overview_duty_ranking", projector=f.projector, max_rows=6 if f.projector else None)
