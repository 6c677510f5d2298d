"""The workbook commands through cli.main: exit codes, stderr sentences, empty stdout, round trips."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from targets import cli, messages, store
from targets.intake import uploads
from targets.store import accounts
from targets.store.accounts import User
from tests.unit.workbooks import ALLOCATED, CUMULATIVE, book, row

OFFICE = User("office", "admin", ())


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def put(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def rows_of(engine) -> list[tuple]:
    df = store.reports(engine, all_versions=True)
    return sorted(zip(df["target"], df["region"], df["date"], df["value"], df["note"], df["version"]))


def test_template_is_prefilled_protected_and_validates(engine, tmp_path, capsys):
    path = str(tmp_path / "t.xlsx")
    code, out, err = run(capsys, "template", "--region", "220100", "-o", path)
    assert (code, out) == (0, "")
    wb = load_workbook(path)
    ws = wb["进展填报"]
    assert ws.protection.sheet and ws["A3"].value == "指标编号*" and ws["A4"].protection.locked is False
    ids = {ws.cell(r, 1).value for r in range(4, ws.max_row + 1)} - {None}
    assert {CUMULATIVE, ALLOCATED, "cc-2020-t02"} <= ids  # a contribution, a 市州 duty, the city's own
    assert {"填报说明", "选项"} <= set(wb.sheetnames) and ws.data_validations.dataValidation
    assert any(p.name == "targets_template_version" for p in wb.custom_doc_props)
    assert run(capsys, "validate", path)[0] == 0


def test_office_template_covers_the_province(engine, tmp_path, capsys):
    path = str(tmp_path / "p.xlsx")
    assert run(capsys, "template", "--region", "220000", "-o", path)[0] == 0
    ws = load_workbook(path)["进展填报"]
    regions = {ws.cell(r, 3).value for r in range(4, ws.max_row + 1)} - {None}
    assert {"220100", "220200", "JL-CBS"} <= regions


def test_filled_template_imports(engine, tmp_path, capsys):
    path = str(tmp_path / "t.xlsx")
    run(capsys, "template", "--region", "220100", "-o", path)
    wb = load_workbook(path)
    ws = wb["进展填报"]
    line = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == CUMULATIVE)
    ws.cell(line, 10).value, ws.cell(line, 11).value = "2024年6月", "12户"
    wb.save(path)
    code, out, err = run(capsys, "import", path, "--user", "office")
    assert (code, out) == (0, "")
    assert (CUMULATIVE, "220100", 12.0) in {(t, r, v) for t, r, _, v, *_ in rows_of(engine)}


def test_validate_invalid_file_lists_errors_on_stderr(engine, tmp_path, capsys):
    path = put(tmp_path, "bad.xlsx", book([row(target="nope"), row(-1)]))
    code, out, err = run(capsys, "validate", path)
    lines = err.strip().splitlines()
    assert (code, out) == (1, "") and len(lines) == 2
    assert "第 2 行" in lines[0] and "指标编号（A列）" in lines[0] and "nope" in lines[0]
    assert "第 3 行" in lines[1] and "累计完成值（D列）" in lines[1]


@pytest.mark.parametrize("name, data", [("old.xls", b"x"), ("c.csv", b"a,b"), ("enc.xlsx", bytes.fromhex(
    "D0CF11E0A1B11AE1") + b"\0" * 64), ("junk.xlsx", b"not a zip")])
def test_unreadable_files_exit_2(engine, tmp_path, capsys, name, data):
    before = rows_of(engine)
    for argv in (["validate"], ["import", "--user", "office"]):
        code, out, err = run(capsys, argv[0], put(tmp_path, name, data), *argv[1:])
        assert (code, out) == (2, "") and ".xlsx" in err and "Traceback" not in err
    assert rows_of(engine) == before


def test_missing_file_is_a_sentence(engine, tmp_path, capsys):
    code, out, err = run(capsys, "validate", str(tmp_path / "none.xlsx"))
    assert (code, out) == (2, "") and "none.xlsx" in err


def test_import_invalid_changes_nothing(engine, tmp_path, capsys):
    before = rows_of(engine)
    code, _, err = run(capsys, "import", put(tmp_path, "b.xlsx", book([row(5), row("abc")])), "--user", "office")
    assert code == 1 and "abc" in err
    assert rows_of(engine) == before


def test_warnings_exit_4_until_accepted(engine, tmp_path, capsys):
    assert run(capsys, "import", put(tmp_path, "a.xlsx", book([row(50, date="2024-03-31")])),
               "--user", "office")[0] == 0
    before = rows_of(engine)
    lower = put(tmp_path, "b.xlsx", book([row(40)]))
    code, out, err = run(capsys, "import", lower, "--user", "office")
    assert (code, out) == (4, "") and "50" in err and rows_of(engine) == before
    assert run(capsys, "validate", lower)[0] == 0
    assert run(capsys, "import", lower, "--user", "office", "--accept-warnings")[0] == 0
    assert len(rows_of(engine)) == len(before) + 1
    uploads_json = json.loads(run(capsys, "uploads", "--json")[1])
    assert uploads_json[0]["outcome"] == "committed_with_warnings" and uploads_json[0]["file"] == "b.xlsx"


def test_officer_outside_own_region_exits_3(engine, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TARGETS_PASSWORD", "secret-123")
    accounts.add_user(engine, "office", "admin", "secret-123", [], accounts.operator("tester"))
    accounts.add_user(engine, "jilin", "officer", "secret-123", ["220200"], accounts.operator("tester"))
    before = rows_of(engine)
    path = put(tmp_path, "f.xlsx", book([row(5, region="吉林市"), row(5, region="长春市")]))
    code, out, err = run(capsys, "import", path, "--user", "jilin")
    assert (code, out) == (3, "") and "第 3 行" in err
    assert run(capsys, "validate", path, "--user", "jilin")[0] == 3
    assert run(capsys, "import", path, "--user", "stranger")[0] == 3
    assert rows_of(engine) == before
    assert run(capsys, "import", path, "--user", "office")[0] == 0


def test_export_then_import_into_an_empty_store_reproduces_the_data(engine, tmp_path, capsys, monkeypatch):
    data = book([row(5, note="=1+1 见附件"), row(9, date="2024-09"), row(7, region="吉林市", note="-下降原因"),
                 ["cy-2017-t24", "211300", "2019-06-30", "是", None],
                 ["cy-2017-t01", "211300", "2019-06", "92.5%", None]],
                edit=lambda wb: setattr(wb.active["E2"], "data_type", "s"))  # text, as typed with '=
    assert run(capsys, "import", put(tmp_path, "a.xlsx", data), "--user", "office")[0] == 0
    exported = str(tmp_path / "e.xlsx")
    assert run(capsys, "export", "-o", exported)[:2] == (0, "")
    expected = json.loads(run(capsys, "reports", "--json")[1])
    sheet_xml = zipfile.ZipFile(exported).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml
    assert set(load_workbook(exported).sheetnames) == {"进展填报", "版本历史", "上报记录", "规划", "指标", "任务分解"}
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert run(capsys, "import", exported, "--user", "office", "--accept-warnings")[0] == 0
    got = json.loads(run(capsys, "reports", "--json")[1])
    key = lambda r: (r["target"], r["region"], r["date"], r["value"], r["note"])  # noqa: E731
    assert sorted(map(key, got)) == sorted(map(key, expected))


def test_allocations_round_trip_as_new_versions(engine, tmp_path, capsys):
    path = str(tmp_path / "a.xlsx")
    assert run(capsys, "allocations", "export", "-o", path)[0] == 0
    wb = load_workbook(path)
    ws = wb["任务分解"]
    line = next(r for r in range(2, ws.max_row + 1)
                if ws.cell(r, 1).value == ALLOCATED and ws.cell(r, 3).value == "220100")
    ws.cell(line, 5).value = "4个"
    wb.save(path)
    code, out, err = run(capsys, "allocations", "import", path, "--user", "office")
    assert (code, out) == (0, "")
    assert store.allocations(engine)[ALLOCATED]["220100"] == 4
    assert store.uploads(engine)[0]["source"] == "allocation"


def test_allocation_import_refuses_bad_rows_and_non_admins(engine, tmp_path, capsys, monkeypatch):
    before = store.allocations(engine)
    bad = put(tmp_path, "a.xlsx", book([[CUMULATIVE, "220100", -1], ["nope", "220100", 1]],
                                       ["指标编号", "地区代码", "分解值"], sheet="任务分解"))
    code, _, err = run(capsys, "allocations", "import", bad, "--user", "office")
    assert code == 1 and len(err.strip().splitlines()) == 3
    accounts.add_user(engine, "jilin", "officer", "secret-123", ["220200"], accounts.operator("tester"))
    good = put(tmp_path, "b.xlsx", book([[CUMULATIVE, "220100", 3]], ["指标编号", "地区代码", "分解值"]))
    assert run(capsys, "allocations", "import", good, "--user", "jilin")[0] == 3
    assert store.allocations(engine) == before


def test_marked_workbook_colours_and_comments_bad_cells(engine):
    data = book([row(5), row("abc"), row(3, date="2030-01-01")])
    checked = uploads.check(engine, data, "f.xlsx", OFFICE)
    ws = load_workbook(io.BytesIO(uploads.marked_workbook(data, checked)))["进展填报"]
    assert ws["D3"].fill.fgColor.rgb.endswith("FFC7CE") and "abc" in ws["D3"].comment.text
    assert "第 4 行" in ws["C4"].comment.text and ws["D2"].comment is None


def test_template_number_check_reads_plainly_without_an_empty_unit(engine, tmp_path, capsys):
    path = str(tmp_path / "t.xlsx")
    assert run(capsys, "template", "--region", "220100", "-o", path)[0] == 0
    texts = [dv.error for dv in load_workbook(path)["进展填报"].data_validations.dataValidation]
    assert messages.render("expect_number_plain") in texts
    assert not [t for t in texts if "“”" in (t or "")]


@pytest.mark.parametrize("unit, expected", [
    ("", "expect_number_plain"),
    ("户", "expect_number"),
])
def test_what_a_value_cell_takes_names_the_unit_only_when_there_is_one(unit, expected):
    assert messages.expect_number(unit) == messages.render(expected, unit=unit)
    assert "“”" not in messages.expect_number(unit)
