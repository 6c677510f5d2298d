"""Evidence files: the type is read from the content, sizes are capped, zip bombs and macros refused."""

from __future__ import annotations

import pytest

from targets import messages
from targets.config import Settings
from targets.errors import InvalidInput, TargetsError, UnreadableFile
from targets.intake import evidence
from tests.unit import evidence_files as files


@pytest.mark.parametrize("name, content, kind", [
    ("报告.pdf", files.PDF, "pdf"),
    ("现场.png", files.PNG, "png"),
    ("现场.JPG", files.JPEG, "jpeg"),
    ("说明.docx", files.docx(), "docx"),
    ("台账.xlsx", files.xlsx(), "xlsx"),
])
def test_accepted_kinds_are_read_from_the_content(name, content, kind):
    stored = evidence.check(content, name)
    assert (stored.filename, stored.kind, stored.content) == (name, kind, content)
    assert len(stored.sha256) == 64


def _refusal(content: bytes, name: str, settings: Settings = Settings()) -> TargetsError:
    with pytest.raises(TargetsError) as caught:
        evidence.check(content, name, settings)
    return caught.value


def test_an_exe_renamed_pdf_is_refused():
    err = _refusal(files.EXE, "报告.pdf")
    assert isinstance(err, InvalidInput) and err.code == "evidence_wrong_type"
    assert "报告.pdf" in str(err)


@pytest.mark.parametrize("content, name", [(files.HTML, "page.pdf"), (b"<svg onload=alert(1)/>", "a.png"),
                                           (b"plain text", "a.docx")])
def test_other_content_is_refused_whatever_its_name(content, name):
    assert _refusal(content, name).code == "evidence_wrong_type"


def test_a_name_that_disagrees_with_the_content_is_refused():
    err = _refusal(files.PNG, "报告.pdf")
    assert err.code == "evidence_name_mismatch" and ".png" in str(err)


def test_an_oversized_file_is_refused():
    big = files.PDF + b"0" * (2 * 1024 * 1024)
    err = _refusal(big, "big.pdf", Settings(max_evidence_mb=1))
    assert err.code == "evidence_too_large"
    assert str(err) == messages.render("evidence_too_large", file="big.pdf", size="2.0", limit=1)


def test_a_zip_bomb_in_a_docx_is_refused():
    bomb = files.docx_bomb(40)
    assert len(bomb) < 200_000
    err = _refusal(bomb, "bomb.docx", Settings(max_unzipped_mb=20))
    assert isinstance(err, UnreadableFile) and err.code == "evidence_zip_bomb"


def test_a_docx_with_a_forged_size_is_refused_when_it_inflates_past_the_limit():
    bomb = bytearray(files.docx_bomb(30))
    # forge the declared sizes (local header and central directory) of the big part to 1 KB
    name = b"word/media/padding.bin.xml"
    for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = _header_before(bomb, header, name)
        bomb[at + offset: at + offset + 4] = (1024).to_bytes(4, "little")
    err = _refusal(bytes(bomb), "forged.docx", Settings(max_unzipped_mb=20))
    assert err.code in ("evidence_zip_bomb", "evidence_corrupt")


def _header_before(data: bytearray, signature: bytes, name: bytes) -> int:
    """The offset of the `signature` record whose file name is `name`."""
    start = 0
    while (at := data.find(signature, start)) >= 0:
        name_len_at = at + (26 if signature == b"PK\x03\x04" else 28)
        length = int.from_bytes(data[name_len_at: name_len_at + 2], "little")
        name_at = at + (30 if signature == b"PK\x03\x04" else 46)
        if bytes(data[name_at: name_at + length]) == name:
            return at
        start = at + 4
    raise AssertionError(f"{signature!r} for {name!r} not found")


def test_a_docx_with_macros_is_refused():
    macro = files.add_part(files.docx(), "word/vbaProject.bin", b"\x00" * 64)
    assert _refusal(macro, "macro.docx").code == "evidence_macro"


def test_a_pdf_with_a_script_is_refused():
    active = files.PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (x) >>")
    assert _refusal(active, "a.pdf").code == "evidence_active_pdf"


def test_legacy_office_files_are_refused_with_a_hint():
    err = _refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc")
    assert err.code == "evidence_legacy_office"


def test_an_empty_file_is_refused():
    assert _refusal(b"", "a.pdf").code == "evidence_empty"


@pytest.mark.parametrize("given, kept", [
    ("../../etc/passwd.pdf", "passwd.pdf"), ("C:\\Users\\x\\报告.pdf", "报告.pdf"), ("a\x00b\n.pdf", "ab.pdf"),
    ("...pdf", "pdf"), ("", "file"),
])
def test_names_lose_folders_and_control_characters(given, kept):
    assert evidence.safe_name(given) == kept


def test_at_most_ten_files_per_report():
    with pytest.raises(InvalidInput) as caught:
        evidence.check_all([("a.pdf", files.PDF)] * 11)
    assert caught.value.code == "evidence_too_many"
