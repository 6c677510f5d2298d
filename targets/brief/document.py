"""The brief as a document: masthead, title, dated lines, numbered sections of sentences, tables
and figures, and the numbered notes citing each target's document, clause and quote.

Renderer-neutral: targets.brief.pdf and targets.brief.word lay out the same Document, so the PDF
and the Word file say the same thing. Every sentence comes from targets.messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from targets import messages
from targets.brief.facts import Facts
from targets.brief.figures import Figure
from targets.config import Settings
from targets.method.status import STATUSES
from targets.plans import regions

NUMERALS = messages.NUMERALS


@dataclass(frozen=True)
class Cell:
    text: str
    note: int | None = None  # the number of the note citing this target
    status: str | None = None  # a status code: the cell is tinted with its colour
    flag: str = ""  # a mark after the text (存疑)


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    numeric: tuple[int, ...] = ()  # indexes of right-aligned columns


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[object, ...]  # str (a paragraph), Table, Figure or Section (a subsection)


@dataclass(frozen=True)
class Document:
    masthead: str
    issuer: str
    date: str
    title: str
    lines: tuple[str, ...]  # 数据截至, the snapshot, the filters
    demo: str  # the demo-data warning ('' for real data)
    sections: tuple[Section, ...]
    source: str  # the document every note cites
    notes: tuple[str, ...]  # numbered from 1, in the order of the targets: clause and quote
    method: tuple[str, ...] = field(default=())


def _m(code: str, **kw: object) -> str:
    return messages.render(code, **kw)


def cn_date(day: dt.date) -> str:
    """A date as printed in a brief: 2024年6月30日."""
    return _m("brief_date", year=day.year, month=day.month, day=day.day)


def _pct(value: object) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.0%}"


def issuer(facts: Facts) -> str:
    """The leadership-group office of the plan's region (质量强国/省/市)."""
    r = regions.get(facts.plan.region)
    return _m(f"brief_issuer_{facts.plan.scope}", region=r.name if r else facts.plan.region)


def region_label(facts: Facts, code: str, name: str) -> str:
    """A region's name; the plan's own region in full (吉林省, not 吉林, which reads as the city)."""
    if code == facts.plan.region:
        r = regions.get(code)
        return r.name if r else name
    return name


def build(facts: Facts, maps: list[Figure], burns: list[Figure], settings: Settings, issued: dt.date) -> Document:
    """The document of the brief for these facts and figures, issued on `issued`."""
    notes = {t.id: i + 1 for i, t in enumerate(t for t in facts.plan.targets if t.id in set(facts.table["target"]))}
    parts: list[tuple[str, list[object]]] = [
        (_m("brief_sec_overall"), _overall(facts)),
        (_m("brief_sec_categories"), _categories(facts, notes)),
        (_m("brief_sec_ranking"), _ranking(facts, maps)),
        (_m("brief_sec_laggards"), _laggards(facts, notes, burns)),
        (_m("brief_sec_duties"), _duties(facts, notes)),
        (_m("brief_sec_since"), _since(facts, notes)),
    ]
    sections = tuple(Section(_m("brief_h1", n=NUMERALS[i], title=title), tuple(blocks))
                     for i, (title, blocks) in enumerate(parts))
    lines = [_m("brief_as_of", date=cn_date(facts.as_of))]
    if facts.snapshot:
        created = facts.snapshot_created.date() if facts.snapshot_created else facts.as_of
        lines.append(_m("brief_snapshot", name=facts.snapshot, created=cn_date(created)))
    if facts.scope:
        lines.append(_m("brief_scope", scope=facts.scope))
    method = (messages.method_text(settings.on_track_pace, settings.behind_pace, settings.forecast_window_months),
              _m("brief_method_ranking", text=_m("brief_ranking_intro")))
    return Document(
        masthead=_m("brief_masthead"), issuer=issuer(facts), date=cn_date(issued),
        title=_m("brief_title", plan=facts.plan.title), lines=tuple(lines),
        demo=_m("brief_demo") if facts.demo else "", sections=sections, source=_source(facts),
        notes=tuple(_note(facts, t) for t in facts.plan.targets if t.id in notes), method=method,
    )


def _overall(facts: Facts) -> list[object]:
    c = facts.counts
    text = _m("brief_overall", date=cn_date(facts.as_of), targets=facts.table["target"].nunique(),
              items=len(facts.table), **c)
    lagging = c["behind"] + c["off_track"] + c["overdue"] + c["no_data"]
    blocks: list[object] = [text]
    if lagging:
        blocks.append(_m("brief_overall_lagging", n=lagging, section=NUMERALS[3]))
    total = max(1, len(facts.table))
    rows = tuple((Cell(messages.STATUS_LABELS[s], status=s), Cell(f"{c[s]:,}"), Cell(f"{c[s] / total:.0%}"))
                 for s in STATUSES)
    blocks.append(Table((_m("brief_col_status"), _m("brief_col_items"), _m("brief_col_share")), rows,
                        (3, 2, 2), numeric=(1, 2)))
    return blocks


