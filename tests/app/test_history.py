"""上报记录 page: every upload, one upload's rows, revert (admin or uploader), version history, export."""

from __future__ import annotations

import datetime as dt

import pytest

from targets import messages, store
from targets.intake import uploads
from targets.store import accounts
from targets.store.models import ReportIn
from tests.app.accounts_app import audit_actions, has_key, log_in, make_user, table
from tests.app.conftest import page_test
from tests.app.workbooks_app import CHANGCHUN, HOSTILE, TARGET, progress, row
from ui import notice
from ui.strings import SOURCE_LABELS, UPLOAD_COLUMNS, VERSION_COLUMNS

DAY = dt.date(2023, 6, 30)


def _commit(engine, name: str, rows: list[tuple], filename: str = "progress.xlsx") -> int:
    user = accounts.get_user(engine, name)
    checked = uploads.check(engine, progress(rows), filename, user)
    return uploads.commit(engine, checked, user, accept_warnings=True)


def _current(engine) -> float:
    frame = store.reports(engine)
    mine = frame[(frame["target"] == TARGET) & (frame["region"] == CHANGCHUN) & (frame["date"] == DAY)]
    return float(mine["value"].iloc[0])


@pytest.fixture
def two_versions(engine):
    make_user(engine, "alice", "officer", (CHANGCHUN,))
    first = _commit(engine, "alice", [row(10)])
    second = _commit(engine, "alice", [row(14)], filename="fix.xlsx")
    return first, second


def _page(engine, name: str | None):
    at = page_test("history")
    if name:
        log_in(at, engine, name)
    return at.run()


def test_every_upload_is_listed_with_its_labels(two_versions, engine):
    at = _page(engine, None)
    assert not at.exception
    shown = table(at, "history_uploads")
    assert list(shown.columns) == list(UPLOAD_COLUMNS.values())
    files = list(shown[UPLOAD_COLUMNS["file"]])
    assert files[:2] == ["fix.xlsx", "progress.xlsx"]
    assert all(len(s) <= 12 for s in shown[UPLOAD_COLUMNS["sha256"]])
    assert at.download_button(key="history_export")


def test_demo_uploads_are_labelled_as_demo(demo_engine):
    at = _page(demo_engine, None)
    sources = set(table(at, "history_uploads")[UPLOAD_COLUMNS["source"]])
    assert SOURCE_LABELS["demo"] in sources


def test_selecting_an_upload_shows_its_rows(two_versions, engine):
    first, _ = two_versions
    at = _page(engine, None)
    at.selectbox(key="history_upload").select(first).run()
    rows = table(at, "history_upload_rows")
    assert list(rows[VERSION_COLUMNS["value"]]) == [10]
    assert not has_key(at, "history_revert")  # anonymous


def test_uploader_reverts_and_the_previous_value_is_current_again(two_versions, engine):
    _, second = two_versions
    assert _current(engine) == 14
    at = _page(engine, "alice")
    at.selectbox(key="history_upload").select(second).run()
    assert at.button(key="history_revert").disabled
    at.checkbox(key="history_revert_confirm").check().run()
    at.button(key="history_revert").click().run()
    assert not at.exception
    assert _current(engine) == 10
    assert store.get_upload(engine, second)["reverted"]
    assert at.success[0].value == notice.escape(messages.render("reverted", upload=second))
    assert audit_actions(engine).count("revert") == 1


def test_admin_may_revert_anyone_s_upload(two_versions, engine):
    _, second = two_versions
    make_user(engine, "boss", "admin")
    at = _page(engine, "boss")
    at.selectbox(key="history_upload").select(second).run()
    at.checkbox(key="history_revert_confirm").check().run()
    at.button(key="history_revert").click().run()
    assert _current(engine) == 10


