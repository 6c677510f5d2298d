"""Render helpers shared by the dashboard pages: status colours and badges, KPI row, status grid, tables.

Status colours are Okabe–Ito (colour-blind safe) and never stand alone: every coloured cell or
badge also carries the status in words. Tables render as HTML (st.table) in projector mode, whose
text scales with the projector font, and as st.dataframe otherwise.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from targets import messages
from targets.messages import STATUS_LABELS
from targets.method.palette import STATUS_COLORS
from targets.method.status import STATUSES
from targets.plans.definitions import Plan
from ui import data, frame
from ui.strings import PAGE_TITLES, STATUS_SHORT, d
from ui.styles import CSS, PROJECTOR_CSS

TEXT_COLOR = "#000000"  # black reads on every status colour (contrast ≥ 5:1)


def style(prefix: str, projector: bool = False) -> None:
    """Inject the dashboard CSS once per run (KPI borders coloured by status for `prefix`)."""
    kpi = "\n".join(
        f".st-key-{prefix}_kpi_{s} {{ border-left: 0.5rem solid {c}; padding-left: 0.2rem; }}"
        for s, c in STATUS_COLORS.items()
    )
    st.html(CSS.replace("{kpi}", kpi) + (PROJECTOR_CSS if projector else ""))


def page_header(name: str, f) -> Plan:
    """The dashboard pages' header: style, "page · plan" title and the data as-of line; returns the plan."""
    plan = data.plan(f.plan)
    style(name, f.projector)
    if f.projector:  # one line for the title and the date: the screen's height goes to the figures
        title, date = st.columns([5, 3], vertical_alignment="bottom")
        title.title(f"{PAGE_TITLES[name]} · {plan.title}")
        with date, st.container(key="page_date"):
            st.caption(d("as_of_caption", date=f.as_of))
    else:
        st.title(f"{PAGE_TITLES[name]} · {plan.title}")
        st.caption(d("as_of_caption", date=f.as_of))
    return plan


def heading(text: str) -> None:
    """A section heading (plain HTML: its height follows the projector font, unlike st.subheader's)."""
    st.html(f'<div class="dash-h">{esc(text)}</div>')


