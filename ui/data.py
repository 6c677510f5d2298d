"""The only place with st.cache_*: the engine and the cached readers.

Every cached reader is keyed on the store's data version (targets.store.versions), read afresh
on each call: a write from this process, another app process or the command line shows on the
next rerun everywhere, and nothing is ever cleared (a login or an account edit costs no page a
cold cache). Old versions fall out of the small caches by themselves. (The version argument is
named `v`: Streamlit leaves arguments whose names start with "_" out of the cache key.)

A new version does not mean a new read of everything: the current reports, their series and the
status board of the version before are updated for the (target, region) pairs the writes touched
(targets.store.changes, targets.method.board.updated), so an upload of twenty rows costs the next
rerun twenty rows' work, not a million. The reports frame itself is rebuilt only when a page asks
for it; the duty list is read again only when a write reached a duty target, a duty step, the
definitions or the allocations; the chase list is made from the duty list and the board; the
allocations and their origins follow the allocation rows' own mark.

Readers return picklable values (frozen dataclasses, DataFrames), never ORM objects. The shared
frames and mappings are read-only: a DataFrame is handed out as a shallow copy (pandas'
copy-on-write keeps the cached one intact whatever a page does with it), a mapping as a
read-only view.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from targets import clock, demo, store
from targets.config import Settings
from targets.intake import chase_list, duty_reports
from targets.method import agenda, board, tracking, whatif
from targets.method.chase import Notice
from targets.method.duties import Duty, Event
from targets.plans import regions
from targets.plans.definitions import Plan, Target
from targets.store import changes

TTL = dt.timedelta(minutes=10)


def _secrets() -> dict:
    if not st.secrets.load_if_toml_exists():
        return {}
    return {k: v for k, v in st.secrets.to_dict().items() if not isinstance(v, dict)}


@st.cache_resource
def settings() -> Settings:
    """Settings resolved once: DATABASE_URL env, else secrets, else the data/ SQLite default."""
    return Settings.from_env(_secrets())


@st.cache_resource
def get_engine() -> Engine:
    """The store's engine, created and seeded once per process."""
    engine = store.make_engine(settings().database_url)
    store.init_store(engine)
    return engine


def version() -> int:
    """The store's data version now (one indexed read): the key of every cached reader."""
    return store.data_version(get_engine())


@st.cache_data(ttl=TTL, max_entries=4)
def _plans(v: int) -> tuple[Plan, ...]:
    return store.plans(get_engine())


def plans() -> tuple[Plan, ...]:
    """Every plan with its targets."""
    return _plans(version())


def plan(plan_id: str) -> Plan:
    """One plan by id (the first plan if the id is unknown)."""
    all_plans = plans()
    return next((p for p in all_plans if p.id == plan_id), all_plans[0])


def target(target_id: str) -> Target | None:
    """One target definition by id."""
    return next((t for p in plans() for t in p.targets if t.id == target_id), None)


@st.cache_data(ttl=TTL, max_entries=4)
def _allocations_at(mark: tuple[int, int, int]) -> dict[str, dict[str, float]]:
    return store.allocations(get_engine())


@st.cache_data(ttl=TTL, max_entries=4)
def _allocation_mark(v: int) -> tuple[int, int, int]:
    return store.allocation_mark(get_engine())


@st.cache_data(ttl=TTL, max_entries=4)
def _allocations(v: int) -> dict[str, dict[str, float]]:
    # keyed on the allocation rows' own mark too: an upload of progress does not re-read 85,000 shares
    return _allocations_at(_allocation_mark(v))


def allocations() -> dict[str, dict[str, float]]:
    """Current allocation: target → {region: share}."""
    return _allocations(version())


@st.cache_data(ttl=TTL, max_entries=4)
def _allocation_origins_at(mark: tuple[int, int, int]) -> dict[str, dict[str, store.Origin]]:
    return store.allocation_origins(get_engine())


@st.cache_data(ttl=TTL, max_entries=4)
def _allocation_origins(v: int) -> dict[str, dict[str, store.Origin]]:
    # the origins are those of the current allocation rows: they move with the allocation mark alone
    return _allocation_origins_at(_allocation_mark(v))


def allocation_origins() -> dict[str, dict[str, store.Origin]]:
    """Where each (target, region)'s current allocation came from: the document, the office, a 任务分解表."""
    return _allocation_origins(version())


