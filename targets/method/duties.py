"""Duties as supervision items (pure; no database, no UI): due dates, the item states, on-time rates.

A **duty** is a recurring target (due every year on ``due``, "MM-DD") or a milestone (due once, on
its deadline). Each (duty, region, year) is an **item**. Its state at an as-of date, from the
item's events (an officer's report, the office's confirmation or sending back):

* ``not_applicable`` (不适用): the year's due date falls before the duty applies (the plan was
  issued later, or the document says it starts in a later year), or the office marked it so;
* ``done_on_time`` / ``done_late`` (已办结): the office confirmed a report whose done date is on
  or before / after the due date;
* ``submitted`` (已报送待核): a report done by the as-of date awaits the office;
* ``overdue`` (逾期): the due date has passed (the due day counts in full) with nothing open;
* ``due_soon`` (临近): within ``soon_days`` days of the due date (the due day itself included),
  or inside the duty's window (e.g. 5–7月) when it has one;
* ``not_due`` (未到期): otherwise.

A report counts at an as-of date when its done date is on or before it, as the progress
reports do (the date of the work, not the day it was typed in).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

STATES = ("overdue", "due_soon", "submitted", "not_due", "done_late", "done_on_time", "not_applicable")
OPEN = ("overdue", "due_soon", "not_due")  # nothing reported (or sent back): the region still owes it
DONE = ("done_on_time", "done_late")
DUTY_KINDS = ("recurring", "milestone")
ACTIONS = ("submit", "confirm", "send_back", "exempt")


@dataclass(frozen=True)
class Duty:
    """One duty as supervision needs it: what is owed, by whom, when each year."""

    target: str
    plan: str
    name: str
    kind: str  # recurring | milestone
    due: str | None  # recurring: "MM-DD" each year
    applies_from: dt.date  # nothing falls due before this (plan issued, or a stated first year)
    deadline: dt.date  # the last due date
    first_year: int  # the first calendar year shown (the year the plan was issued)
    regions: tuple[str, ...]  # who owes it: each region, or the plan's own region
    per_region: bool = False
    lead: str = ""
    responsible: tuple[str, ...] = ()
    window: str | None = None  # "MM-DD": the window opens on this day each year and closes on `due`
    uncertain: bool = False
    inferred: tuple[tuple[str, str], ...] = ()  # field → reason (damaged, silent, plan_period)


@dataclass(frozen=True)
class Occurrence:
    year: int
    due: dt.date
    opens: dt.date | None  # window start, or None
    applicable: bool


@dataclass(frozen=True)
class Event:
    """One step of an item's history, in the order it was recorded."""

    action: str  # submit | confirm | send_back | exempt
    time: dt.datetime
    user: str = ""
    done: dt.date | None = None  # submit: the day the duty was done
    note: str = ""  # submit: the officer's note; send_back / exempt: the office's reason
    evidence: int = 0  # submit: files attached
    source: str = "page"  # page | cli | workbook | document | demo


@dataclass(frozen=True)
class Track:
    """An item's history folded into what is in force now."""

    done: dt.date | None = None  # the open or confirmed report's done date
    confirmed: bool = False
    exempt: bool = False
    note: str = ""
    reason: str = ""  # the last send-back or exemption reason
    evidence: int = 0
    sent_back: int = 0


@dataclass(frozen=True)
class Item:
    target: str
    region: str
    year: int
    due: dt.date
    opens: dt.date | None
    state: str
    done: dt.date | None
    evidence: int
    note: str = ""
    reason: str = ""
    sent_back: int = 0


def day_in(year: int, month_day: str) -> dt.date:
    """The date of "MM-DD" in `year` (29 February becomes the 28th in other years)."""
    month, day = (int(x) for x in month_day.split("-"))
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def occurrences(duty: Duty) -> list[Occurrence]:
    """The duty's due date in each year from its first year to its deadline.

    A milestone falls due once, on its deadline. A recurring duty falls due every year on `due`;
    a year whose due date is before `applies_from` (or after the deadline) is not applicable.
    """
    if duty.kind == "milestone" or not duty.due:
        return [Occurrence(duty.deadline.year, duty.deadline, None, duty.deadline >= duty.applies_from)]
    result = []
    for year in range(min(duty.first_year, duty.applies_from.year), duty.deadline.year + 1):
        due = day_in(year, duty.due)
        opens = day_in(year, duty.window) if duty.window else None
        result.append(Occurrence(year, due, opens, duty.applies_from <= due <= duty.deadline))
    return result


