"""Agenda mode and the brief download: the meeting's items built from the brief's facts.

One item per screen (overall counts, each category, laggards, overdue duties, since the last
meeting), long lists split into parts that fit 1280×720 at projector size. The figures are the
brief's (targets.brief.facts), gathered from the same filtered board the overview shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from targets import clock, messages, store
from targets.brief import export
from targets.brief.facts import Facts, gather
from targets.method.board import State, make_state, state_board
from targets.method.status import STATUSES
from ui import data, views, widgets
from ui.filters import Filters
from ui.strings import a, d, t

CSS = """
<style>
.st-key-agenda_head button p, .st-key-agenda_head button span, [data-testid="stBaseButton-primary"] p,
[data-testid="stBaseButton-secondary"] p, kbd, .st-key-agenda_head kbd * { font-size: 1rem !important; }
.st-key-agenda_head .dash-h { font-size: 1.4rem; flex: 1 1 auto; }
</style>
"""
PER_SCREEN = {"category": 7, "laggards": 5, "duties": 6, "since": 6}


@dataclass(frozen=True)
class Item:
    key: str  # the item's id in the URL (?item=…)
    kind: str  # counts, category, laggards, duties, since
    title: str
    rows: pd.DataFrame | None = None


def live_state(f: Filters) -> State:
    """The live store as the pages show it, at the filter's date."""
    return make_state(data.plans(), data.allocations(), data.reports(), data.settings(), f.as_of,
                      demo=data.demo_in_use(), obs=data.observations())


def snapshot_names() -> list[str]:
    """Every meeting snapshot, newest first."""
    return [s["name"] for s in reversed(store.snapshots(data.get_engine()))]


def facts(f: Filters, snapshot: str | None = None) -> Facts:
    """The brief's facts for the filters: live (compared with the newest snapshot) or a snapshot
    (compared with the one before it)."""
    engine = data.get_engine()
    if snapshot:
        state = store.load_snapshot(engine, snapshot, data.settings())
        table = f.apply(state_board(state, f.plan))
    else:
        state, table = live_state(f), views.status_rows(f)
    earlier = store.previous(engine, snapshot)
    before = store.load_snapshot(engine, earlier, data.settings()) if earlier else None
    return gather(state, f.plan, table, before, scope=scope(f))


def scope(f: Filters) -> str:
    """The filters in words, for the brief's 筛选范围 line ('' when none narrows the plan)."""
    parts = []
    for label, values in ((d("category"), f.categories), (d("region"), [data.region_name(c) for c in f.regions]),
                          (d("status"), [messages.STATUS_LABELS[s] for s in f.statuses])):
        if values:
            parts.append(f"{label}：{d('list_sep').join(values)}")
    if f.hide_uncertain:
        parts.append(t("hide_uncertain"))
    return "；".join(parts)


def _parts(kind: str, key: str, title: str, rows: pd.DataFrame) -> list[Item]:
    size = PER_SCREEN[kind]
    chunks = [rows.iloc[i:i + size] for i in range(0, len(rows), size)] or [rows]
    if len(chunks) == 1:
        return [Item(key, kind, title, chunks[0])]
    return [Item(f"{key}-{n}", kind, title + a("part", n=n, total=len(chunks)), c) for n, c in enumerate(chunks, 1)]


def items(fx: Facts) -> list[Item]:
    """The agenda of these facts, in meeting order."""
    result = [Item("counts", "counts", a("item_counts"))]
    for i, category in enumerate(fx.categories, 1):
        rows = fx.summaries[fx.summaries["category"] == category]
        result += _parts("category", f"category{i}", a("item_category", category=category), rows)
    result += _parts("laggards", "laggards", a("item_laggards"), fx.laggards)
    result += _parts("duties", "duties", a("item_duties"), fx.duties)
    result += _parts("since", "since", a("item_since"), since_rows(fx))
    return result


def resolve(keys: list[str], asked: str | None) -> str | None:
    """The item a URL names: exactly, or the first part of a split item (?item=laggards → laggards-1)."""
    if asked in keys:
        return asked
    return f"{asked}-1" if f"{asked}-1" in keys else None


def since_rows(fx: Facts) -> pd.DataFrame:
    """Status changes since the last meeting, worse first, then new overdue and better."""
    ch = fx.changes
    if ch is None:
        return pd.DataFrame(columns=["name", "region_name", "before", "after"])
    return pd.DataFrame(ch.worse + ch.better, columns=["name", "region_name", "before", "after"])


def summary_table(rows: pd.DataFrame) -> pd.DataFrame:
    """A category's targets for the projector: name, completion and the count of each status."""
    frame = pd.DataFrame({d("target"): rows["name"],
                          d("completion"): [widgets.pct(v) for v in rows["completion"]]})
    for s in STATUSES:
        frame[messages.render(f"brief_short_{s}")] = [str(n) if n else "" for n in rows[s]]
    return frame


def screen_table(item: Item) -> pd.DataFrame:
    """The rows of a laggards, duties or since item for the projector."""
    rows, m = item.rows, messages.render
    label = messages.STATUS_LABELS
    if item.kind == "laggards":
        return pd.DataFrame({d("region"): data.text(rows, "region_name"), d("target"): data.text(rows, "name"),
                             d("status"): data.text(rows, "status_label"),
                             d("explanation"): data.text(rows, "explanation")})
    if item.kind == "duties":
        return pd.DataFrame({d("target"): rows["name"], d("region"): rows["region_name"],
                             m("brief_col_due"): [str(v) for v in rows["due"]],
                             m("brief_col_responsible"): [d("list_sep").join(v) or "—" for v in rows["responsible"]]})
    return pd.DataFrame({d("target"): rows["name"], d("region"): rows["region_name"],
                         m("brief_col_change"): [m("brief_arrow", before=label.get(b, m("brief_none_before")),
                                                   after=label[x]) for b, x in zip(rows["before"], rows["after"])]})


def overall(fx: Facts) -> str:
    """The overall sentence of the brief (counts of each status)."""
    targets = fx.table["target"].nunique() if len(fx.table) else 0
    return messages.render("brief_overall", date=fx.as_of, targets=targets, items=len(fx.table), **fx.counts)


def brief_bytes(f: Filters, fmt: str, snapshot: str | None = None) -> bytes:
    """The meeting brief for the filters (and snapshot) as PDF or DOCX."""
    fx = facts(f, snapshot)
    state = store.load_snapshot(data.get_engine(), snapshot, data.settings()) if snapshot else live_state(f)
    return export.render(fx, state, fmt)


def brief_buttons(f: Filters, key: str) -> None:
    """Download buttons for the brief as PDF and Word (built when clicked)."""
    left, right, _ = st.columns([1, 1, 2])
    day = f.as_of or clock.today(data.settings().time_zone)
    name = {ext: a("brief_file", plan=f.plan, date=day.isoformat(), ext=ext) for ext in export.FORMATS}
    for column, ext, label in ((left, "pdf", a("brief_pdf")), (right, "docx", a("brief_docx"))):
        with column:
            st.download_button(label, data=lambda ext=ext: brief_bytes(f, ext), file_name=name[ext],
                               mime=export.MIME[ext], key=f"{key}_{ext}", on_click="ignore",
                               icon=":material/description:", help=a("brief_help"))