class _Reports:
    """The current reports frame of one _Current, built when first asked for: `base` (a frame read
    or built before) with the rows of `pending` pairs replaced by `fresh` (their current rows).
    An overview after an upload never asks for it, so it costs that rerun nothing."""

    def __init__(self, base: pd.DataFrame, fresh: pd.DataFrame | None = None,
                 pending: frozenset[tuple[str, str]] = frozenset()) -> None:
        self.base, self.fresh, self.pending = base, fresh, pending
        self.lock = threading.Lock()

    def frame(self) -> pd.DataFrame:
        with self.lock:
            if self.pending and self.fresh is not None:
                self.base = tracking.replaced_reports(self.base, self.fresh, self.pending)
                self.fresh, self.pending = None, frozenset()
            return self.base

    def then(self, fresh: pd.DataFrame, pairs: frozenset[tuple[str, str]]) -> _Reports:
        """The reports after the rows of `pairs` became `fresh`, still unbuilt."""
        with self.lock:
            if not self.pending or self.fresh is None:
                return _Reports(self.base, fresh, pairs)
            older = tracking.replaced_reports(self.fresh, fresh.iloc[:0], pairs)  # the newer rows win
            joined = pd.concat([older, fresh[older.columns]], ignore_index=True) if len(fresh) else older
            return _Reports(self.base, joined, self.pending | pairs)


@dataclass(frozen=True)
class _Current:
    """The current reports at one mark of the store, grouped, and what changed since the earlier
    ones it was built from (numbered in the order they were built; a full read starts afresh)."""

    number: int
    version: int
    mark: store.Mark
    plans: tuple[Plan, ...]
    allocations: dict[str, dict[str, float]]
    shares: tuple[int, int, int]  # the allocation mark of `allocations` (compared instead of 85,000 shares)
    rows: _Reports
    raw: dict  # observations() of the reports
    obs: dict  # raw with the pooled totals (tracking.with_totals)
    last: dict  # tracking.last_dates(obs): what plan_as_of reads
    since: dict[int, frozenset[tuple[str, str]]]  # earlier number → pairs changed since it

    @property
    def reports(self) -> pd.DataFrame:
        return self.rows.frame()