def test_another_officer_cannot_revert(two_versions, engine):
    _, second = two_versions
    make_user(engine, "bob", "officer", (CHANGCHUN,))
    at = _page(engine, "bob")
    at.selectbox(key="history_upload").select(second).run()
    assert not has_key(at, "history_revert")
    refusal = messages.render("revert_not_allowed", name="bob", upload=second)
    assert notice.escape(refusal) in [c.value for c in at.main.caption]
    at.session_state["user"] = "alice"  # a forged name changes nothing: the role comes from the store
    at.run()
    assert not has_key(at, "history_revert")
    assert _current(engine) == 14


def test_version_history_of_one_value(two_versions, engine):
    first, second = two_versions
    store.revert_upload(engine, second, accounts.get_user(engine, "alice"))
    at = _page(engine, None)
    at.selectbox(key="history_target").select(TARGET).run()
    at.selectbox(key="history_region").select(CHANGCHUN).run()
    shown = table(at, "history_versions")
    assert list(shown[VERSION_COLUMNS["value"]]) == [10, 14]
    assert list(shown[VERSION_COLUMNS["reverted"]]) == [False, True]
    assert list(shown[VERSION_COLUMNS["current"]]) == [True, False]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_file_names_and_notes_are_shown_verbatim_as_data(engine, hostile):
    make_user(engine, "alice", "officer", (CHANGCHUN,))
    upload_id = _commit(engine, "alice", [row(10, note=hostile)], filename=f"{hostile}.xlsx")
    at = _page(engine, "alice")
    assert f"{hostile}.xlsx" in set(table(at, "history_uploads")[UPLOAD_COLUMNS["file"]])
    at.selectbox(key="history_upload").select(upload_id).run()
    assert not at.exception
    assert list(table(at, "history_upload_rows")[VERSION_COLUMNS["note"]]) == [hostile]
    assert not any(hostile in str(m.value) for m in at.markdown)


@pytest.mark.parametrize("source, code", [("demo", "revert_demo"), ("document", "revert_document")])
def test_the_page_says_why_demo_and_document_uploads_are_not_reverted(demo_engine, source, code):
    make_user(demo_engine, "boss", "admin")
    if source == "document":  # a document's printed figure, stored as the seeding of an earlier release did
        fact = ReportIn(target="jl-2022-t01", region="220100", date=dt.date(2022, 6, 30), value=5.0)
        store.import_reports(demo_engine, [fact], user=store.SYSTEM_USER, source="document")
    upload_id = next(u["id"] for u in store.uploads(demo_engine) if u["source"] == source)
    at = _page(demo_engine, "boss")
    at.selectbox(key="history_upload").select(upload_id).run()
    assert not at.exception
    assert not has_key(at, "history_revert")
    assert notice.escape(messages.render(code, upload=upload_id)) in [c.value for c in at.main.caption]


def test_the_products_own_writers_read_as_what_they_are_and_a_missing_hash_as_a_dash(demo_engine):
    from ui.strings import ACCOUNT_LABELS, MISSING

    at = _page(demo_engine, None)
    shown = table(at, "history_uploads")
    users = set(shown[UPLOAD_COLUMNS["user"]])
    assert not users & {"system", "demo"}, users
    assert ACCOUNT_LABELS["demo"] in users
    demo_rows = shown[shown[UPLOAD_COLUMNS["source"]] == SOURCE_LABELS["demo"]]
    assert set(demo_rows[UPLOAD_COLUMNS["sha256"]]) == {MISSING}
    labels = at.selectbox(key="history_upload").options
    assert labels and not [o for o in labels if " demo " in o or " system " in o]


def test_the_target_picker_shows_names_not_ids(two_versions, engine):
    at = _page(engine, None)
    options = at.selectbox(key="history_target").options
    plans = store.plans(engine)
    names = [t.name for p in plans for t in p.targets]
    assert options and not [o for o in options if o.split(" ")[0] in {t.id for p in plans for t in p.targets}]
    assert sum(o in names for o in options) >= len(set(names)) - 1
