"""Command line of the meeting: snapshot create|list, status --snapshot, brief; exit codes of CONTRACTS §2."""

from __future__ import annotations

import json

import pytest
from docx import Document as open_docx

from targets import store
from targets.cli import main
from targets.store import accounts
from tests.unit.meeting_store import report, seed


@pytest.fixture
def seeded(engine):
    seed(engine)
    return engine


def _json(capsys, argv, settings) -> object:
    assert main(argv, settings) == 0
    return json.loads(capsys.readouterr().out)


def test_snapshot_create_list_and_status(seeded, settings, capsys):
    live = _json(capsys, ["status", "--json"], settings)
    assert main(["snapshot", "create", "第一次会议", "--user", "office"], settings) == 0
    assert "第一次会议" in capsys.readouterr().err
    (entry,) = _json(capsys, ["snapshot", "list", "--json"], settings)
    assert {k: entry[k] for k in ("name", "as_of", "user")} == {"name": "第一次会议", "as_of": None, "user": "office"}
    assert set(entry) >= {"name", "as_of", "created", "user"}
    store.import_reports(seeded, [report("jl-2022-t02", "220000", 5)], user="office")
    assert _json(capsys, ["status", "--json", "--snapshot", "第一次会议"], settings) == live
    assert _json(capsys, ["status", "--json"], settings) != live


def test_exit_codes(seeded, settings, capsys, monkeypatch, tmp_path):
    assert main(["snapshot", "create", "m1", "--user", "office"], settings) == 0
    assert main(["snapshot", "create", "m1", "--user", "office"], settings) == 1  # name taken
    assert main(["status", "--json", "--snapshot", "nope"], settings) == 1  # unknown snapshot
    assert main(["brief", "-o", str(tmp_path / "b.pdf"), "--plan", "nope"], settings) == 1
    assert main(["brief", "-o", str(tmp_path / "b.pdf"), "--snapshot", "nope"], settings) == 1
    assert main(["brief", "-o", str(tmp_path / "b.txt")], settings) == 1
    monkeypatch.setenv("TARGETS_PASSWORD", "long-enough-1")
    accounts.add_user(seeded, "office", "admin", "long-enough-1", [], accounts.operator("tester"))
    accounts.add_user(seeded, "cc", "officer", "long-enough-1", ["220100"], accounts.operator("tester"))
    assert main(["snapshot", "create", "m2", "--user", "cc"], settings) == 3  # officers may not freeze
    assert main(["snapshot", "create", "m2", "--user", "office", "--as-of", "2023-12-31"], settings) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "找不到会议快照“nope”" in err


def test_brief_writes_pdf_and_docx(seeded, settings, tmp_path, capsys):
    assert main(["brief", "-o", str(tmp_path / "b.pdf"), "--plan", "jl-2022", "--as-of", "2023-06-30"], settings) == 0
    assert (tmp_path / "b.pdf").read_bytes()[:5] == b"%PDF-"
    assert main(["brief", "-o", str(tmp_path / "b.docx"), "--plan", "jl-2022"], settings) == 0
    text = "\n".join(p.text for p in open_docx(str(tmp_path / "b.docx")).paragraphs)
    assert "数据截至 2023年6月30日" in text
