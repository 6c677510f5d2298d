"""Reading the current reports a chunk at a time gives the frame of one read, dates shared."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd

from targets import demo, store
from targets.method import tracking
from targets.store import current


def test_a_read_in_small_chunks_equals_a_read_in_one(engine, monkeypatch):
    demo.load_demo(engine, today=dt.date(2024, 12, 31))
    whole = store.reports(engine)
    assert len(whole) > 10
    monkeypatch.setattr(current, "CHUNK_ROWS", 3)
    chunked = store.reports(engine)
    pd.testing.assert_frame_equal(chunked, whole)
    assert tracking.observations(chunked) == tracking.observations(whole)
    days = chunked["date"].tolist()
    assert all(isinstance(d, dt.date) for d in days)
    common = Counter(days).most_common(1)[0][0]
    same = [d for d in days if d == common]
    assert len(same) > 1 and all(d is same[0] for d in same)  # one object per distinct date


def test_an_empty_store_reads_as_an_empty_frame(engine, monkeypatch):
    monkeypatch.setattr(current, "CHUNK_ROWS", 3)
    assert store.reports(engine).empty
    assert list(store.reports(engine).columns) == store.REPORT_COLUMNS
