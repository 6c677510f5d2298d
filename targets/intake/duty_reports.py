"""The duty workflow the pages and the command line share: items, report, confirm, send back, evidence.

Who may do what is decided by `allowed` alone. Every step is checked against the item's state
today, then stored with its audit entry by targets.store.duties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import Engine

from targets import clock, permissions, store
from targets.config import Settings
from targets.errors import InvalidInput, NotAllowed, NotFound
from targets.intake import evidence
from targets.method.agenda import Key, all_items, duties_of, find, merge, progress_events
from targets.method.duties import DONE, Duty, Event, Item, occurrence_of
from targets.permissions import User
from targets.plans.definitions import Plan
from targets.store import duties as stored


def today(time_zone: str = clock.DEFAULT_TIME_ZONE) -> dt.date:
    """Today's date for the duty workflow, in the configured time zone."""
    return clock.today(time_zone)


def allowed(user: User | None, action: str, region: str) -> bool:
    """Who may do what with a duty item of `region`, as targets.permissions decides (report, review, read_evidence)."""
    return permissions.may(user, {"report": "report_duty", "review": "review_duty"}.get(action, action), region=region)


def load(engine: Engine, plans: tuple[Plan, ...] | None = None,
         allocations: dict[str, dict[str, float]] | None = None) -> tuple[list[Duty], dict[Key, list[Event]]]:
    """Every duty and every item's history (recorded steps and duty rows of progress workbooks);
    `plans` and `allocations` as the store has them, read unless given."""
    plans = store.plans(engine) if plans is None else plans
    duties = duties_of(plans, store.allocations(engine) if allocations is None else allocations)
    targets = {t.id: t for p in plans for t in p.targets}
    rows = stored.progress_rows(engine, [d.target for d in duties])
    return duties, merge(stored.events(engine), progress_events(duties, targets, rows))


def touches(duties: Sequence[Duty], pairs: Iterable[tuple[str, str]]) -> bool:
    """Whether progress rows of these (target, region) pairs can change a duty item: some pair is
    of a duty target (load reads the progress rows of those targets alone)."""
    targets = {d.target for d in duties}
    return any(t in targets for t, _ in pairs)


def items(engine: Engine, as_of: dt.date | None = None, settings: Settings = Settings(),
          year: int | None = None) -> list[Item]:
    """Every (duty, region, year) item at `as_of` (default today), overdue first."""
    duties, history = load(engine)
    return all_items(duties, history, as_of or today(), settings.duty_soon_days, year)


def item(engine: Engine, key: Key, settings: Settings = Settings(), as_of: dt.date | None = None) -> Item:
    """One item at `as_of` (default today); NotFound when the duty has no such item."""
    target, region, year = key
    duties, history = load(engine)
    duty = find(duties, target)
    if duty is None or region not in duty.regions or occurrence_of(duty, year) is None:
        raise NotFound("duty_item_not_found", target=target, region=region, year=year)
    found = all_items([duty], {key: history.get(key, [])}, as_of or today(), settings.duty_soon_days, year)
    return next(i for i in found if i.region == region)


def _require(user: User | None, action: str, region: str) -> User:
    if user is None or not allowed(user, action, region):
        raise NotAllowed("duty_not_allowed", name=user.name if user else "-", region=region)
    return user


def report(engine: Engine, user: User | None, key: Key, done: dt.date, note: str = "",
           files: Sequence[tuple[str, bytes]] = (), settings: Settings = Settings(), source: str = "page") -> int:
    """An officer reports an item done on `done`, with a note and evidence files; returns the step id."""
    user = _require(user, "report", key[1])
    current = item(engine, key, settings)
    if current.state == "not_applicable":
        raise InvalidInput("duty_not_applicable", target=key[0], year=key[2])
    if current.state in DONE:
        raise InvalidInput("duty_already_closed", target=key[0], year=key[2])
    if done > today():
        raise InvalidInput("duty_done_in_future", date=done.isoformat())
    checked = evidence.check_all(list(files), settings)
    return stored.add_event(engine, user.name, key, "submit", done=done, note=note.strip(), source=source,
                            files=checked)


def confirm(engine: Engine, user: User | None, key: Key, settings: Settings = Settings(), source: str = "page") -> int:
    """The office confirms a reported item (已办结)."""
    user = _require(user, "review", key[1])
    if item(engine, key, settings).state != "submitted":
        raise InvalidInput("duty_nothing_to_confirm", target=key[0], year=key[2])
    return stored.add_event(engine, user.name, key, "confirm", source=source)


def send_back(engine: Engine, user: User | None, key: Key, reason: str, settings: Settings = Settings(),
              source: str = "page") -> int:
    """The office sends a report back with a reason: the region owes the item again."""
    user = _require(user, "review", key[1])
    if not reason.strip():
        raise InvalidInput("duty_reason_missing")
    if item(engine, key, settings).state not in ("submitted", *DONE):
        raise InvalidInput("duty_nothing_to_send_back", target=key[0], year=key[2])
    return stored.add_event(engine, user.name, key, "send_back", note=reason.strip(), source=source)


def exempt(engine: Engine, user: User | None, key: Key, reason: str, settings: Settings = Settings(),
           source: str = "page") -> int:
    """The office marks an item not applicable (不适用), with the reason."""
    user = _require(user, "review", key[1])
    if not reason.strip():
        raise InvalidInput("duty_reason_missing")
    item(engine, key, settings)
    return stored.add_event(engine, user.name, key, "exempt", note=reason.strip(), source=source)


def evidence_list(engine: Engine, user: User | None, key: Key) -> list[dict[str, object]]:
    """The evidence files of an item, for those allowed to read them."""
    _require(user, "read_evidence", key[1])
    return stored.evidence_list(engine, key)


def evidence_file(engine: Engine, user: User | None, evidence_id: int) -> tuple[dict[str, object], bytes]:
    """One evidence file (description, bytes), for those allowed to read it."""
    meta, content = stored.evidence_file(engine, evidence_id)
    _require(user, "read_evidence", str(meta["region"]))
    return meta, content


def history(engine: Engine, key: Key) -> list[Event]:
    """Every step of one item, oldest first: reports (page, command line, workbook), the office's decisions."""
    return load(engine)[1].get(key, [])
