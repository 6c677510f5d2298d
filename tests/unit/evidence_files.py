"""Evidence files built in code (no committed binaries): good ones of each kind and hostile ones."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from openpyxl import Workbook

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<html><script>alert(1)</script></html>"


def docx(text: str = "完成情况报告") -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(["事项", "完成"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def add_part(data: bytes, name: str, content: bytes) -> bytes:
    """The same zip with one more part."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.namelist():
            target.writestr(item, source.read(item))
        target.writestr(name, content)
    return out.getvalue()


def docx_bomb(megabytes: int = 40) -> bytes:
    """A real .docx with one extra part of zeros that inflates to `megabytes` (a few KB packed)."""
    return add_part(docx(), "word/media/padding.bin.xml", b"\x00" * (megabytes * 1024 * 1024))