@dataclass
class _Memo:
    """What the next version starts from, per store: the newest _Current, a few boards, the duties."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latest: _Current | None = None
    boards: dict[dt.date | None, tuple[int, pd.DataFrame]] = field(default_factory=dict)
    duties: _Duties | None = None
    duty_lock: threading.Lock = field(default_factory=threading.Lock)


BOARDS_KEPT = 4  # as-of dates whose board is kept to start from (an 85,000-row board is ~30 MB)
SINCE_KEPT = 8  # earlier _Currents one remembers the changes since


@st.cache_resource
def _memo(database_url: str) -> _Memo:
    return _Memo()


def _same_plans(a: tuple[Plan, ...], b: tuple[Plan, ...]) -> bool:
    """Whether two readings of the plans hold the same definitions, their targets' included
    (Plan equality leaves the targets out: an edited deadline must not keep an old board)."""
    return a == b and all(x.targets == y.targets for x, y in zip(a, b))


@st.cache_resource(ttl=TTL, max_entries=2)
def _current(v: int) -> _Current:
    """Shared without pickling: a million rows would be pickled into the cache and unpickled on
    every read. Built from the previous one when only some (target, region) pairs changed
    (targets.store.changes): an upload of twenty rows re-reads those pairs, not the store."""
    memo = _memo(settings().database_url)
    with memo.lock:
        prev = memo.latest
        engine = get_engine()
        plans, allocations, shares = _plans(v), _allocations(v), _allocation_mark(v)
        mark = store.mark(engine)  # before the rows it describes
        pairs = None
        if prev is not None and prev.shares == shares and _same_plans(prev.plans, plans):
            pairs = store.changed_pairs(engine, prev.mark, mark)
        if pairs is None or prev is None:
            reports = store.reports(engine)
            rows = _Reports(reports)
            raw = tracking.observations(reports)
            obs = tracking.with_totals(plans, allocations, raw)
            last = tracking.last_dates(obs)
            since: dict[int, frozenset[tuple[str, str]]] = {}
        else:
            fresh = store.reports_of(engine, pairs)
            rows = prev.rows.then(fresh, pairs)
            raw, obs = tracking.updated_observations(plans, allocations, prev.raw, prev.obs, fresh, pairs)
            last = tracking.updated_last_dates(prev.last, prev.obs, obs, tracking.affected(plans, allocations, pairs))
            since = {prev.number: pairs} | {old: p | pairs for old, p in list(prev.since.items())[:SINCE_KEPT - 1]}
        number = prev.number + 1 if prev is not None else 0
        memo.latest = _Current(number, v, mark, plans, allocations, shares, rows, raw, obs, last, since)
        return memo.latest


def reports() -> pd.DataFrame:
    """Current progress rows (demo rows only while no real upload is in force), read-only (a shallow copy)."""
    return _current(version()).reports.copy(deep=False)


def observations() -> Mapping[tuple[str, str], list[tuple[dt.date, float]]]:
    """Every (target, region)'s reports as date-sorted (date, value) pairs; a pooled target's
    plan-region series is the sum of its contributors' (tracking.with_totals).

    Shared between sessions without copying (a million reports would take seconds to unpickle on
    every rerun), as a read-only mapping.
    """
    return MappingProxyType(_current(version()).obs)


@st.cache_data(ttl=TTL, max_entries=4)
def _demo_in_use(v: int) -> bool:
    return store.demo_in_use(get_engine())


def demo_in_use() -> bool:
    """Whether what is shown is demo data (示例数据)."""
    return _demo_in_use(version())


@st.cache_resource(ttl=TTL, max_entries=4)
def _status(v: int, as_of: dt.date | None) -> pd.DataFrame:
    # Shared without pickling (an 85,000-row board took longer to unpickle than to filter). Four
    # boards (~50 MB each at 85,000 rows): the board of an older version is never read again, and
    # the newest of each as-of date stays in the memo to start the next from
    current, memo = _current(v), _memo(settings().database_url)
    with memo.lock:
        last = memo.boards.get(as_of)
    table = None
    if last is not None and (last[0] == current.number or last[0] in current.since):
        pairs = current.since.get(last[0], frozenset())
        table = board.updated(last[1], current.plans, current.allocations, current.obs, pairs, as_of, settings())
    if table is None:
        table = board.board(current.plans, current.allocations, current.obs, as_of, settings())
    with memo.lock:
        memo.boards.pop(as_of, None)
        memo.boards[as_of] = (current.number, table)  # the newest last
        while len(memo.boards) > BOARDS_KEPT:
            del memo.boards[next(iter(memo.boards))]
    return table


def status(as_of: dt.date | None = None) -> pd.DataFrame:
    """The status table joined with names, units and an explanation line per row (targets.method.board),
    read-only (a shallow copy)."""
    return _status(version(), as_of).copy(deep=False)


@dataclass
class _Bases:
    """The newest what-if basis per (as-of date, window), per store: what the next version starts from."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    kept: dict[tuple[dt.date, int], tuple[int, pd.DataFrame]] = field(default_factory=dict)


@st.cache_resource
def _bases(database_url: str) -> _Bases:
    return _Bases()


@st.cache_resource(ttl=TTL, max_entries=8)
def _whatif_basis(v: int, as_of: dt.date, window: int) -> pd.DataFrame:
    # Shared without pickling, as the board it is built from; indexed as the board's rows. After a
    # write, the rows of the cells it reached are built again (tracking.affected), the rest kept.
    table, current, memo = _status(v, as_of), _current(v), _bases(settings().database_url)
    targets = {t.id: t for p in current.plans for t in p.targets}
    with memo.lock:
        last = memo.kept.get((as_of, window))
        other = next((f for (day, _), (n, f) in memo.kept.items() if day == as_of and n == current.number), None)
    frame = None
    known = table["target"].isin(targets)
    if last is not None and (last[0] == current.number or last[0] in current.since) and len(last[1]) == known.sum():
        cells = tracking.affected(current.plans, current.allocations, current.since.get(last[0], frozenset()))
        keys = zip(table["target"].to_numpy(dtype=object), table["region"].to_numpy(dtype=object))
        rows = table[[key in cells and key[0] in targets for key in keys]]
        fresh = whatif.basis(whatif.cases(rows, targets, current.obs), as_of, window)
        fresh.index = rows.index
        frame = whatif.updated_basis(last[1], fresh)
    if frame is None and other is not None and len(other) == known.sum():  # another window of this version
        keys = zip(other["target"].to_numpy(dtype=object), other["region"].to_numpy(dtype=object))
        frame = whatif.rewindowed(other, [current.obs.get(key, ()) for key in keys], window)
    if frame is None:
        rows = table[known]
        frame = whatif.basis(whatif.cases(rows, targets, current.obs), as_of, window)
        frame.index = rows.index
    with memo.lock:
        memo.kept.pop((as_of, window), None)
        memo.kept[(as_of, window)] = (current.number, frame)
        while len(memo.kept) > BOARDS_KEPT:
            del memo.kept[next(iter(memo.kept))]
    return frame


