"""总览: data as-of date, counts by status, the region × target grid (laggards first), the laggard list."""

from __future__ import annotations

import streamlit as st

from targets.config import TABLE_ROWS_SHOWN
from ui import agenda, downloads, duty_overview, frame, views, widgets
from ui.strings import d

ctx = frame.page("overview")
f = ctx.filters
plan = widgets.page_header("overview", f)

table = views.shown_rows(f)
counts = views.status_counts(table)
widgets.kpi_row(counts, "overview", extra=[("total", d("total"), f"{len(table):,}")])
if ctx.user and ctx.user.role == "admin" and not f.projector:  # the office: the meeting brief in one click
    agenda.brief_buttons(f, key="overview_brief")
duty_overview.counts(f)

if table.empty:
    st.info(d("no_rows"))
    widgets.page_link("upload", d("to_upload"), ":material/upload_file:")
    st.stop()

cells, rows, columns = views.grid(table, plan)
# projector: the grid and the laggards side by side, so the room sees both on one screen
grid_col, lag_col = st.columns([5, 3]) if f.projector else (st.container(), st.container())

with grid_col:
    widgets.heading(d("grid_header"))
    with st.container(key="overview_grid"):
        if rows:
            st.html(widgets.status_grid(cells, rows[: views.GRID_MAX], columns))
            if len(rows) > views.GRID_MAX:
                st.caption(d("grid_more", shown=views.GRID_MAX, n=len(rows) - views.GRID_MAX))
            if not f.projector:  # in projector mode the KPI row above is the legend
                st.html(widgets.status_legend())
                st.caption(d("grid_note"))
        else:
            st.caption(d("grid_none"))
    if rows and not f.projector:  # every cell, built on click
        downloads.table_button(lambda: views.grid_table(cells), f"{plan.id}-grid", key="overview_grid_download")

with lag_col:
    widgets.heading(d("laggards_header"))
    # the most behind on screen; all of them in the download
    lagging = views.laggards(table, brief=f.projector, limit=5 if f.projector else TABLE_ROWS_SHOWN)
    if lagging.empty:
        st.success(d("no_laggards"))
    else:
        widgets.table(lagging, key="overview_laggards", projector=f.projector, total=views.lagging_count(table))
        if not f.projector:
            downloads.table_button(lambda: views.laggards(table), f"{plan.id}-laggards",
                                   key="overview_laggards_download")
            widgets.page_link("burndown", d("to_burndown"), ":material/trending_down:")

if not f.projector:  # the room sees the duty counts above; the ranking is on the duties page
    duty_overview.ranking(f)
