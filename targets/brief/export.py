"""One call from a state to the brief's file: gather the facts, draw the figures, lay out PDF or Word.

The pages pass the board they show (already filtered) and the command line the whole board of
one plan; both end here, so the same figures come out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from targets import clock, store
from targets.brief import document, fonts, pdf, word
from targets.brief.facts import Facts, gather
from targets.brief.figures import figures
from targets.config import Settings
from targets.errors import InvalidInput, NotFound, TargetsError
from targets.method.board import State

FORMATS = ("pdf", "docx")
MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def render(facts: Facts, state: State, fmt: str, issued: dt.date | None = None) -> bytes:
    """The brief of `facts` as PDF or DOCX bytes (TargetsError with a sentence on failure)."""
    if fmt not in FORMATS:
        raise InvalidInput("brief_bad_format", file=fmt)
    choice = fonts.choose()
    maps, burns = figures(facts, state, choice.heading[0])
    day = issued or (state.created.date() if state.created else clock.today(state.settings.time_zone))
    doc = document.build(facts, maps, burns, state.settings, day)
    return pdf.render(doc, choice) if fmt == "pdf" else word.render(doc)


def brief_bytes(state: State, plan_id: str, fmt: str, table: pd.DataFrame | None = None,
                before: State | None = None, scope: str = "", issued: dt.date | None = None) -> bytes:
    """The brief of plan `plan_id` in `state` (the filtered board `table`, if given), compared with `before`."""
    return render(gather(state, plan_id, table, before, scope), state, fmt, issued)


def main_plan(state: State) -> str:
    """The plan a brief is about when none is named: the one with the most targets."""
    return max(state.plans, key=lambda p: (len(p.targets), p.id)).id


def write_brief(engine: Engine, settings: Settings, path: Path, plan_id: str | None = None,
                as_of: dt.date | None = None, snapshot: str | None = None) -> Path:
    """Write the brief of one plan (at `as_of`, or as frozen in `snapshot`) to `path` (.pdf or .docx).

    It compares with the meeting before: the snapshot preceding `snapshot`, or the newest one.
    NotFound for an unknown plan or snapshot; InvalidInput for another file extension.
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InvalidInput("brief_bad_format", file=path.name)
    if snapshot:
        state = store.load_snapshot(engine, snapshot, settings)
        if as_of:  # the frozen values read at another date
            state = dataclasses.replace(state, dates=dict.fromkeys(state.dates, as_of))
    else:
        state = store.current_state(engine, settings, as_of)
    plan_id = plan_id or main_plan(state)
    if state.plan(plan_id) is None:
        raise NotFound("plan_not_found", plan=plan_id)
    earlier = store.previous(engine, snapshot)
    before = store.load_snapshot(engine, earlier, settings) if earlier else None
    content = brief_bytes(state, plan_id, fmt, before=before)
    try:
        path.write_bytes(content)
    except OSError:
        raise TargetsError("file_unwritable", file=str(path))
    return path