def whatif_basis(as_of: dt.date, window: int) -> pd.DataFrame:
    """What the what-if projection of every status row at `as_of` needs with the recent pace over
    `window` months (targets.method.whatif.basis), indexed as the status table's rows, once per data
    version: a slider moved is array arithmetic over it. Read-only (a shallow copy)."""
    return _whatif_basis(version(), as_of, window).copy(deep=False)


@st.cache_resource(ttl=TTL, max_entries=8)
def _whatif_outcomes(v: int, as_of: dt.date, fields: tuple[object, ...]) -> pd.DataFrame:
    scenario = whatif.Scenario(*fields)  # type: ignore[arg-type]  # the fields of one, in order
    return whatif.outcomes(_whatif_basis(v, as_of, scenario.window), as_of, scenario)


def whatif_outcomes(as_of: dt.date, scenario: whatif.Scenario) -> pd.DataFrame:
    """Every status row's outcome at `as_of` under `scenario` (targets.method.whatif.outcomes of the
    whole basis), once per data version and scenario: a filter change then only picks rows. Read-only
    (a shallow copy)."""
    return _whatif_outcomes(version(), as_of, dataclasses.astuple(scenario)).copy(deep=False)


def whatif_baseline(as_of: dt.date) -> pd.DataFrame:
    """Every status row's outcome under the status method's own projection (nothing changed) at
    `as_of`: what the what-if page compares each scenario with. Read-only (a shallow copy)."""
    return whatif_outcomes(as_of, whatif.baseline(settings().forecast_window_months))


@st.cache_data(ttl=TTL, max_entries=16)
def _plan_as_of(v: int, plan_id: str, today: dt.date) -> dt.date:
    found = next((p for p in _plans(v) if p.id == plan_id), _plans(v)[0])
    return tracking.plan_as_of(found, _current(v).obs, today, _current(v).last)


def plan_as_of(plan_id: str) -> dt.date:
    """The plan's data as-of date: its newest report date (today when nothing is reported)."""
    return _plan_as_of(version(), plan_id, clock.today(settings().time_zone))


@dataclass(frozen=True)
class _Duties:
    """The duties and every item's history as read at one mark of the store (`token`: the data
    version of that read; a later version that changed none of it keeps the token)."""

    token: int
    mark: store.Mark
    events: tuple[int, int]  # store.duty_mark: the recorded steps
    plans: tuple[Plan, ...]
    shares: tuple[int, int, int]  # the allocation mark
    duties: list[Duty]
    history: dict[agenda.Key, list[Event]]


@st.cache_resource(ttl=TTL, max_entries=2)
def _duty_load(v: int) -> _Duties:
    """Read again only when a write may have changed them: a duty step, the definitions or the
    allocations, or progress rows of a duty target (store.changed_pairs). An upload of other
    targets' progress keeps the previous read, and its token."""
    memo, engine = _memo(settings().database_url), get_engine()
    plans, shares = _plans(v), _allocation_mark(v)
    with memo.duty_lock:
        prev, latest = memo.duties, memo.latest
        # the mark before the rows it describes: the one of this version's _Current if built
        mark = latest.mark if latest is not None and latest.version == v else store.mark(engine)
        events = changes.duty_mark(engine)
        pairs = None
        if prev is not None and (prev.events, prev.shares) == (events, shares) and _same_plans(prev.plans, plans):
            pairs = store.changed_pairs(engine, prev.mark, mark)
        if prev is not None and pairs is not None and not duty_reports.touches(prev.duties, pairs):
            found = _Duties(prev.token, mark, events, plans, shares, prev.duties, prev.history)
        else:
            duties, history = duty_reports.load(engine, plans, _allocations(v))
            found = _Duties(v, mark, events, plans, shares, duties, history)
        memo.duties = found
        return found


