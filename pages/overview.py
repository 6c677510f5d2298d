"""总览: data as-of date, counts by status, the region × target grid (laggards first), the laggard list."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from targets.messages import STATUS_LABELS
from ui import agenda, downloads, duty_overview, frame, views, widgets
from ui.strings import d

ctx = frame.page("overview")
f = ctx.filters
plan = widgets.page_header("overview", f)

table = views.status_rows(f)
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
    if rows and not f.projector:
        grid_export = pd.DataFrame({
            d("region"): cells["region_name"], d("target"): cells["name"],
            d("status"): cells["status"].map(STATUS_LABELS), d("completion"): cells["completion"],
            d("explanation"): cells["explanation"],
        })
        downloads.table_button(grid_export, f"{plan.id}-grid", key="overview_grid_download")

with lag_col:
    widgets.heading(d("laggards_header"))
    lagging = views.laggards(table, brief=f.projector)
    if lagging.empty:
        st.success(d("no_laggards"))
    else:
        widgets.table(lagging, key="overview_laggards", projector=f.projector, max_rows=5 if f.projector else None)
        if not f.projector:
            downloads.table_button(lagging, f"{plan.id}-laggards", key="overview_laggards_download")
            widgets.page_link("burndown", d("to_burndown"), ":material/trending_down:")

if not f.projector:  # the room sees the duty counts above; the ranking is on the duties page
    duty_overview.ranking(f)
