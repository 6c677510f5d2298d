"""任务分解 page: the current allocation for everyone; admins download, check, preview and import."""

from __future__ import annotations

import pytest

from targets import messages, store
from tests.app.accounts_app import audit_actions, has_key, log_in, make_user, table
from tests.app.conftest import page_test
from tests.app.workbooks_app import ALLOCATED as TARGET
from tests.app.workbooks_app import CHANGCHUN, JILIN_CITY, XLSX_MIME, allocation
from ui import notice, records, state
from ui.strings import ALLOCATION_LABELS, ALLOCATION_PREVIEW_COLUMNS, CHANGE_LABELS, ISSUE_COLUMNS


@pytest.fixture
def admin(engine):
    make_user(engine, "boss", "admin")
    return log_in(page_test("allocations"), engine, "boss").run()


def _upload(at, data: bytes, name: str = "alloc.xlsx"):
    return at.file_uploader(key="allocations_file").upload(name, data, XLSX_MIME).run()


def _share(engine, target: str = TARGET, region: str = CHANGCHUN) -> float:
    return store.allocations(engine)[target][region]


@pytest.mark.parametrize("role", [None, "officer", "viewer"])
def test_everyone_reads_only_admins_edit(engine, role):
    at = page_test("allocations")
    if role:
        make_user(engine, "someone", role, (CHANGCHUN,) if role == "officer" else ())
        log_in(at, engine, "someone")
    at.run()
    assert not at.exception
    shown = table(at, "allocations_table")
    # one row per region, so every city is visible however wide the screen: 长春 carries 1 of TARGET
    regions = list(shown[ALLOCATION_LABELS["region"]])
    assert len(regions) >= 9 and records.region_label(CHANGCHUN) in regions, regions
    changchun = shown[shown[ALLOCATION_LABELS["region"]] == records.region_label(CHANGCHUN)].iloc[0]
    assert 1 in set(changchun.drop(ALLOCATION_LABELS["region"]).dropna())
    assert ALLOCATION_LABELS["read_only"] in [c.value for c in at.main.caption]
    assert not at.get("file_uploader")


def test_admin_sees_download_and_upload(admin):
    assert admin.download_button(key="allocations_download")
    assert admin.get("file_uploader")


def test_bad_sheet_lists_errors_and_changes_nothing(admin, engine):
    before = store.allocations(engine)
    at = _upload(admin, allocation([(TARGET, CHANGCHUN, 30), ("no-such-target", CHANGCHUN, 5),
                                    (TARGET, JILIN_CITY, "lots")]))
    assert not at.exception
    issues = table(at, "allocations_issues")
    assert set(issues[ISSUE_COLUMNS["row"]].dropna().astype(int)) == {3, 4}
    assert not has_key(at, "allocations_confirm")
    assert store.allocations(engine) == before


def test_good_sheet_previews_then_imports_a_new_version(admin, engine):
    old = _share(engine)
    at = _upload(admin, allocation([(TARGET, CHANGCHUN, 30), (TARGET, JILIN_CITY, _share(engine, region=JILIN_CITY))]))
    assert not at.exception
    preview = table(at, "allocations_preview")
    assert list(preview[ALLOCATION_PREVIEW_COLUMNS["change"]]) == [CHANGE_LABELS["changed"], CHANGE_LABELS["unchanged"]]
    assert list(preview[ALLOCATION_PREVIEW_COLUMNS["previous"]])[0] == pytest.approx(old)
    assert _share(engine) == pytest.approx(old)  # nothing before the confirmation
    at.button(key="allocations_confirm").click().run()
    assert not at.exception
    assert _share(engine) == 30
    newest = store.uploads(engine)[0]
    assert newest["source"] == "allocation" and newest["user"] == "boss"
    assert at.success[0].value == notice.escape(messages.render("allocations_committed", rows=2, upload=newest["id"]))
    assert audit_actions(engine).count("import_allocation") == 1
    assert not has_key(at, "allocations_confirm")  # the committed file is not offered again


def test_officer_with_forged_session_state_cannot_import(engine):
    make_user(engine, "alice", "officer", (CHANGCHUN,))
    at = log_in(page_test("allocations"), engine, "alice")
    at.session_state["role"] = "admin"
    at.session_state["allocations_pending"] = {"name": "x.xlsx", "data": allocation([(TARGET, CHANGCHUN, 99)]),
                                               "sha256": "0", "committed": None}
    at.run()
    assert not at.get("file_uploader") and not has_key(at, "allocations_confirm")
    assert _share(engine) != 99
    assert state.AUTH_TOKEN in at.session_state