def _target_cell(facts: Facts, notes: dict[str, int], target_id: str, name: str, uncertain: bool) -> Cell:
    return Cell(name, note=notes.get(target_id), flag=messages.UNCERTAIN_LABEL if uncertain else "")


def _categories(facts: Facts, notes: dict[str, int]) -> list[object]:
    blocks: list[object] = []
    shorts = [_m(f"brief_short_{s}") for s in STATUSES]
    for i, category in enumerate(facts.categories):
        rows = facts.summaries[facts.summaries["category"] == category]
        counts = {s: int(rows[s].sum()) for s in STATUSES}
        line = _m("brief_category_line", category=category, targets=len(rows), items=int(rows["regions"].sum()),
                  counts="，".join(_m("brief_count_item", label=messages.STATUS_LABELS[s], n=n)
                                  for s, n in counts.items() if n))
        cells = tuple(
            (_target_cell(facts, notes, r["target"], r["name"], r["uncertain"]),
             Cell(messages.number(r["target_value"], r["unit"])), Cell(str(r["deadline"])), Cell(_pct(r["completion"])),
             *(Cell(str(r[s]) if r[s] else "", status=s if r[s] else None) for s in STATUSES))
            for r in rows.to_dict("records"))
        table = Table((_m("brief_col_target"), _m("brief_col_goal"), _m("brief_col_deadline"),
                       _m("brief_col_completion"), *shorts), cells, (9, 3, 3.2, 2.2, *([1.5] * 6)),
                      numeric=tuple(range(3, 10)))
        blocks.append(Section(_m("brief_h2", n=NUMERALS[i], title=category), (line, table)))
    return blocks


def _ranking(facts: Facts, maps: list[Figure]) -> list[object]:
    if facts.ranking.empty:
        return [_m("brief_ranking_none")]
    rows = tuple((Cell(str(r["rank"])), Cell(r["region_name"]), Cell(_pct(r["completion"])), Cell(_pct(r["on_time"])),
                  Cell(str(r["lagging"])), Cell(messages.STATUS_LABELS[r["status"]], status=r["status"]))
                 for r in facts.ranking.to_dict("records"))
    table = Table((_m("brief_col_rank"), _m("brief_col_region"), _m("brief_col_completion"), _m("brief_col_on_time"),
                   _m("brief_col_lagging"), _m("brief_col_overall")), rows, (1.3, 3, 2.5, 2.5, 2.5, 3),
                  numeric=(0, 2, 3, 4))
    return [_m("brief_ranking_intro"), table, *maps]


def _laggards(facts: Facts, notes: dict[str, int], burns: list[Figure]) -> list[object]:
    blocks: list[object] = []
    rows = facts.laggards
    if rows.empty:
        blocks.append(_m("brief_laggards_none"))
    else:
        blocks.append(_m("brief_laggards_intro", n=len(rows)))
        cells = tuple(
            (Cell(region_label(facts, r["region"], r["region_name"])),
             _target_cell(facts, notes, r["target"], r["name"], r["uncertain"]),
             Cell(messages.STATUS_LABELS[r["status"]], status=r["status"]),
             Cell(messages.per_month(r["required_monthly"], r["unit"], up=True)), Cell(r["explanation"]))
            for r in rows.to_dict("records"))
        blocks.append(Table((_m("brief_col_region"), _m("brief_col_target"), _m("brief_col_status"),
                             _m("brief_col_required"), _m("brief_col_explanation")), cells, (2.2, 5, 2.4, 2.6, 10),
                            numeric=(3,)))
    if facts.unreported:
        items = "、".join(_m("brief_unreported_item", region=region_label(facts, code, name), n=n)
                         for code, name, n in facts.unreported)
        blocks.append(_m("brief_unreported", n=sum(n for _, _, n in facts.unreported), items=items))
    return blocks + list(burns)


