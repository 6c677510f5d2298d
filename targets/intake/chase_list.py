"""The chase list for a date, and what the office sends: a ready Chinese text per unit, .docx, Excel.

The text is the notice itself (督办单), to paste into an OA message or print; the .docx holds one
notice per page; the workbook lists every chased item (written through the one safe writer).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from sqlalchemy import Engine

from targets import messages, store
from targets.config import Settings
from targets.intake import duty_reports
from targets.method.agenda import Key, all_items, full_name
from targets.method.chase import COLOURS, TARGET_COLOURS, Entry, Notice, duty_entries, notices, target_entries
from targets.method.duties import Duty, Event
from targets.method.tracking import status_table
from targets.plans.definitions import Plan
from targets.workbook.writer import table_workbook

RGB = {"red": RGBColor(0xC0, 0x00, 0x00), "yellow": RGBColor(0xB8, 0x86, 0x00), "blue": RGBColor(0x1F, 0x4E, 0xA8)}


def chase(engine: Engine, as_of: dt.date | None = None, settings: Settings = Settings()) -> list[Notice]:
    """Every unit's notice at `as_of` (default today): overdue duties and targets, targets behind, duties due soon."""
    as_of = as_of or duty_reports.today()
    plans = store.plans(engine)
    duties, history = duty_reports.load(engine)
    table = status_table(plans, store.allocations(engine), store.reports(engine), as_of, settings)
    return chase_of(plans, duties, history, table, as_of, settings)


def chase_of(plans: tuple[Plan, ...], duties: list[Duty], history: Mapping[Key, Sequence[Event]],
             table: pd.DataFrame, as_of: dt.date, settings: Settings = Settings()) -> list[Notice]:
    """The chase list from its parts: the duties and their items' history (duty_reports.load) and
    the status rows at `as_of` (tracking.status_table, or the board of the same store)."""
    by_plan = {p.id: p for p in plans}
    items = all_items(duties, history, as_of, settings.duty_soon_days)
    targets = {t.id: t for p in plans for t in p.targets}
    entries = duty_entries(duties, items, by_plan, as_of, full_name)
    chased = table[table["status"].isin(list(TARGET_COLOURS))]  # the rest are never chased
    entries += target_entries(chased[["target", "region", "status"]].to_dict("records"), targets, by_plan, as_of,
                              full_name)
    return notices(entries)


def as_json(found: list[Notice]) -> list[dict[str, object]]:
    """The chase list as CONTRACTS §2 has it: unit, colour, items (target, region, due, …)."""
    return [{"unit": n.unit, "colour": n.colour, "items": [
        {"target": e.target, "region": e.region, "due": e.due.isoformat(), "colour": e.colour, "state": e.state,
         "name": e.name, "plan": e.plan, "days": e.days} for e in n.entries]} for n in found]


def _line(i: int, e: Entry) -> str:
    key = {"red": "chase_line_red", "yellow": "chase_line_yellow", "blue": "chase_line_blue"}[e.colour]
    status = messages.STATUS_LABELS.get(e.state, messages.DUTY_STATE_LABELS.get(e.state, e.state))
    return messages.render(key, n=i, name=e.name, target=e.target, region=e.region_name, due=e.due.isoformat(),
                           days=e.days, status=status)


def _sections(notice: Notice) -> list[tuple[str, list[str]]]:
    parts = []
    for number, colour in enumerate(c for c in COLOURS if any(e.colour == c for e in notice.entries)):
        mine = [e for e in notice.entries if e.colour == colour]
        heading = messages.render(f"chase_section_{colour}", number=messages.CHINESE_NUMBERS[number], count=len(mine))
        parts.append((heading, [_line(i, e) for i, e in enumerate(mine, 1)]))
    return parts


def notice_lines(notice: Notice, as_of: dt.date) -> tuple[str, str, list[tuple[str, list[str]]], list[str]]:
    """(title, salutation and opening, sections, closing lines) of one notice."""
    title = messages.CHASE_TITLES[notice.colour]
    opening = messages.render("chase_opening", unit=notice.unit, as_of=as_of.isoformat())
    closing = [messages.render("chase_closing"), messages.render("chase_signature"), as_of.isoformat()]
    return title, opening, _sections(notice), closing


def notice_text(notice: Notice, as_of: dt.date) -> str:
    """One unit's notice as plain Chinese text, ready to send."""
    title, opening, sections, closing = notice_lines(notice, as_of)
    body = [title, "", opening]
    for heading, lines in sections:
        body += [heading, *lines]
    return "\n".join([*body, "", *closing])


def notices_docx(found: list[Notice], as_of: dt.date) -> bytes:
    """The notices as one Word document, one unit per page."""
    doc = Document()
    for index, notice in enumerate(found):
        if index:
            doc.add_page_break()  # type: ignore[no-untyped-call]
        title, opening, sections, closing = notice_lines(notice, as_of)
        head = doc.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = head.add_run(title)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(22), RGB[notice.colour]
        doc.add_paragraph(opening)
        for heading, lines in sections:
            doc.add_paragraph().add_run(heading).bold = True
            for line in lines:
                doc.add_paragraph(line)
        for line in closing:
            doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def chase_workbook(found: list[Notice], as_of: dt.date) -> bytes:
    """The chase list as an Excel workbook: one row per chased item."""
    rows = [[n.unit, messages.COLOUR_LABELS[e.colour], e.target, e.name, e.region, e.region_name, e.due,
             messages.STATUS_LABELS.get(e.state, messages.DUTY_STATE_LABELS.get(e.state, e.state)), e.days,
             as_of] for n in found for e in n.entries]
    return table_workbook([(messages.CHASE_SHEET, messages.CHASE_HEADERS, rows)])
