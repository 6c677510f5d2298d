"""Round trips through a real spreadsheet program: LibreOffice opens and re-saves our workbooks.

test.sh installs LibreOffice Calc (Debian's libreoffice-calc-nogui) when run as root; elsewhere
these tests are skipped with the reason.
"""

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from targets import store
from targets.intake import uploads
from targets.store.accounts import User
from targets.store.models import ReportIn

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) not installed")
OFFICE = User("office", "admin", ())


def resave(tmp_path: Path, data: bytes, name: str) -> bytes:
    """Open `data` in LibreOffice Calc and save it again as .xlsx; returns the new file."""
    src = tmp_path / "in" / name
    src.parent.mkdir()
    src.write_bytes(data)
    out = tmp_path / "out"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=180)
    return (out / name).read_bytes()


def _fill(template: bytes, values: dict[str, tuple[object, object]]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["进展填报"]
    for row in ws.iter_rows(min_row=4):
        if row[0].value in values:
            row[9].value, row[10].value = values[row[0].value]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_template_filled_and_saved_by_libreoffice_validates(engine, tmp_path):
    filled = _fill(uploads.template(engine, "220100"), {
        "cc-2020-t02": (dt.date(2020, 9, 30), 1),
        "jl-2022-t01": (dt.date(2023, 6, 30), "12户"),
    })
    checked = uploads.check(engine, resave(tmp_path, filled, "template.xlsx"), "template.xlsx", OFFICE)
    assert not checked.errors, [i.message for i in checked.errors]
    got = {(r.target, r.region, r.date, r.value) for r in checked.rows}
    assert got == {("cc-2020-t02", "220100", dt.date(2020, 9, 30), 1.0),
                   ("jl-2022-t01", "220100", dt.date(2023, 6, 30), 12.0)}


def test_template_keeps_its_dropdowns_and_protection_through_libreoffice(engine, tmp_path):
    again = openpyxl.load_workbook(io.BytesIO(resave(tmp_path, uploads.template(engine, "220100"), "t.xlsx")))
    sheet = again["进展填报"]
    assert sheet.protection.sheet
    assert len(sheet.data_validations.dataValidation) >= 2
    assert "填报说明" in again.sheetnames


def test_export_saved_by_libreoffice_imports_into_an_empty_store(engine, tmp_path, db_url):
    rows = [ReportIn(target="jl-2022-t01", region=code, date=dt.date(2023, 6, 30), value=v, note="=1+1")
            for code, v in (("220100", 12), ("220200", 9))]
    store.import_reports(engine, rows, user="office")
    exported = resave(tmp_path, uploads.export(engine), "export.xlsx")
    empty = store.make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    store.init_store(empty)
    checked = uploads.check(empty, exported, "export.xlsx", OFFICE)
    assert not checked.errors, [i.message for i in checked.errors]
    uploads.commit(empty, checked, OFFICE, accept_warnings=True)
    mine = store.reports(empty).query("target == 'jl-2022-t01'")
    assert sorted(zip(mine["region"], mine["value"], mine["note"])) == [("220100", 12, "=1+1"), ("220200", 9, "=1+1")]
