"""`duties --json`, `chase --json` (CONTRACTS §2) and the duty steps on the command line: JSON and exit codes."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest

from targets import cli, messages
from targets.store import accounts
from tests.unit import evidence_files as files

STATES = {"not_due", "due_soon", "submitted", "done_on_time", "done_late", "overdue", "not_applicable"}


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_duties_json_has_one_object_per_item(capsys, db_url):
    code, out, err = run(capsys, "duties", "--json", "--year", "2024", "--as-of", "2024-07-20")
    rows = json.loads(out)
    assert code == 0 and err == ""
    assert all({"target", "region", "year", "due", "state", "done", "evidence"} <= set(r) for r in rows)
    assert {r["year"] for r in rows} == {2024} and {r["state"] for r in rows} <= STATES
    t23 = [r for r in rows if r["target"] == "jl-2022-t23"]
    assert len(t23) == 9 and {(r["due"], r["state"], r["done"], r["evidence"]) for r in t23} == {
        ("2024-07-31", "due_soon", None, 0)}
    inferred = {"deadline": "plan_period", "due": "damaged", "lead": "silent", "start": "plan_period"}
    assert {(r["uncertain"], json.dumps(r["inferred"], sort_keys=True)) for r in t23} == {
        (True, json.dumps(inferred, sort_keys=True))}  # as transcribed (data/plans/jl-2022.yaml)


def test_duties_json_without_a_year_has_every_year(capsys, db_url):
    rows = json.loads(run(capsys, "duties", "--json", "--as-of", "2024-07-20")[1])
    t16 = sorted((r["year"], r["state"]) for r in rows if r["target"] == "jl-2022-t16")
    assert t16 == [(2022, "not_applicable"), (2023, "overdue"), (2024, "overdue")]


@pytest.mark.parametrize("argv", [("duties", "--year", "24"), ("duties", "--as-of", "20.7.2024"),
                                  ("chase", "--as-of", "tomorrow")])
def test_a_wrong_year_or_date_is_a_sentence(capsys, db_url, argv):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and "Traceback" not in err and err.strip()


def test_report_confirm_and_send_back_on_the_command_line(capsys, engine, tmp_path):
    pdf = tmp_path / "计划表.pdf"
    pdf.write_bytes(files.PDF)
    key = ("jl-2022-t23", "长春市", "2024")
    code, _, err = run(capsys, "duty", "report", *key, "--done", "2024-07-30", "--file", str(pdf), "--user", "x")
    assert code == 0 and "计划表" not in err and "2024-07-30" in err
    rows = json.loads(run(capsys, "duties", "--json", "--year", "2024", "--as-of", "2024-08-01")[1])
    mine = next(r for r in rows if r["target"] == "jl-2022-t23" and r["region"] == "220100")
    assert (mine["state"], mine["done"], mine["evidence"]) == ("submitted", "2024-07-30", 1)
    assert run(capsys, "duty", "send-back", *key, "--reason", "缺少盖章", "--user", "x")[0] == 0
    assert run(capsys, "duty", "report", *key, "--done", "2024-08-02", "--user", "x")[0] == 0
    assert run(capsys, "duty", "confirm", *key, "--user", "x")[0] == 0
    history = json.loads(run(capsys, "duty", "history", *key, "--json")[1])
    assert [h["action"] for h in history] == ["submit", "send_back", "submit", "confirm"]
    rows = json.loads(run(capsys, "duties", "--json", "--year", "2024", "--as-of", "2024-08-03")[1])
    assert next(r for r in rows if r["target"] == "jl-2022-t23" and r["region"] == "220100")["state"] == "done_late"


def test_an_exe_renamed_pdf_is_refused_with_a_sentence(capsys, engine, tmp_path):
    fake = tmp_path / "报告.pdf"
    fake.write_bytes(files.EXE)
    code, _, err = run(capsys, "duty", "report", "jl-2022-t23", "220100", "2024", "--done", "2024-07-30",
                       "--file", str(fake), "--user", "x")
    assert code == 1 and err.strip() == messages.render("evidence_wrong_type", file="报告.pdf")


def test_an_officer_of_another_region_gets_exit_3(capsys, engine):
    accounts.add_user(engine, "jl", "officer", "password-123", ["220200"], by=accounts.operator("tester"))
    code, _, err = run(capsys, "duty", "report", "jl-2022-t23", "220100", "2024", "--done", "2024-07-30",
                       "--user", "jl")
    assert code == 3 and err.strip() == messages.render("duty_not_allowed", name="jl", region="220100")


def test_an_unknown_item_is_a_sentence(capsys, db_url):
    code, _, err = run(capsys, "duty", "confirm", "jl-2022-t23", "220100", "2019", "--user", "x")
    assert code == 1 and err.strip() == messages.render("duty_item_not_found", target="jl-2022-t23",
                                                        region="220100", year=2019)


def test_chase_json_and_its_workbook(capsys, db_url, tmp_path):
    code, out, _ = run(capsys, "chase", "--json", "--as-of", "2024-07-20")
    rows = json.loads(out)
    assert code == 0 and rows
    assert all({"unit", "colour", "items"} <= set(r) and r["colour"] in ("red", "yellow", "blue") for r in rows)
    assert all({"target", "region", "due"} <= set(i) for r in rows for i in r["items"])
    dt.date.fromisoformat(rows[0]["items"][0]["due"])
    target = tmp_path / "催办清单.xlsx"
    code, out, err = run(capsys, "chase", "--as-of", "2024-07-20", "-o", str(target))
    sheet = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))[messages.CHASE_SHEET]
    assert code == 0 and sheet.max_row - 1 == sum(len(r["items"]) for r in rows)


def test_chase_without_json_prints_the_notices(capsys, db_url):
    code, out, _ = run(capsys, "chase", "--as-of", "2024-07-20")
    assert code == 0 and out.count(messages.render("chase_signature")) >= 2


def test_sending_needs_a_configured_server(capsys, db_url):
    code, out, err = run(capsys, "chase", "--send", "--user", "x", "--as-of", "2024-07-20")
    assert code == 1 and err.strip() == messages.render("mail_not_configured")