@st.cache_data(ttl=TTL, max_entries=16)
def _duty_items_at(token: int, as_of: dt.date, _loaded: _Duties) -> pd.DataFrame:
    items = agenda.all_items(_loaded.duties, _loaded.history, as_of, settings().duty_soon_days)
    return pd.DataFrame(agenda.item_rows(_loaded.duties, items, _loaded.plans), columns=agenda.ITEM_COLUMNS)


def _duty_items(v: int, as_of: dt.date) -> pd.DataFrame:
    loaded = _duty_load(v)
    return _duty_items_at(loaded.token, as_of, loaded)


def duty_items(as_of: dt.date) -> pd.DataFrame:
    """Every duty item at `as_of` (agenda.ITEM_COLUMNS), overdue first."""
    return _duty_items(version(), as_of)


@st.cache_data(ttl=TTL, max_entries=8)
def _chase(v: int, as_of: dt.date) -> list[Notice]:
    # from the duties and the status board as the pages have them (each redone only where a write reached)
    loaded = _duty_load(v)
    return chase_list.chase_of(loaded.plans, loaded.duties, loaded.history, _status(v, as_of), as_of, settings())


def chase(as_of: dt.date) -> list[Notice]:
    """The chase list at `as_of`: one notice per responsible unit."""
    return _chase(version(), as_of)


def region_name(code: str) -> str:
    """A region's name on screens (targets.plans.regions.label; the code itself if unknown)."""
    return regions.label(code)


@functools.lru_cache(maxsize=32)
def region_names(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The names of a plan's regions, in order (region_name of each, once per process)."""
    return tuple(region_name(c) for c in codes)


@functools.lru_cache(maxsize=32)
def region_labels(codes: tuple[str, ...]) -> Mapping[str, str]:
    """code → region_name of a plan's regions, read-only, once per process: its `__getitem__` is a
    widget's format_func that costs no Python call per option (a country's 2,845 counties, twice per
    widget on every rerun)."""
    return MappingProxyType(dict(zip(codes, region_names(codes))))


def load_demo() -> int:
    """Write: load demo data."""
    return demo.load_demo(get_engine(), clock.today(settings().time_zone))


def remove_demo(user: str) -> int:
    """Write: remove demo data."""
    return store.remove_demo(get_engine(), user)


# the text columns, held as categoricals so that a filter takes integer codes instead of copying
# strings, and grouping by them needs no factorising: codes, names, units and statuses repeat in every
# row, and an explanation in many (7,938 distinct among a country's 85,350 rows)
CODED = frozenset({"plan", "target", "region", "name", "region_name", "status", "status_label", "kind",
                   "category", "lead", "unit", "rule", "source_quote", "explanation"})


def text(rows: pd.DataFrame, column: str) -> pd.Series:
    """A column of board rows as plain text, for display and download: a CODED column's categories
    given back as text; an empty text column where the rows have none."""
    values = rows.get(column, pd.Series(dtype=str))
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return values
    coded = values.cat  # the categories taken by code: twenty times faster than astype
    texts = coded.categories.take(coded.codes.to_numpy(), allow_fill=True, fill_value=None)
    return pd.Series(texts, index=values.index, name=values.name)


@st.cache_resource(ttl=TTL, max_entries=8)
def _plan_status(v: int, as_of: dt.date | None, plan_id: str) -> pd.DataFrame:
    table = _status(v, as_of)  # shared without pickling, as _status
    if table.empty:
        return table
    table = table[table["plan"] == plan_id]
    return table.astype({c: "category" for c in table.columns if c in CODED})


def plan_status(plan_id: str, as_of: dt.date | None = None) -> pd.DataFrame:
    """The rows of one plan in status(as_of), read-only (a shallow copy): a filter change narrows
    these instead of every plan's rows. The CODED columns are categoricals (text() gives
    their plain text for display)."""
    return _plan_status(version(), as_of, plan_id).copy(deep=False)


@st.cache_resource(ttl=TTL, max_entries=8)
def _plan_columns(v: int, as_of: dt.date | None, plan_id: str, columns: tuple[str, ...]) -> pd.DataFrame:
    table = _plan_status(v, as_of, plan_id)
    return table[[c for c in columns if c in table.columns]]


def plan_columns(plan_id: str, as_of: dt.date | None, columns: tuple[str, ...]) -> pd.DataFrame:
    """plan_status with only these columns, read-only (a shallow copy): a filter change then copies
    the columns a page shows, not every column of 85,000 rows."""
    return _plan_columns(version(), as_of, plan_id, columns).copy(deep=False)
