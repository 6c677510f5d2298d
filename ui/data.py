"""The only place with st.cache_*: the engine, cached readers, and writes that invalidate them.

Readers return picklable values (frozen dataclasses, DataFrames), never ORM objects. Every write
goes through a function here that clears the caches after it commits.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from targets import clock, demo, store
from targets.config import Settings
from targets.intake import chase_list, duty_reports
from targets.method import agenda, board, tracking
from targets.method.chase import Notice
from targets.plans import regions
from targets.plans.definitions import Plan, Target

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


def invalidate() -> None:
    """Forget every cached read (called after each write)."""
    st.cache_data.clear()
    reports.clear()
    observations.clear()


@st.cache_data(ttl=TTL, max_entries=4)
def plans() -> tuple[Plan, ...]:
    """Every plan with its targets."""
    return store.plans(get_engine())


def plan(plan_id: str) -> Plan:
    """One plan by id (the first plan if the id is unknown)."""
    all_plans = plans()
    return next((p for p in all_plans if p.id == plan_id), all_plans[0])


def target(target_id: str) -> Target | None:
    """One target definition by id."""
    return next((t for p in plans() for t in p.targets if t.id == target_id), None)


@st.cache_data(ttl=TTL, max_entries=4)
def allocations() -> dict[str, dict[str, float]]:
    """Current allocation: target → {region: share}."""
    return store.allocations(get_engine())


@st.cache_data(ttl=TTL, max_entries=4)
def allocation_origins() -> dict[str, dict[str, store.Origin]]:
    """Where each (target, region)'s current allocation came from: the document, the office, a 任务分解表."""
    return store.allocation_origins(get_engine())


@st.cache_resource(ttl=TTL, max_entries=2)
def reports() -> pd.DataFrame:
    """Current progress rows (demo rows only while no real upload is in force).

    Shared without copying, like observations(): a million rows would be pickled into the cache
    and unpickled on every read. Read-only: never modify the frame in place.
    """
    return store.reports(get_engine())


@st.cache_resource(ttl=TTL, max_entries=2)
def observations() -> dict[tuple[str, str], list[tuple[dt.date, float]]]:
    """Every (target, region)'s reports as date-sorted (date, value) pairs; a pooled target's
    plan-region series is the sum of its contributors' (tracking.with_totals).

    Shared between sessions without copying (a million reports would take seconds to unpickle on
    every rerun): read-only, never mutate it. invalidate() clears it with the other caches.
    """
    return tracking.with_totals(plans(), allocations(), tracking.observations(reports()))


@st.cache_data(ttl=TTL, max_entries=4)
def demo_in_use() -> bool:
    """Whether what is shown is demo data (示例数据)."""
    return store.demo_in_use(get_engine())


@st.cache_data(ttl=TTL, max_entries=64)
def status(as_of: dt.date | None = None) -> pd.DataFrame:
    """The status table joined with names, units and an explanation line per row (targets.method.board)."""
    return board.board(plans(), allocations(), observations(), as_of, settings())


@st.cache_data(ttl=TTL, max_entries=16)
def plan_as_of(plan_id: str) -> dt.date:
    """The plan's data as-of date: its newest report date (today when nothing is reported)."""
    return tracking.plan_as_of(plan(plan_id), observations(), clock.today(settings().time_zone))


@st.cache_data(ttl=TTL, max_entries=16)
def duty_items(as_of: dt.date) -> pd.DataFrame:
    """Every duty item at `as_of` (agenda.ITEM_COLUMNS), overdue first."""
    duties, history = duty_reports.load(get_engine())
    items = agenda.all_items(duties, history, as_of, settings().duty_soon_days)
    return pd.DataFrame(agenda.item_rows(duties, items, plans()), columns=agenda.ITEM_COLUMNS)


@st.cache_data(ttl=TTL, max_entries=8)
def chase(as_of: dt.date) -> list[Notice]:
    """The chase list at `as_of`: one notice per responsible unit."""
    return chase_list.chase(get_engine(), as_of, settings())


def region_name(code: str) -> str:
    """The short name of a region code (the code itself if unknown)."""
    r = regions.get(code)
    return (r.short or r.name) if r else code


def load_demo() -> int:
    """Write: load demo data."""
    rows = demo.load_demo(get_engine(), clock.today(settings().time_zone))
    invalidate()
    return rows


def remove_demo(user: str) -> int:
    """Write: remove demo data."""
    rows = store.remove_demo(get_engine(), user)
    invalidate()
    return rows