def fold(events: Iterable[Event]) -> Track:
    """The history of one item, in recorded order, reduced to what is in force.

    A report opens the item; confirming closes it with that report's done date; sending back
    drops the open (or confirmed) report, so the item is owed again; exempting makes it not
    applicable.
    """
    track = Track()
    for e in sorted(events, key=lambda e: e.time):
        if e.action == "submit":
            track = Track(e.done, False, track.exempt, e.note, track.reason, e.evidence, track.sent_back)
        elif e.action == "confirm" and track.done is not None:
            track = Track(track.done, True, track.exempt, track.note, track.reason, track.evidence, track.sent_back)
        elif e.action == "send_back":
            track = Track(None, False, track.exempt, "", e.note, 0, track.sent_back + 1)
        elif e.action == "exempt":
            track = Track(track.done, track.confirmed, True, track.note, e.note, track.evidence, track.sent_back)
    return track


def state_of(occ: Occurrence, track: Track, as_of: dt.date, soon_days: int) -> str:
    """The state of one item at the end of `as_of` (see the module docstring for the rules)."""
    if not occ.applicable or track.exempt:
        return "not_applicable"
    if track.done is not None and track.done <= as_of:
        if track.confirmed:
            return "done_on_time" if track.done <= occ.due else "done_late"
        return "submitted"
    if as_of > occ.due:
        return "overdue"
    if (occ.due - as_of).days <= soon_days or (occ.opens is not None and as_of >= occ.opens):
        return "due_soon"
    return "not_due"


def items_of(duty: Duty, history: dict[tuple[str, int], Sequence[Event]], as_of: dt.date, soon_days: int,
             year: int | None = None) -> list[Item]:
    """Every (region, year) item of one duty; `history` maps (region, year) to its events."""
    result = []
    for occ in occurrences(duty):
        if year is not None and occ.year != year:
            continue
        for region in duty.regions:
            track = fold(history.get((region, occ.year), ()))
            state = state_of(occ, track, as_of, soon_days)
            shown = track.done if track.done is not None and track.done <= as_of else None
            result.append(Item(duty.target, region, occ.year, occ.due, occ.opens, state, shown,
                               track.evidence if shown else 0, track.note if shown else "",
                               track.reason, track.sent_back))
    return result


def occurrence_of(duty: Duty, year: int) -> Occurrence | None:
    """The duty's occurrence in `year`, or None when it has none that year."""
    return next((o for o in occurrences(duty) if o.year == year), None)


def days_late(item: Item, as_of: dt.date) -> int:
    """Whole days past the due date at `as_of` (0 when not past)."""
    return max(0, (as_of - item.due).days)


def on_time(item: Item) -> bool:
    """Done (reported or confirmed) on or before the due date."""
    return item.state in ("submitted", "done_on_time") and item.done is not None and item.done <= item.due


def fell_due(item: Item, as_of: dt.date) -> bool:
    """An applicable item whose due date has passed, or that is done already."""
    return item.state != "not_applicable" and (item.due < as_of or item.done is not None)


def on_time_rates(items: Iterable[Item], as_of: dt.date) -> dict[str, tuple[int, int]]:
    """Per region: (items done on time, items fallen due) among `items`.

    The rate 按时办结率 = on time ÷ fallen due: a report dated on or before the due date counts
    as on time (confirmed or awaiting the office); one sent back does not.
    """
    rates: dict[str, tuple[int, int]] = {}
    for item in items:
        if not fell_due(item, as_of):
            continue
        good, total = rates.get(item.region, (0, 0))
        rates[item.region] = (good + on_time(item), total + 1)
    return rates


def order_key(item: Item) -> tuple[int, dt.date, str, str]:
    """Calendar order: overdue first, then due soon, awaiting the office, not due, done; by date."""
    return (STATES.index(item.state), item.due, item.target, item.region)