def _duties(facts: Facts, notes: dict[str, int]) -> list[object]:
    rows = facts.duties
    if rows.empty:
        return [_m("brief_duties_none")]
    cells = tuple(
        (_target_cell(facts, notes, r["target"], r["name"], r["uncertain"]),
         Cell(region_label(facts, r["region"], r["region_name"])),
         Cell(_m("brief_due_year", year=r["period"], due=r["due"]) if r["period"] else str(r["due"])),
         Cell(r["lead"]), Cell("、".join(r["responsible"])))
        for r in rows.to_dict("records"))
    return [_m("brief_duties_intro", n=len(rows)),
            Table((_m("brief_col_target"), _m("brief_col_region"), _m("brief_col_due"), _m("brief_col_lead"),
                   _m("brief_col_responsible")), cells, (7, 2.4, 4, 3.5, 4.5))]


def _since(facts: Facts, notes: dict[str, int]) -> list[object]:
    ch = facts.changes
    if ch is None:
        return [_m("brief_since_first")]
    if ch.empty():
        return [_m("brief_since_nothing", name=ch.since)]
    date = ch.since_dates.get(facts.plan.id)
    blocks: list[object] = [_m(
        "brief_since_intro", name=ch.since, date=cn_date(date) if date else "—", reported=len(ch.reported),
        withdrawn=len(ch.withdrawn), better=len(ch.better), worse=len(ch.worse), overdue=len(ch.new_overdue),
        duties=len(ch.duties_done), confirmed=len(ch.confirmed), corrected=len(ch.corrected))]
    label = messages.STATUS_LABELS

    def place(i: dict) -> Cell:
        return Cell(region_label(facts, i["region"], i["region_name"]))

    def moves(items: list[dict]) -> Table:
        cells = tuple((Cell(i["name"], note=notes.get(i["target"])), place(i),
                       Cell(_m("brief_arrow", before=label.get(i["before"], _m("brief_none_before")),
                               after=label[i["after"]]), status=i["after"])) for i in items)
        return Table((_m("brief_col_target"), _m("brief_col_region"), _m("brief_col_change")), cells, (7, 2.5, 5))

    def values(items: list[dict], new: bool) -> Table:
        cells = tuple((Cell(i["name"], note=notes.get(i["target"])), place(i), Cell(str(i["date"])),
                       Cell(messages.number(i["value"]) if new else ""),
                       Cell(_m("brief_new") if new and i["previous"] is None else messages.number(i["previous"])))
                      for i in items)
        return Table((_m("brief_col_target"), _m("brief_col_region"), _m("brief_col_date"), _m("brief_col_value"),
                      _m("brief_col_previous")), cells, (7, 2.5, 3, 2.5, 2.5), numeric=(3, 4))

    groups = [("brief_since_worse", ch.worse, moves), ("brief_since_better", ch.better, moves),
              ("brief_since_overdue", ch.new_overdue, moves),
              ("brief_since_duties", ch.duties_done, lambda x: values(x, True)),
              ("brief_since_reported", ch.reported, lambda x: values(x, True)),
              ("brief_since_withdrawn", ch.withdrawn, lambda x: values(x, False))]
    n = 0
    for code, items, table in groups:
        if items:
            blocks.append(Section(_m("brief_h2", n=NUMERALS[n], title=_m(code)), (table(items),)))
            n += 1
    for code, items in (("brief_since_confirmed", ch.confirmed), ("brief_since_corrected", ch.corrected)):
        if items:
            cells = tuple((Cell(i["name"], note=notes.get(i["target"])),
                           Cell(i.get("reading") or _m("brief_arrow", before=i["old"], after=i["new"]))
                           if code == "brief_since_confirmed" else
                           Cell(_m(f"brief_field_{i['field']}") + "：" + _m("brief_arrow", before=i["old"],
                                                                             after=i["new"]))) for i in items)
            blocks.append(Section(_m("brief_h2", n=NUMERALS[n], title=_m(code)),
                                  (Table((_m("brief_col_target"), _m("brief_col_change")), cells, (6, 10)),)))
            n += 1
    return blocks


def _source(facts: Facts) -> str:
    """The sentence naming the document the notes cite: title, issuer, number, date issued."""
    plan = facts.plan
    source = _m("brief_note_source", issuer=plan.issuer, doc=f"　{plan.doc_number}" if plan.doc_number else "",
                issued=_m("brief_note_issued", date=cn_date(plan.issued)) if plan.issued else "")
    return _m("brief_notes_source", plan=plan.title, source=source, file=plan.source_file)


def _note(facts: Facts, t) -> str:
    text = _m("brief_note", clause=t.clause, quote=t.source_quote)
    if t.uncertain:
        text += _m("brief_note_uncertain", reason=_end(t.uncertain_reason), reading=t.best_reading or "—")
    return text


def _end(text: str) -> str:
    """A sentence with its full stop (the reasons in the definitions come with or without one)."""
    text = text.strip()
    return text if not text or text[-1] in "。；！？" else text + "。"
