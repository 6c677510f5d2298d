"""督办: the duty calendar (this month and next, overdue first), the region × duty grid of a year with each
item's history, evidence and forms, and the chase list (三色督办单)."""

from __future__ import annotations

import streamlit as st

from targets.messages import DUTY_METHOD, DUTY_STATE_LABELS
from targets.method.duties import STATES
from ui import chase_panel, data, duty_panel, frame, notice, widgets
from ui import duties as views
from ui.strings import PAGE_TITLES, u

ctx = frame.page("duties")
f, user = ctx.filters, ctx.user
plan = data.plan(f.plan)
widgets.style("duties", f.projector)
st.title(f"{PAGE_TITLES['duties']} · {plan.title}")
notice.show_flash()
duty_panel.show_error()
as_of = st.date_input(u("as_of"), value=duty_panel.today(), key="duties_as_of")
table = views.plan_items(f, as_of)
st.caption(DUTY_METHOD.format(days=data.settings().duty_soon_days))

with st.container(key="duties_kpis"):
    counts = views.state_counts(table)
    widgets.metrics([(s, DUTY_STATE_LABELS[s], f"{counts[s]:,}") for s in STATES])

calendar_tab, grid_tab, chase_tab = st.tabs([u("tab_calendar"), u("tab_grid"), u("tab_chase")], key="duties_tab",
                                            on_change="rerun")  # keyed: a write keeps its tab open

with calendar_tab:
    start, end = views.window(as_of)
    widgets.heading(u("calendar_header", start=start, end=end))
    rows = views.calendar(table, user, as_of)
    if rows.empty:
        st.info(u("calendar_empty"))
    else:
        if user is not None and user.role == "officer":
            st.caption(u("calendar_mine"))
        widgets.table(rows, key="duties_calendar", projector=f.projector, max_rows=12 if f.projector else None)

with grid_tab:
    years = views.years(table)
    if not years:
        st.info(u("grid_empty"))
    else:
        default = as_of.year if as_of.year in years else years[-1]
        year = st.selectbox(u("grid_year"), years, index=years.index(default), key="duties_year")
        widgets.heading(u("grid_header", year=year))
        with st.container(key="duties_grid"):
            st.html(views.grid(table, plan, year))
        st.html(views.state_legend())
        st.caption(u("grid_note"))
        widgets.heading(u("cell_header"))
        key = duty_panel.pick_cell(table, year, user)
        if key is not None:
            duty_panel.cell(table, key, user)

with chase_tab:
    chase_panel.render_tab(plan.id, as_of, user)
