"""上报 page: login required; every error at once with row and column; preview; confirm; refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from targets import messages, store
from targets.errors import UnreadableFile
from targets.intake import uploads
from targets.store import accounts
from tests.app.accounts_app import audit_actions, has_key, log_in, make_user, report_count, table
from tests.app.conftest import app_test, page_test
from tests.app.workbooks_app import CHANGCHUN, JILIN_CITY, NANGUAN, TARGET, XLSX_MIME, progress, row
from ui import notice, state
from ui.strings import CHANGE_LABELS, ISSUE_COLUMNS, UPLOAD_LABELS


@pytest.fixture
def officer(engine):
    make_user(engine, "alice", "officer", (CHANGCHUN,))
    return log_in(page_test("upload"), engine, "alice").run()


def _upload(at, data: bytes, name: str = "progress.xlsx"):
    return at.file_uploader(key="upload_file").upload(name, data, XLSX_MIME).run()


def _issues(at):
    return table(at, "upload_issues")


def _uploads(engine) -> int:
    return len(store.uploads(engine))


def test_anonymous_visitor_is_sent_to_the_login_page(engine):
    at = page_test("upload").run()
    assert not at.exception
    assert at.info[0].value == UPLOAD_LABELS["login_needed"]
    assert not at.get("file_uploader")


def test_the_login_link_is_there_inside_the_app(engine):
    at = app_test().run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    links = [link.proto.label for link in at.get("page_link")]
    assert UPLOAD_LABELS["login_link"] in links


def test_viewer_cannot_upload(engine):
    make_user(engine, "vic", "viewer")
    at = log_in(page_test("upload"), engine, "vic").run()
    assert at.info[0].value == UPLOAD_LABELS["viewer"]
    assert not at.get("file_uploader")


def test_officer_gets_templates_for_own_regions_only(officer):
    options = officer.selectbox(key="upload_template_region").options
    assert options[:2] == ["长春市", "南关区"]  # by name: no code in the label
    assert "吉林市" not in options and not [o for o in options if CHANGCHUN in o or NANGUAN in o]
    assert officer.get("download_button")


def test_admin_gets_templates_for_every_region_including_the_province(engine):
    make_user(engine, "boss", "admin")
    at = log_in(page_test("upload"), engine, "boss").run()
    options = at.selectbox(key="upload_template_region").options
    assert "吉林省" in options and "吉林市" in options


def test_bad_workbook_lists_every_error_with_row_and_column_and_stores_nothing(officer, engine):
    before, uploads_before = report_count(engine), _uploads(engine)
    data = progress([row(10), row(-5, date=dt.date(2023, 7, 31)), row(5, target="no-such-target"),
                     row(7, date="not a date")])
    at = _upload(officer, data)
    assert not at.exception
    shown = _issues(at)
    assert set(shown[ISSUE_COLUMNS["row"]].dropna().astype(int)) >= {3, 4, 5}
    assert (shown[ISSUE_COLUMNS["column"]] != "").all()
    assert at.error[-1].value == UPLOAD_LABELS["blocked"].format(errors=len(shown))
    assert at.download_button(key="upload_marked")
    assert not has_key(at, "upload_confirm")
    assert report_count(engine) == before and _uploads(engine) == uploads_before


def test_good_workbook_previews_then_commits_with_the_user(officer, engine):
    before, uploads_before = report_count(engine), _uploads(engine)
    at = _upload(officer, progress([row(10, note="first"), row(12, region=NANGUAN)]))
    assert not at.exception
    assert at.success[0].value == UPLOAD_LABELS["clean"].format(rows=2)
    assert at.metric[0].label == CHANGE_LABELS["new"] and at.metric[0].value == "2"
    assert report_count(engine) == before  # nothing stored before the confirmation
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    stored = store.reports(engine)
    mine = stored[stored["target"] == TARGET]
    assert sorted(mine["value"]) == [10, 12] and set(mine["user"]) == {"alice"}
    assert _uploads(engine) == uploads_before + 1
    newest = store.uploads(engine)[0]
    assert newest["user"] == "alice" and newest["rows"] == 2 and newest["file"] == "progress.xlsx"
    assert at.success[0].value == UPLOAD_LABELS["committed"].format(upload=newest["id"], rows=2)
    assert audit_actions(engine).count("import_upload") == 1
    assert state.PENDING_UPLOAD in at.session_state
    at.run()  # a rerun neither re-commits nor re-previews
    assert _uploads(engine) == uploads_before + 1 and not has_key(at, "upload_confirm")


def test_warnings_need_the_checkbox(officer, engine):
    _upload(officer, progress([row(20)])).button(key="upload_confirm").click().run()
    before = report_count(engine)
    at = _upload(officer, progress([row(15, date=dt.date(2023, 9, 30))]), name="lower.xlsx")
    assert not at.exception
    assert at.warning[0].value.startswith(UPLOAD_LABELS["warnings"].split("{")[0])
    assert at.button(key="upload_confirm").disabled
    forged = at.button(key="upload_confirm")
    forged._value = True  # a hand-made request clicking the disabled button (AppTest refuses to)
    at.run()
    assert report_count(engine) == before  # ignored, or refused by commit (WarningsNotAccepted)
    assert [e.value for e in at.error] in ([], [notice.escape(messages.render("upload_warnings", count=1))])
    at.checkbox(key="upload_accept_warnings").check().run()
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    assert report_count(engine) == before + 1


def test_officer_uploading_for_another_region_is_refused(officer, engine):
    before, uploads_before = report_count(engine), _uploads(engine)
    at = _upload(officer, progress([row(10), row(10, region=JILIN_CITY)]))
    assert not at.exception
    assert at.error[0].value == UPLOAD_LABELS["forbidden"].format(forbidden=1)
    assert not has_key(at, "upload_confirm")
    assert report_count(engine) == before and _uploads(engine) == uploads_before


def test_edited_session_state_cannot_write_elsewhere(officer, engine):
    before = report_count(engine)
    foreign = progress([row(10, region=JILIN_CITY)])
    at = _upload(officer, progress([row(10)]))
    at.session_state["role"] = "admin"
    at.session_state["user"] = "boss"
    at.session_state["user_regions"] = [JILIN_CITY]
    token = at.session_state[state.PENDING_UPLOAD]
    token["data"] = foreign  # swap the pending bytes behind the checked file
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    stored = store.reports(engine)
    assert JILIN_CITY not in set(stored.loc[stored["target"] == TARGET, "region"])
    assert report_count(engine) in (before, before + 1)  # at most the officer's own row


@pytest.mark.parametrize("data", [b"this is not a workbook", b"PK\x03\x04broken"])
def test_unreadable_file_is_the_domain_sentence_and_stores_nothing(officer, engine, data):
    before, uploads_before = report_count(engine), _uploads(engine)
    with pytest.raises(UnreadableFile) as refused:
        uploads.check(engine, data, "broken.xlsx", accounts.get_user(engine, "alice"))
    at = _upload(officer, data, name="broken.xlsx")
    assert not at.exception
    assert [e.value for e in at.error] == [notice.escape(str(refused.value))]
    assert not has_key(at, "upload_confirm")
    assert report_count(engine) == before and _uploads(engine) == uploads_before


def test_hostile_note_and_file_name_are_stored_verbatim(officer, engine):
    name = "<script>alert(1)</script>.xlsx"
    note = "[x](http://evil) =cmd|' /C calc'!A0 '; DROP TABLE report; --"
    at = _upload(officer, progress([row(10, note=note)]), name=name)
    assert any(name in t.value for t in at.text)
    assert not any(name in str(m.value) for m in at.markdown)
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    assert note in set(store.reports(engine)["note"])
    assert store.uploads(engine)[0]["file"] == name
