"""The meeting brief: the PDF's text and the Word file carry the figures, dates, ranking and citations
of a known store; a page rasterised is not blank; it is made offline in seconds."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time

import pytest
from docx import Document as open_docx
from PIL import Image
from pypdf import PdfReader

from targets import messages, store
from targets.brief.export import brief_bytes
from targets.method import standing
from targets.method.board import state_board
from targets.store.accounts import User
from tests.unit.meeting_store import AS_OF, report, seed


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def known(engine, settings):
    seed(engine)
    store.create_snapshot(engine, "m1", User("office", "admin", ()), settings)
    store.import_reports(engine, [report("jl-2022-t02", "220000", 3)], user="office")
    before = store.load_snapshot(engine, "m1", settings)
    return store.current_state(engine, settings), before


@pytest.fixture
def pdf(known):
    state, before = known
    started = time.monotonic()
    content = brief_bytes(state, "jl-2022", "pdf", before=before)
    assert time.monotonic() - started < 30  # seconds, not minutes, on a shared 2-core machine
    return content


@pytest.fixture
def docx_text(known):
    state, before = known
    doc = open_docx(io.BytesIO(brief_bytes(state, "jl-2022", "docx", before=before)))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _expected(known) -> dict:
    state, _ = known
    table = state_board(state, "jl-2022")
    return {"counts": standing.counts(table), "items": len(table), "targets": table["target"].nunique(),
            "ranking": list(standing.region_ranking(table, state.plan("jl-2022"))["region_name"])}


def _check(text: str, known, cells: bool = True) -> None:
    flat = _flat(text)
    exp = _expected(known)
    c = exp["counts"]
    overall = messages.render("brief_overall", date="2023年6月30日", targets=exp["targets"], items=exp["items"], **c)
    assert _flat(overall) in flat  # the same counts as the overview's KPIs
    assert _flat(messages.render("brief_as_of", date="2023年6月30日")) in flat
    assert "吉林省质量强省工作领导小组办公室" in flat
    assert exp["ranking"][:2] == ["吉林市", "长春"]  # 吉林市's t08 station built; 长春 first of the rest
    ranking = flat[flat.index(_flat(messages.render("brief_sec_ranking"))):]
    assert ranking.index("1吉林市") < ranking.index("2长春")
    t02 = "形成5份产业质量提升报告"  # jl-2022-t02's quote, verbatim
    assert t02 in flat and "二、主要目标" in flat
    assert _flat(messages.render("brief_notes_source", plan="深入开展质量提升行动三年计划",
                                 source="吉林省市场监督管理厅，2022年5月26日印发",
                                 file="001_a72f3159b0e76cd0.txt")) in flat
    assert messages.UNCERTAIN_LABEL in flat  # uncertain targets are marked
    if cells:  # pdftotext interleaves the lines of neighbouring table cells; pypdf and Word keep them whole
        assert "应完成150户（序时进度50%），实际25户" in flat  # t01, the province's 20 + 5 of 300
        assert "此后需每月16户" in flat  # (300 − 25) ÷ 18 months = 15.3, rounded up
    assert _flat(messages.render("brief_since_reported")) in flat  # t02 2 → 3 since the snapshot "m1"
    assert "会议快照“m1”" in flat


def test_pdf_text_carries_figures_dates_ranking_and_citations(pdf, known):
    _check(_pdf_text(pdf), known)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdftotext_reads_the_same(pdf, known, tmp_path):
    (tmp_path / "b.pdf").write_bytes(pdf)
    _check(subprocess.run(["pdftotext", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout, known, cells=False)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_first_page_renders_and_is_not_blank(pdf, tmp_path):
    (tmp_path / "b.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(tmp_path / "b.pdf"),
                    str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(1 for v in image.get_flattened_data() if v < 128)
    assert dark > 0.01 * image.width * image.height


def test_the_fonts_are_embedded(pdf):
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            desc = descendant["/FontDescriptor"].get_object()
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), desc
            fonts.add(str(descendant["/BaseFont"]))
    assert fonts


def test_docx_carries_the_same(docx_text, known):
    _check(docx_text, known)


def test_demo_data_is_marked(demo_engine, settings):
    state = store.current_state(demo_engine, settings)
    flat = _flat(_pdf_text(brief_bytes(state, "jl-2022", "pdf")))
    assert _flat(messages.render("brief_demo")) in flat
    assert _flat(messages.render("brief_since_first")) in flat  # no snapshot yet: nothing to compare


def test_the_brief_from_a_snapshot_ignores_later_uploads(engine, settings, known):
    frozen = store.load_snapshot(engine, "m1", settings)
    flat = _flat(_pdf_text(brief_bytes(frozen, "jl-2022", "pdf")))
    assert "应完成3份（序时进度50%），实际2份" in flat  # t02 as frozen, not the later 3
    assert _flat(messages.render("brief_as_of", date=f"{AS_OF.year}年{AS_OF.month}月{AS_OF.day}日")) in flat
