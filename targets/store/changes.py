"""What changed between two moments of the store: the (target, region) pairs a page must redo.

A page at a million rows cannot afford to read every report and compute every status again
after an officer's upload of twenty rows. A `Mark` is a cheap picture of the report tables
(rows stored, highest row id, which uploads are reverted, which sources are on show);
`changed_pairs(old, new)` names the (target, region) pairs whose current values may differ
between two marks: the pairs of rows stored since, and of uploads reverted (or restored) since.
It answers None — "anything may have changed, read everything" — when rows were removed (demo
data deleted, documents' reports reseeded) or the demo rule flipped (the first real upload hides
every demo row).

Take the new mark *before* reading the rows it describes: rows written in between are then
both read and named by the next comparison, which only makes that page redo them once more.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from targets.store import current
from targets.store.duty_models import DutyEventRow
from targets.store.models import AllocationRow, ReportRow, UploadRow

Pair = tuple[str, str]


@dataclass(frozen=True)
class Mark:
    rows: int
    last_id: int
    reverted: frozenset[int]
    sources: tuple[str, ...]


def mark(engine: Engine) -> Mark:
    """The report tables' picture now (a count, a max and the reverted uploads' ids)."""
    with Session(engine) as session:
        rows, last = session.execute(select(func.count(), func.max(ReportRow.id))).one()
        reverted = session.execute(select(UploadRow.id).where(UploadRow.reverted == True)).scalars()  # noqa: E712
        return Mark(int(rows or 0), int(last or 0), frozenset(reverted), current.shown_sources(session))


def allocation_mark(engine: Engine) -> tuple[int, int, int]:
    """A picture of the allocation rows: (rows, highest id, reverted allocation uploads). Allocation
    rows are only ever added (a new version) or removed, and undone by reverting their upload, so
    the current allocations change exactly when this does."""
    with Session(engine) as session:
        rows, last = session.execute(select(func.count(), func.max(AllocationRow.id))).one()
        reverted = session.execute(select(func.count()).select_from(UploadRow).where(
            UploadRow.source == "allocation", UploadRow.reverted == True)).scalar_one()  # noqa: E712
        return int(rows or 0), int(last or 0), int(reverted)


def duty_mark(engine: Engine) -> tuple[int, int]:
    """A picture of the recorded duty steps: (rows, highest id). Steps are only ever added (with
    their evidence files), so the duty items' history from them changes exactly when this does."""
    with Session(engine) as session:
        rows, last = session.execute(select(func.count(), func.max(DutyEventRow.id))).one()
        return int(rows or 0), int(last or 0)


def changed_pairs(engine: Engine, old: Mark, new: Mark) -> frozenset[Pair] | None:
    """The (target, region) pairs whose current values may differ from `old` to `new`; None when
    anything may have (rows removed, the sources on show changed)."""
    if new.sources != old.sources or new.last_id < old.last_id:
        return None
    flipped = sorted(old.reverted ^ new.reverted)
    with Session(engine) as session:
        added = session.execute(
            select(ReportRow.target, ReportRow.region, func.count())
            .where(col(ReportRow.id) > old.last_id, col(ReportRow.id) <= new.last_id)
            .group_by(ReportRow.target, ReportRow.region)).all()
        if old.rows + sum(n for _, _, n in added) != new.rows:
            return None  # some rows were removed
        pairs = {(t, r) for t, r, _ in added}
        for chunk in range(0, len(flipped), 500):
            pairs.update((t, r) for t, r in session.execute(
                select(ReportRow.target, ReportRow.region)
                .where(col(ReportRow.upload).in_(flipped[chunk:chunk + 500])).distinct()).all())
    return frozenset(pairs)
