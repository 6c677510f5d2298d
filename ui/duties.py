"""View models of the 督办 page and the overview's duty section, from the cached duty items in ui.data.

Pages only render: the calendar window, the region × duty grid, the cell choices, the state
counts and the on-time ranking are built here.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt

import pandas as pd

from targets import clock
from targets.messages import DUTY_ACTION_LABELS, DUTY_SOURCE_LABELS, DUTY_STATE_LABELS, UNCERTAIN_LABEL
from targets.method.duties import STATES, Event, Item, on_time_rates
from targets.plans import regions
from targets.plans.definitions import Plan
from targets.store.accounts import User
from ui import data
from ui.filters import Filters
from ui.strings import DUTY_COLUMNS as C
from ui.strings import DUTY_STATE_SHORT, u
from ui.widgets import esc, legend

STATE_COLORS = {
    "overdue": "#D55E00", "due_soon": "#56B4E9", "submitted": "#F0E442", "not_due": "#DDDDDD",
    "done_late": "#E69F00", "done_on_time": "#009E73", "not_applicable": "#FFFFFF",
}


def plan_items(f: Filters, as_of: dt.date) -> pd.DataFrame:
    """The duty items of the filter set's plan at `as_of`, narrowed by lead unit, region and 存疑."""
    table = data.duty_items(as_of)
    keep = table["plan"] == f.plan
    if f.leads:
        keep &= table["lead"].isin(f.leads)
    if f.regions:
        keep &= table["region"].isin(f.regions)
    if f.hide_uncertain:
        keep &= ~table["uncertain"].astype(bool)
    return table[keep]


def owned(table: pd.DataFrame, user: User | None) -> pd.Series:
    """Which items the logged-in officer's regions owe."""
    if user is None or user.role != "officer" or table.empty:
        return pd.Series(False, index=table.index)
    return table["region"].map(lambda code: any(regions.is_within(code, own) for own in user.regions))


def window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """This month and the next: their first and last days."""
    start = as_of.replace(day=1)
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    return start, dt.date(year, month, cal.monthrange(year, month)[1])


def marked(name: object, uncertain: object, inferred: object) -> str:
    """A duty's name, marked 存疑 where the document's text does not fix its date or value."""
    return u("marked", name=name, mark=UNCERTAIN_LABEL) if uncertain or inferred else str(name)


def calendar(table: pd.DataFrame, user: User | None, as_of: dt.date) -> pd.DataFrame:
    """Items due this month or next, and every overdue item; the officer's own first, then overdue first."""
    start, end = window(as_of)
    rows = table[((table["due"] >= start) & (table["due"] <= end)) | (table["state"] == "overdue")]
    rows = rows.assign(_mine=~owned(rows, user), _rank=rows["state"].map(STATES.index))
    rows = rows.sort_values(["_mine", "_rank", "due", "target", "region"])
    frame = pd.DataFrame({
        C["state"]: rows["state"].map(DUTY_STATE_LABELS), C["due"]: rows["due"],
        C["name"]: [marked(*v) for v in zip(rows["name"], rows["uncertain"], rows["inferred"])],
        C["region_name"]: rows["region_name"], C["unit"]: rows["unit"],
        C["done"]: [d if isinstance(d, dt.date) else "" for d in rows["done"]],
        C["note"]: [r or n for r, n in zip(rows["reason"], rows["note"])],
    })
    if user is not None and user.role == "officer":
        frame.insert(0, C["mine"], list(~rows["_mine"]))
    return frame


def years(table: pd.DataFrame) -> list[int]:
    """The years the plan's duties fall due in."""
    return sorted(int(y) for y in table["year"].unique()) if not table.empty else []


def _cell(rec: dict[str, object]) -> str:
    state = str(rec["state"])
    done = rec["done"]
    when = f" {done:%m-%d}" if isinstance(done, dt.date) else ""
    title = f"{rec['name']} · {rec['region_name']} · {DUTY_STATE_LABELS[state]}{when}"
    text_color = "#666" if state == "not_applicable" else "#000"
    return (f'<td data-cell="{esc(rec["target"])}|{esc(rec["region"])}" title="{esc(title)}" '
            f'style="background:{STATE_COLORS[state]};color:{text_color}">{esc(DUTY_STATE_SHORT[state])}{when}</td>')


