"""`python -m targets user …` and the revert permission (exit 3)."""

import datetime as dt
import json
import threading

import pytest

from targets import cli, messages, store
from targets.cli import users
from targets.errors import InvalidInput, NotAllowed
from targets.store import accounts
from targets.store.models import ReportIn
from tests.unit.workbooks import book, row


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_user_add_list_disable_passwd(capsys, db_url, monkeypatch):
    monkeypatch.setenv("TARGETS_PASSWORD", "s3cret-pass")
    assert run(capsys, "user", "add", "cc", "--role", "officer", "--region", "220100")[0] == 0
    code, out, _ = run(capsys, "user", "list", "--json")
    assert json.loads(out) == [{"name": "cc", "role": "officer", "regions": ["220100"], "disabled": False}]
    assert run(capsys, "user", "add", "cc", "--role", "viewer")[0] == 1  # exists
    assert run(capsys, "user", "disable", "cc")[0] == 0
    assert json.loads(run(capsys, "user", "list", "--json")[1])[0]["disabled"] is True
    assert run(capsys, "user", "passwd", "cc")[0] == 0
    assert run(capsys, "user", "passwd", "nobody")[0] == 1


def test_user_add_without_password_is_a_sentence(capsys, db_url, monkeypatch):
    monkeypatch.delenv("TARGETS_PASSWORD", raising=False)
    code, out, err = run(capsys, "user", "add", "x", "--role", "viewer")
    assert code == 1 and "TARGETS_PASSWORD" in err and out == ""


def test_invalid_role_exit_1(capsys, db_url, monkeypatch):
    monkeypatch.setenv("TARGETS_PASSWORD", "s3cret-pass")
    assert run(capsys, "user", "add", "x", "--role", "root")[0] == 1


def test_revert_not_allowed_for_viewer_or_other_officer(capsys, engine, monkeypatch):
    monkeypatch.setenv("TARGETS_PASSWORD", "s3cret-pass")
    run(capsys, "user", "add", "office", "--role", "admin")
    run(capsys, "user", "add", "screen", "--role", "viewer")
    run(capsys, "user", "add", "jl", "--role", "officer", "--region", "220200")
    upload = store.import_reports(engine, [ReportIn(target="jl-2022-t01", region="220100",
                                                    date=dt.date(2023, 6, 30), value=3.0)], user="cc")
    assert run(capsys, "revert", str(upload), "--user", "screen")[0] == 3
    assert run(capsys, "revert", str(upload), "--user", "jl")[0] == 3
    assert run(capsys, "revert", str(upload), "--user", "ghost")[0] == 3
    assert store.get_upload(engine, upload)["reverted"] is False
    assert run(capsys, "revert", str(upload), "--user", "office")[0] == 0


def test_user_add_takes_several_regions_either_way(capsys, db_url, monkeypatch):
    monkeypatch.setenv("TARGETS_PASSWORD", "s3cret-pass")
    assert run(capsys, "user", "add", "a", "--role", "officer", "--region", "220100", "220200")[0] == 0
    assert run(capsys, "user", "add", "b", "--role", "officer", "--region", "220100", "--region", "JL-CBS")[0] == 0
    users = {u["name"]: u["regions"] for u in json.loads(run(capsys, "user", "list", "--json")[1])}
    assert users == {"a": ["220100", "220200"], "b": ["220100", "JL-CBS"]}


def _uploads(capsys) -> list[dict]:
    cli.main(["uploads", "--json"])
    return json.loads(capsys.readouterr().out)


def _admin(capsys, monkeypatch) -> None:
    monkeypatch.setenv("TARGETS_PASSWORD", "s3cret-pass")
    assert run(capsys, "user", "add", "office", "--role", "admin")[0] == 0


def test_demo_data_is_not_reverted_but_removed(capsys, demo_engine, monkeypatch):
    _admin(capsys, monkeypatch)
    demo_id = next(u["id"] for u in _uploads(capsys) if u["source"] == "demo")
    code, _, err = run(capsys, "revert", str(demo_id), "--user", "office")
    assert code == 3 and err.strip() == messages.render("revert_demo", upload=demo_id)
    assert not store.get_upload(demo_engine, demo_id)["reverted"]


