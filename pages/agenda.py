"""会议议程: the meeting on the projector, one item per screen, advanced by a key or a timer; each
item has its own URL (?item=…); optionally as frozen in a meeting snapshot."""

from __future__ import annotations

import streamlit as st

from ui import agenda, frame, widgets
from ui.strings import PAGE_TITLES, a, d

asked = st.query_params.get("item")  # read before the frame rewrites the URL from the filters
ctx = frame.page("agenda")
f = ctx.filters
widgets.style("agenda", projector=True)
st.html(frame.PROJECTOR_CSS + agenda.CSS)

snapshots = agenda.snapshot_names()
with st.sidebar:
    snapshot = st.selectbox(a("snapshot"), [""] + snapshots, key="agenda_snapshot",
                            format_func=lambda n: n or a("live"))
    auto = st.toggle(a("auto"), key="agenda_auto")
    seconds = st.number_input(a("seconds"), min_value=5, max_value=600, value=30, step=5, key="agenda_seconds")
facts = agenda.facts(f, snapshot or None)
items = agenda.items(facts)
keys = [i.key for i in items]
if agenda.resolve(keys, asked) and not st.session_state.get("agenda_seeded"):
    st.session_state["agenda_item"] = agenda.resolve(keys, asked)
st.session_state["agenda_seeded"] = True
if st.session_state.get("agenda_item") not in keys:
    st.session_state["agenda_item"] = keys[0]
index = keys.index(st.session_state["agenda_item"])


def _go(step: int) -> None:
    st.session_state["agenda_item"] = keys[(keys.index(st.session_state["agenda_item"]) + step) % len(keys)]


item = items[index]
st.query_params["item"] = item.key
with st.container(key="agenda_head", horizontal=True, vertical_alignment="center"):
    st.html(f'<div class="dash-h">{widgets.esc(PAGE_TITLES["agenda"])} · {widgets.esc(item.title)}</div>')
    st.button(a("prev"), key="agenda_prev", on_click=_go, args=(-1,), shortcut="Left")
    st.button(a("next"), key="agenda_next", on_click=_go, args=(1,), shortcut="Right", type="primary")
    st.caption(a("position", n=index + 1, total=len(items)))
st.caption(d("as_of_caption", date=facts.as_of) + ("　" + snapshot if snapshot else ""))

with st.container(key=f"agenda_item_{item.kind}"):
    if item.kind == "counts":
        widgets.kpi_row(facts.counts, "agenda", extra=[("total", d("total"), f"{len(facts.table):,}")])
        st.html(f'<div class="dash-expl">{widgets.esc(agenda.overall(facts))}</div>')
    elif item.rows is None or item.rows.empty:
        st.caption(a("none"))
    elif item.kind == "category":
        widgets.table(agenda.summary_table(item.rows), key="agenda_table", projector=True)
    else:
        widgets.table(agenda.screen_table(item), key="agenda_table", projector=True)
st.caption(a("keys"))


@st.fragment(run_every=seconds if auto else None)
def _timer() -> None:
    if st.session_state.get("agenda_armed"):
        _go(1)
        st.rerun()
    st.session_state["agenda_armed"] = True


st.session_state["agenda_armed"] = False
if auto:
    _timer()
