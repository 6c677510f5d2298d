"""推演: what if every region keeps the pace of its last N months, the pace changes by x%, the deadlines
move, or uncertain targets are left out — which targets and regions would then be met, and when."""

from __future__ import annotations

import streamlit as st

from targets.method.whatif import Scenario
from ui import downloads, frame, query, scenarios, views, widgets
from ui.strings import d


def reset() -> None:
    """Back to the status method's own projection."""
    for key, value in scenarios.defaults().items():
        st.session_state[key] = value


ctx = frame.page("whatif")
f = ctx.filters
plan = widgets.page_header("whatif", f)

for key, value in scenarios.defaults().items():  # the URL may have set some (ui.query)
    if key not in st.session_state:
        st.session_state[key] = value
window_col, pace_col, shift_col, exclude_col = st.columns([3, 3, 3, 2])
low, high, step = query.slider_range("window")
window = window_col.slider(d("whatif_window"), low, high, step=step, key="whatif_window")
low, high, step = query.slider_range("pace")
pace = pace_col.slider(d("whatif_pace"), low, high, step=step, key="whatif_pace")
low, high, step = query.slider_range("shift")
shift = shift_col.slider(d("whatif_shift"), low, high, step=step, key="whatif_shift")
with exclude_col:
    exclude = st.toggle(d("whatif_exclude"), key="whatif_exclude")
    st.button(d("whatif_reset"), key="whatif_reset", on_click=reset, type="tertiary", icon=":material/undo:")
query.write(query.WHATIF, scenarios.url_values(window, pace, shift, exclude))

scenario = Scenario(window=window, pace_change=pace / 100, deadline_shift=shift, exclude_uncertain=exclude)
if not f.projector:  # on the projector the sliders above say it, and the room reads the result below
    st.markdown(f"**{scenarios.sentence(scenario)}**")
table = views.whatif_rows(f)
if table.empty:
    st.info(d("no_rows"))
    st.stop()
result = scenarios.compare(table, scenario, f.as_of)

with st.container(key="whatif_kpis"):
    widgets.metrics([
        ("now", d("kpi_met_now"), d("met_of", met=result.met_now[0], total=result.met_now[1])),
        ("then", d("kpi_met_scenario"), d("met_of", met=result.met_then[0], total=result.met_then[1])),
        ("gained", d("kpi_gained"), str(result.gained)),
        ("lost", d("kpi_lost"), str(result.lost)),
        ("last", d("kpi_last_on_time"), str(result.summary.last_on_time or d("kpi_last_on_time_none"))),
    ])
    st.markdown(d("whatif_summary", text=result.summary.sentence()))

targets_col, regions_col = st.columns([3, 1]) if not f.projector else (st.container(), None)
with targets_col:
    widgets.heading(d("whatif_targets"))
    widgets.table(result.targets, key="whatif_targets", projector=f.projector, max_rows=3, height=480,
                  total=result.rows)
    if not f.projector:
        downloads.table_button(result.all_targets, f"{plan.id}-whatif", key="whatif_targets_download")
if regions_col is not None:
    with regions_col:
        widgets.heading(d("whatif_regions"))
        widgets.table(result.regions, key="whatif_regions", projector=False, height=480)
        downloads.table_button(result.regions, f"{plan.id}-whatif-regions", key="whatif_regions_download")