def esc(value: object) -> str:
    """HTML-escaped text of a value ('' for None/NaN)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def badge(status: str, text: str | None = None) -> str:
    """An HTML badge: the status colour with the status in words."""
    label = text if text is not None else STATUS_LABELS.get(status, status)
    return f'<span class="dash-badge" style="background:{STATUS_COLORS.get(status, "#ddd")}">{esc(label)}</span>'


def pct(value: float | None) -> str:
    """A ratio as a whole percentage ('—' when unknown)."""
    if value is None or pd.isna(value):
        return "—"
    return f"{value:.0%}"


def kpi_row(counts: Mapping[str, int], prefix: str, extra: Sequence[tuple[str, str, str]] = ()) -> None:
    """One metric per status (coloured border + label), then extra (key, label, value) metrics."""
    statuses = [s for s in STATUSES if s in counts]
    columns = st.columns(len(statuses) + len(extra))
    for column, status in zip(columns, statuses):
        with column, st.container(key=f"{prefix}_kpi_{status}"):
            st.metric(STATUS_LABELS[status], f"{counts[status]:,}")
    for column, (key, label, value) in zip(columns[len(statuses):], extra):
        with column, st.container(key=f"{prefix}_kpi_{key}"):
            st.metric(label, value)


def metrics(items: Sequence[tuple[str, str, str]]) -> None:
    """A row of plain metrics from (key, label, value), each column as wide as its value needs (a
    date such as 预计达标 2024-12-21 stays on one line at 1280 px)."""
    # a label character is about 0.7 of a figure's width (14 against 20 px; 20 against 36 on the projector)
    weights = [max(len(value), 0.7 * len(label), 5) for _, label, value in items]
    for column, (_, label, value) in zip(st.columns(weights), items):
        column.metric(label, value)


num = messages.number  # one way to print a figure, in the explanations and on the pages


def facts(pairs: Sequence[tuple[str, object]]) -> str:
    """HTML definition list of (label, value) pairs, escaped."""
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in pairs)
    return f'<table class="dash-facts">{rows}</table>'


def status_legend(statuses: Sequence[str] = STATUSES) -> str:
    """HTML legend of the status colours, each with its label."""
    return legend([(STATUS_COLORS[s], STATUS_LABELS[s]) for s in statuses])


def legend(items: Sequence[tuple[str, str]]) -> str:
    """HTML legend from (colour, label) pairs."""
    parts = [f'<span><span class="sw" style="background:{c}"></span>{esc(label)}</span>' for c, label in items]
    return f'<div class="dash-legend">{"".join(parts)}</div>'


def status_grid(cells: pd.DataFrame, rows: Sequence[tuple[str, str]], columns: Sequence[tuple[str, str]]) -> str:
    """HTML region × target grid: each cell coloured by status, with completion and the short status.

    `cells` has columns region, target, status, completion, explanation; `rows`/`columns` are
    (code, label) in display order.
    """
    fields = [c for c in ("region", "target", "status", "completion", "explanation", "kind") if c in cells]
    drawn = cells[fields]
    drawn = drawn[drawn["region"].isin([code for code, _ in rows])]  # only the rows shown, not the whole table
    values = [drawn[c].to_numpy(dtype=object).tolist() for c in fields]  # plain values (not arrow scalars)
    lookup = {(rec["region"], rec["target"]): rec for rec in (dict(zip(fields, v)) for v in zip(*values))}
    head = "".join(f'<th title="{esc(label)}"><div>{esc(label)}</div></th>' for _, label in columns)
    body = []
    for region, region_label in rows:
        tds = []
        for target, _ in columns:
            rec = lookup.get((region, target))
            if rec is None:
                tds.append("<td></td>")
                continue
            color = STATUS_COLORS[rec["status"]]
            # duties (milestones, yearly tasks) are done or not: a percentage would only confuse
            figure = "" if rec.get("kind") in ("milestone", "recurring") else f'{pct(rec["completion"])} '
            tds.append(
                f'<td style="background:{color};color:{TEXT_COLOR}" title="{esc(rec["explanation"])}">'
                f'{figure}{esc(STATUS_SHORT[rec["status"]])}</td>'
            )
        body.append(f"<tr><th>{esc(region_label)}</th>{''.join(tds)}</tr>")
    return (f'<div class="dash-wrap"><table class="dash-grid"><thead><tr><th>{esc(d("region"))}</th>{head}'
            f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def table(frame: pd.DataFrame, key: str, projector: bool, max_rows: int | None = None,
          height: int | str = "auto", widths: Mapping[str, int] | None = None, total: int | None = None) -> None:
    """A table in a keyed container: st.table in projector mode (top `max_rows`), else st.dataframe
    (`widths`: px per column label, for columns the grid's own sizing would cut with "…").
    `total`: how many rows the whole table has when `frame` holds only its first ones (a caption
    says so; the download has them all)."""
    total = len(frame) if total is None else total
    with st.container(key=key):
        if frame.empty:
            st.caption(d("no_rows"))
            return
        if projector:
            shown = frame if max_rows is None else frame.head(max_rows)
            st.table(shown, hide_index=True)
            if total > len(shown):
                st.caption(d("more_rows", n=total - len(shown)))
        else:
            rows_px = 38 + 35 * len(frame)  # header + rows: no empty space under a short table
            fit = height if height == "auto" or rows_px > height else "auto"
            config = {c: st.column_config.Column(width=w) for c, w in (widths or {}).items() if c in frame.columns}
            st.dataframe(_arrow(frame), hide_index=True, width="stretch", height=fit, column_config=config or None)
            if total > len(frame):
                st.caption(d("table_capped", shown=len(frame), n=total))


def _arrow(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """The frame as an arrow table, converted on this thread (Streamlit's conversion starts a thread pool per
    table: 0.75 ms against 0.16 ms for a country's 2,845 rows); a frame arrow cannot take as it is goes to
    Streamlit, which converts its odd columns to text."""
    try:
        return pa.Table.from_pandas(frame, preserve_index=False, nthreads=1)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return frame


def page_link(page: str, label: str, icon: str) -> None:
    """A link to another page of the app (nothing when the page runs alone, without navigation)."""
    try:
        st.page_link(str(frame.page_file(page)), label=label, icon=icon)
    except StreamlitPageNotFoundError:
        pass  # AppTest of a single page file: there is no navigation to link into