def test_a_documents_facts_are_refused_with_the_reason_not_not_found(capsys, engine, monkeypatch):
    _admin(capsys, monkeypatch)
    fact = ReportIn(target="jl-2022-t01", region="220100", date=dt.date(2022, 6, 30), value=5.0)
    doc_id = store.import_reports(engine, [fact], user=store.SYSTEM_USER, source="document")
    code, _, err = run(capsys, "revert", str(doc_id), "--user", "office")
    assert code == 3 and err.strip() == messages.render("revert_document", upload=doc_id)
    assert messages.render("upload_not_found", upload=doc_id) not in err


def test_reverting_twice_is_refused_and_audited_once(capsys, engine, monkeypatch):
    _admin(capsys, monkeypatch)
    upload = store.import_reports(engine, [ReportIn(target="jl-2022-t01", region="220100",
                                                    date=dt.date(2023, 6, 30), value=3.0)], user="cc")
    assert run(capsys, "revert", str(upload), "--user", "office")[0] == 0
    code, _, err = run(capsys, "revert", str(upload), "--user", "office")
    assert code == 1 and err.strip() == messages.render("upload_already_reverted", upload=upload)
    assert [a["action"] for a in store.audit_log(engine)].count("revert") == 1


def test_parallel_reverts_leave_one(engine):
    office = accounts.operator("tester")
    upload = store.import_reports(engine, [ReportIn(target="jl-2022-t01", region="220100",
                                                    date=dt.date(2023, 6, 30), value=3.0)], user="cc")
    outcomes: list[str] = []

    def revert() -> None:
        try:
            store.revert_upload(engine, upload, office)
            outcomes.append("done")
        except InvalidInput as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=revert) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["done"] + ["upload_already_reverted"] * 5
    assert [a["action"] for a in store.audit_log(engine)].count("revert") == 1


def test_disable_and_enable_speak_chinese(capsys, db_url, monkeypatch):
    _admin(capsys, monkeypatch)
    run(capsys, "user", "add", "cc", "--role", "officer", "--region", "220100")
    assert run(capsys, "user", "disable", "cc")[2].strip() == messages.render("user_disabled_done", name="cc")
    assert run(capsys, "user", "enable", "cc")[2].strip() == messages.render("user_enabled", name="cc")


def test_locked_or_disabled_accounts_cannot_act_from_the_command_line(capsys, engine, monkeypatch, tmp_path):
    _admin(capsys, monkeypatch)
    run(capsys, "user", "add", "cc", "--role", "officer", "--region", "220100")
    run(capsys, "user", "add", "jl", "--role", "officer", "--region", "220200")
    for _ in range(5):
        with pytest.raises(NotAllowed):
            accounts.authenticate(engine, "cc", "wrong-password")
    (tmp_path / "p.xlsx").write_bytes(book([row(12)]))
    code, _, err = run(capsys, "import", str(tmp_path / "p.xlsx"), "--user", "cc", "--accept-warnings")
    assert code == 3 and err.startswith(messages.render("user_locked", name="cc", minutes=15)[:12])
    run(capsys, "user", "disable", "jl")
    assert run(capsys, "revert", "1", "--user", "jl")[0] == 3
    assert not any(u["source"] == "upload" for u in _uploads(capsys))


def test_the_audit_names_the_os_user_beside_the_account(capsys, engine, monkeypatch, tmp_path):
    _admin(capsys, monkeypatch)
    monkeypatch.setenv("USER", "forged")  # $USER is not who runs the command
    (tmp_path / "p.xlsx").write_bytes(book([row(12)]))
    assert run(capsys, "import", str(tmp_path / "p.xlsx"), "--user", "office", "--accept-warnings")[0] == 0
    entry = next(a for a in store.audit_log(engine) if a["action"] == "import_upload")
    assert entry["user"] == "office" and f"os_user={users.shell_user()}" in entry["detail"]
    added = next(a for a in store.audit_log(engine) if a["action"] == "user_add")
    assert added["user"] == accounts.OPERATOR_NAME and "forged" not in added["detail"]


def test_role_change_from_the_command_line_ends_sessions(capsys, engine, monkeypatch):
    _admin(capsys, monkeypatch)
    run(capsys, "user", "add", "cc", "--role", "officer", "--region", "220100")
    token = accounts.start_session(engine, accounts.get_user(engine, "cc"))
    code, _, err = run(capsys, "user", "role", "cc", "--role", "viewer")
    expected = messages.render("user_role_changed", name="cc", role=messages.ROLE_LABELS["viewer"])
    assert code == 0 and err.strip() == expected
    with pytest.raises(NotAllowed):
        accounts.session_user(engine, token)
    assert accounts.get_user(engine, "cc").role == "viewer"
