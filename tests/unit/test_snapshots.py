"""Meeting snapshots: frozen against later uploads, reverts and edits; "since" lists exactly what moved."""

from __future__ import annotations

import datetime as dt

import pytest

from targets import store
from targets.errors import InvalidInput, NotAllowed, NotFound
from targets.method.board import state_board
from targets.method.changes import since
from targets.store.accounts import User
from tests.unit.meeting_store import AS_OF, report, seed

OFFICE = User("office", "admin", ())


@pytest.fixture
def seeded(engine, settings):
    uploads = seed(engine)
    store.create_snapshot(engine, "m1", OFFICE, settings)
    return uploads


def _board(engine, settings, name=None):
    state = store.load_snapshot(engine, name, settings) if name else store.current_state(engine, settings)
    return state_board(state).to_json(orient="records", date_format="iso")


def test_a_snapshot_does_not_move_when_uploads_reverts_and_edits_arrive(engine, settings, seeded):
    frozen = _board(engine, settings, "m1")
    assert frozen == _board(engine, settings)  # frozen = the live state at the time
    store.import_reports(engine, [report("jl-2022-t02", "220000", 5, dt.date(2023, 9, 30))], user="office")
    store.revert_upload(engine, seeded["first"], OFFICE)
    store.edit_target(engine, "jl-2022-t11", OFFICE, uncertain=False)
    assert _board(engine, settings) != frozen
    assert _board(engine, settings, "m1") == frozen
    assert store.load_snapshot(engine, "m1", settings).dates["jl-2022"] == AS_OF


def test_since_lists_exactly_the_changes_after_the_snapshot(engine, settings, seeded):
    store.import_reports(engine, [report("jl-2022-t02", "220000", 3),  # changed value, same date
                                  report("jl-2022-t09", "220000", 1)], user="office")  # milestone done
    store.revert_upload(engine, seeded["second"], OFFICE)  # withdraws 吉林市's t08
    store.edit_target(engine, "jl-2022-t11", OFFICE, uncertain=False)
    store.edit_target(engine, "jl-2022-t12", OFFICE, deadline=dt.date(2022, 10, 31))
    before = store.load_snapshot(engine, "m1", settings)
    after = store.current_state(engine, settings, AS_OF)
    ch = since(before, after, "jl-2022")
    assert [(i["target"], i["region"], i["value"], i["previous"]) for i in ch.reported] == [
        ("jl-2022-t02", "220000", 3.0, 2.0), ("jl-2022-t09", "220000", 1.0, None)]
    assert [(i["target"], i["region"], i["previous"]) for i in ch.withdrawn] == [("jl-2022-t08", "220200", 1.0)]
    assert [i["target"] for i in ch.duties_done] == ["jl-2022-t09"]
    assert [i["target"] for i in ch.confirmed] == ["jl-2022-t11"]
    assert [(i["target"], i["field"], i["new"]) for i in ch.corrected] == [
        ("jl-2022-t12", "deadline", dt.date(2022, 10, 31))]
    assert [(i["target"], i["before"], i["after"]) for i in ch.better] == [
        ("jl-2022-t02", "behind", "on_track"), ("jl-2022-t09", "no_data", "done")]
    assert [(i["target"], i["region"], i["before"], i["after"]) for i in ch.worse] == [
        ("jl-2022-t08", "220200", "done", "no_data")]
    assert ch.new_overdue == []


def test_nothing_moved_means_empty_changes(engine, settings, seeded):
    ch = since(store.load_snapshot(engine, "m1", settings), store.current_state(engine, settings), "jl-2022")
    assert ch.empty()


def test_names_are_unique_and_only_admins_freeze(engine, settings, seeded):
    with pytest.raises(InvalidInput) as taken:
        store.create_snapshot(engine, "m1", OFFICE, settings)
    assert taken.value.code == "snapshot_exists"
    with pytest.raises(NotAllowed):
        store.create_snapshot(engine, "m2", User("cc", "officer", ("220100",)), settings)
    with pytest.raises(NotFound):
        store.load_snapshot(engine, "nope", settings)


def test_creating_a_snapshot_is_audited_and_listed(engine, settings, seeded):
    store.create_snapshot(engine, "m2", OFFICE, settings, as_of=dt.date(2023, 12, 31))
    assert [(s["name"], s["as_of"], s["user"]) for s in store.snapshots(engine)] == [
        ("m1", None, "office"), ("m2", dt.date(2023, 12, 31), "office")]
    assert [e["action"] for e in store.audit_log(engine)][:2] == ["snapshot_create", "snapshot_create"]
    assert store.previous(engine) == "m2" and store.previous(engine, "m2") == "m1"
    assert store.previous(engine, "m1") is None
