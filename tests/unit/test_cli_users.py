"""`python -m targets user …` and the revert permission (exit 3)."""

import datetime as dt
import json

from targets import cli, store
from targets.store.models import ReportIn


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
