"""地图: completion per region for the plan, a category or one target; click or select a region to drill in."""

from __future__ import annotations

import streamlit as st

from targets.config import TABLE_ROWS_SHOWN
from targets.messages import REGION_METHOD
from ui import data, downloads, frame, maps, views, widgets
from ui.strings import STATUS_SHORT, d

COLORINGS = {"completion": d("color_completion"), "status": d("color_status")}

ctx = frame.page("map")
f = ctx.filters
plan = widgets.page_header("map", f)

table = views.shown_rows(f)
subjects = views.map_subjects(table)
if st.session_state.get("map_subject") not in subjects:
    st.session_state["map_subject"] = views.ALL

# A click on the map selects the region; the selectbox beside it is the keyboard/test fallback. The
# chart is then drawn under the other of two keys, without the click: Streamlit would keep it as the
# chart's selection and paint its own highlight over every region (the served counties' colours,
# which it cannot read, grey), where the selected region's black outline says it.
region_keys = [""] + list(plan.regions)
chart_key = st.session_state.setdefault("map_chart_key", maps.CHART_KEYS[0])
clicked = maps.picked(st.session_state.get(chart_key))
if clicked is not None:
    if clicked in plan.regions:
        st.session_state["map_region"] = clicked
    st.session_state["map_chart_key"] = chart_key = maps.CHART_KEYS[1 - maps.CHART_KEYS.index(chart_key)]
if st.session_state.get("map_region") not in region_keys:
    st.session_state["map_region"] = ""

# The map's box: on the projector stage (ui.frame, 1280×720 CSS px) three fifths of 1236 px; in
# normal mode at 1280 px with the sidebar open about 480 px wide (wider screens only add margin).
height, width = (600, 720) if f.projector else (480, 470)
map_col, side_col = st.columns([3, 2])
with side_col:
    subject = st.selectbox(d("map_subject"), list(subjects), format_func=subjects.get, key="map_subject")
    coloring = st.segmented_control(d("map_color"), list(COLORINGS), format_func=COLORINGS.get,
                                    key="map_color", default="completion") or "completion"
    by_status = coloring == "status"
    st.html(widgets.status_legend() if by_status else widgets.legend(maps.completion_legend()))
    values = views.region_values(table, plan, subject, views.plan_rows(f))
    if not values["single"].any():  # several targets: say how a region gets its status
        with st.container(key="map_method"):
            st.caption(d("map_rule_short") if f.projector else REGION_METHOD)
            if by_status and not f.projector:
                st.caption(d("map_label_note"))
    labels = {"": d("map_region_none"), **data.region_labels(tuple(plan.regions))}
    region = st.selectbox(d("map_region"), region_keys, key="map_region", format_func=labels.__getitem__)

with map_col:
    deck = maps.deck(values, plan, by_status, STATUS_SHORT, selected=region or None, height=height,
                     text_size=20 if f.projector else 16, compact=f.projector, width=width)
    st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=chart_key, height=height)
    if not values["reported"].any():
        st.info(d("map_not_allocated"))
    dots = maps.dots(plan)
    if dots and not f.projector:
        st.caption(d("map_no_polygon", names=d("list_sep").join(data.region_name(c) for c in dots)))
    if not f.projector:
        downloads.chart_buttons(lambda: maps.static_chart(deck, f"{plan.title} · {subjects[subject]}"),
                                f"{plan.id}-map", key="map_download")

with side_col:
    if region:
        widgets.heading(d("map_region_header", name=data.region_name(region)))
        detail = views.region_detail(table, region, brief=f.projector)
        widgets.table(detail, key="map_region_detail", projector=f.projector, max_rows=5)
        if not f.projector:
            downloads.table_button(detail, f"{plan.id}-{region}", key="map_region_download")
    elif not f.projector:  # on the projector the labels on the map carry the values
        region_table = views.region_table(values)
        widgets.table(views.region_table_shown(values, region_table, TABLE_ROWS_SHOWN), key="map_values",
                      projector=False, height=height - 200, total=len(region_table))
        downloads.table_button(region_table, f"{plan.id}-map", key="map_values_download")
