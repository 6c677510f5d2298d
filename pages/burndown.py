"""燃尽图: one target's remaining amount against time (or burn-up), planned line, actual, forecast and
the monthly pace still required; per region as small multiples; milestones and duties as a timeline."""

from __future__ import annotations

import streamlit as st

from targets import messages
from ui import charts, data, downloads, frame, query, series, state, views, widgets
from ui.strings import PAGE_TITLES, d

ALL = query.ALL_REGIONS
VIEWS = {"down": d("view_down"), "up": d("view_up")}

ctx = frame.page("burndown")
f = ctx.filters
widgets.style("burndown", f.projector)
table = views.status_rows(f)
options = series.target_options(table)
if not f.projector:  # on the projector the chart's own title names the target
    st.title(PAGE_TITLES["burndown"])
if not options:
    st.info(d("no_targets"))
    st.stop()

preferred = state.get(state.TARGET)
if st.session_state.get("burndown_target") not in options:
    burnable = [t for t in options if series.burns_down(data.target(t))]  # open on a real burn-down
    st.session_state["burndown_target"] = preferred if preferred in options else (burnable or list(options))[0]
pick_target, pick_region, pick_view = st.columns([3, 2, 2])
target_id = pick_target.selectbox(d("burndown_target"), list(options), format_func=options.get, key="burndown_target")
state.put(state.TARGET, target_id)
target = data.target(target_id)
table = table[table["target"] == target_id]  # the chosen target's rows: every view below looks at them only
regions = series.region_options(table, target_id)
region_keys = ([ALL] if series.can_sum(target, regions) else []) + list(regions)
if st.session_state.get("burndown_region") not in region_keys:
    st.session_state["burndown_region"] = region_keys[0]
region = pick_region.selectbox(d("burndown_region"), region_keys, key="burndown_region",
                               format_func=lambda c: d("all_regions") if c == ALL else regions[c])
place = d("all_regions") if region == ALL else regions[region]
if not f.projector:  # on the projector the chart's 统计日 rule shows the date
    st.caption(d("as_of_caption", date=f.as_of))

if not series.burns_down(target):
    query.write(query.BURNDOWN, {"target": target_id, "target_region": region})
    pick_view.empty()
    st.caption(d("timeline_note"))
    events = series.timeline(target, table, f.as_of)
    chart = charts.timeline(events, f"{target.name}（{target.unit}）", f.as_of, f.projector)
    with st.container(key="burndown_timeline"):
        if f.projector:  # the stage's fixed width (ui.frame); the timeline is the whole screen
            st.altair_chart(chart.properties(width=charts.STAGE_CHART[0]), width="content")
            st.stop()
        st.altair_chart(chart, width="stretch")
    downloads.chart_buttons(chart, f"{target.id}-timeline", key="burndown_timeline_download", width=900)
    widgets.table(series.region_rows(table, target_id), key="burndown_regions", projector=False)
    downloads.table_button(series.region_rows(table, target_id), f"{target.id}-regions", key="burndown_rows_xlsx")
    st.stop()

view = pick_view.segmented_control(d("burndown_view"), list(VIEWS), format_func=VIEWS.get, key="burndown_view",
                                   default=None if "burndown_view" in st.session_state else "down") or "down"
query.write(query.BURNDOWN, {"target": target_id, "target_region": region, "view": view})
up = view == "up"
burn = series.burn(target, table, None if region == ALL else region, f.as_of)
with st.container(key="burndown_explanation"):
    st.html(f'<div class="dash-expl">{widgets.badge(burn.result.status)} '
            f"{widgets.esc(series.explanation(burn, f.as_of))}</div>")

fc, unit = burn.forecast, target.unit
with st.container(key="burndown_kpis"):
    widgets.metrics([
        ("remaining", d("kpi_remaining"), messages.amount(series.remaining_now(burn), unit, up=True)),
        ("months_left", d("kpi_months_left"), widgets.num(fc.months_left)),
        ("required", d("kpi_required"), messages.per_month(fc.required_monthly, unit, up=True)),
        ("recent", d("kpi_recent"), messages.per_month(fc.recent_monthly, unit)),
        ("forecast", d("kpi_forecast"), str(fc.forecast_date) if fc.forecast_date else d("forecast_never")),
    ])

frame_lines = series.lines(burn, f.as_of, up)
if f.projector:  # one screen: the chart only, on the projector stage's fixed width (ui.frame)
    chart = charts.burn(frame_lines, f"{target.name} · {place}", unit, up, burn.spec.deadline, f.as_of,
                        burn.spec.target, True, height=charts.STAGE_CHART[1], width=charts.STAGE_CHART[0])
    with st.container(key="burndown_chart"):
        st.altair_chart(chart, width="content")
    st.stop()

main_tab, regions_tab = st.tabs([d("tab_main"), d("tab_regions")])
with main_tab:
    chart = charts.burn(frame_lines, f"{target.name} · {place}", unit, up, burn.spec.deadline, f.as_of,
                        burn.spec.target, False, height=380)
    with st.container(key="burndown_chart"):
        st.altair_chart(chart, width="stretch")
    downloads.chart_buttons(chart, f"{target.id}-{view}", key="burndown_chart_download", width=900)
with regions_tab:
    grid = series.small_multiples(target, table, f.as_of, up)
    small = charts.multiples(grid, unit, up, False, columns=4)
    with st.container(key="burndown_multiples"):
        st.altair_chart(small, width="content")
    downloads.chart_buttons(small, f"{target.id}-regions-{view}", key="burndown_multiples_download")
    widgets.table(series.region_rows(table, target_id), key="burndown_regions", projector=False)
    downloads.table_button(series.region_rows(table, target_id), f"{target.id}-regions", key="burndown_rows_xlsx")