def grid(table: pd.DataFrame, plan: Plan, year: int) -> str:
    """HTML region × duty grid of one year: each cell its state (colour and words) and the date done."""
    cells = table[table["year"] == year]
    if cells.empty:
        return ""
    names = [marked(*v) for v in zip(cells["name"], cells["uncertain"], cells["inferred"])]
    columns = list(dict.fromkeys(zip(cells["target"], names)))
    order = {code: i for i, code in enumerate(plan.regions)}
    codes = sorted(set(cells["region"]), key=lambda c: (c == plan.region, order.get(c, 0), c))
    lookup = {(r["region"], r["target"]): r for r in cells.to_dict("records")}
    head = "".join(f'<th title="{esc(name)}"><div>{esc(name)}</div></th>' for _, name in columns)
    body = []
    for code in codes:
        tds = "".join(_cell(lookup[(code, t)]) if (code, t) in lookup else "<td></td>" for t, _ in columns)
        body.append(f"<tr><th>{esc(data.region_name(code))}</th>{tds}</tr>")
    return (f'<div class="dash-wrap"><table class="dash-grid"><thead><tr><th>{esc(C["region_name"])}</th>{head}'
            f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def state_legend() -> str:
    """HTML legend of the state colours."""
    return legend([(STATE_COLORS[s], DUTY_STATE_LABELS[s]) for s in STATES])


def cell_choices(table: pd.DataFrame, year: int) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(duty id → name, duty id → the regions that owe it) for the year's cell picker."""
    cells = table[table["year"] == year]
    names = dict(zip(cells["target"], cells["name"]))
    owners = {t: list(dict.fromkeys(cells[cells["target"] == t]["region"])) for t in names}
    return names, owners


def cell_line(item: Item, name: str) -> str:
    """One line in words: the item, its state, due date and done date."""
    done = u("cell_done", done=item.done) if item.done else ""
    return u("cell_line", name=name, region=data.region_name(item.region), year=item.year,
             state=DUTY_STATE_LABELS[item.state], due=item.due, done=done)


def history_table(events: list[Event]) -> pd.DataFrame:
    """An item's steps for display, oldest first."""
    return pd.DataFrame({
        C["time"]: [clock.local(e.time, data.settings().time_zone).strftime("%Y-%m-%d %H:%M") for e in events],
        C["action"]: [DUTY_ACTION_LABELS.get(e.action, e.action) for e in events],
        C["user"]: [e.user for e in events], C["done"]: [e.done for e in events],
        C["note"]: [e.note for e in events], C["evidence"]: [e.evidence for e in events],
        C["source"]: [DUTY_SOURCE_LABELS.get(e.source, e.source) for e in events],
    })


def state_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many items are in each state (every state listed)."""
    counts = table["state"].value_counts() if not table.empty else {}
    return {s: int(counts.get(s, 0)) for s in STATES}


def ranking(table: pd.DataFrame, year: int, as_of: dt.date) -> pd.DataFrame:
    """Regions by on-time rate of their duties in `year` (best first): on time, fallen due, rate."""
    mine = table[table["year"] == year]
    items = [Item(r["target"], r["region"], r["year"], r["due"], r["opens"], r["state"], r["done"], 0)
             for r in mine.to_dict("records")]
    rates = on_time_rates(items, as_of)
    rows = sorted(rates.items(), key=lambda kv: (-kv[1][0] / kv[1][1], -kv[1][1], kv[0]))
    return pd.DataFrame({
        C["region_name"]: [data.region_name(code) for code, _ in rows],
        C["rate"]: [f"{good / total:.0%}" for _, (good, total) in rows],
        C["on_time"]: [good for _, (good, _t) in rows], C["fell_due"]: [total for _, (_g, total) in rows],
    })
