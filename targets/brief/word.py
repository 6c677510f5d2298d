"""The brief as a Word file (.docx, python-docx): the same Document as the PDF, for the office to edit.

Word files name their fonts rather than carry them: the text asks for 宋体 (body) and 黑体
(headings), which every Chinese Windows, WPS and LibreOffice installation maps to a font it has.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from targets import messages
from targets.brief.document import Cell, Document, Section, Table
from targets.brief.figures import Figure
from targets.method.palette import RED, STATUS_COLORS, tint

BODY_FONT, HEADING_FONT = "SimSun", "SimHei"
BODY_FONT_CN, HEADING_FONT_CN = messages.WORD_FONTS["body"], messages.WORD_FONTS["heading"]
TEXT_WIDTH_CM = 16.6


def _font(run, size: float, bold: bool = False, heading: bool = False, color: str | None = None) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = HEADING_FONT if heading else BODY_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"),
                                                          HEADING_FONT_CN if heading else BODY_FONT_CN)
    if color:
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())


def _para(doc, text: str, size: float = 10.5, indent: bool = True, align=None, **style):
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.space_after = Pt(4)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), size, **style)
    return p


def _shade(cell, color: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), color.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shd)


def _fill_cell(cell, content: Cell | str, bold: bool = False, right: bool = False) -> None:
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    text = content.text if isinstance(content, Cell) else content
    _font(p.add_run(text), 8.5, bold=bold, heading=True)
    if isinstance(content, Cell):
        if content.note is not None:
            run = p.add_run(str(content.note))
            _font(run, 8.5, heading=True)
            run.font.superscript = True
        if content.flag:
            _font(p.add_run(f"［{content.flag}］"), 7.5, heading=True, color=RED)
        if content.status:
            _shade(cell, tint(STATUS_COLORS[content.status]))


def _table(doc, t: Table) -> None:
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(t.widths)
    for i, name in enumerate(t.columns):
        cell = table.rows[0].cells[i]
        _fill_cell(cell, name, bold=True)
        _shade(cell, "#E1E1E1")
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)  # the header row repeats on every page
    for row in t.rows:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            _fill_cell(cells[i], value, right=i in t.numeric)
    for i, w in enumerate(t.widths):
        for row in table.rows:
            row.cells[i].width = Cm(TEXT_WIDTH_CM * w / total)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _figure(doc, f: Figure) -> None:
    doc.add_picture(io.BytesIO(f.png), width=Cm(TEXT_WIDTH_CM * (1.0 if f.target else 0.8)))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, f.caption, size=9, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, heading=True)


def _blocks(doc, blocks: tuple[object, ...], level: int) -> None:
    for b in blocks:
        if isinstance(b, str):
            _para(doc, b)
        elif isinstance(b, Table):
            _table(doc, b)
        elif isinstance(b, Figure):
            _figure(doc, b)
        elif isinstance(b, Section):
            _heading(doc, b.heading, level + 1)
            _blocks(doc, b.blocks, level + 1)


def _heading(doc, text: str, level: int) -> None:
    p = doc.add_heading(level=level)
    p.paragraph_format.space_before = Pt(10 if level == 1 else 6)
    _font(p.add_run(text), 13 if level == 1 else 11, bold=True, heading=True, color="#000000")


def _red_rule(paragraph) -> None:
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", RED.lstrip("#"))):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


def _page_number(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), 9)
    run = p.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.text = text
        run._r.append(el)
    _font(p.add_run(" —"), 9)


def render(d: Document) -> bytes:
    """The .docx bytes of `d`."""
    doc = new_docx()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    _page_number(section)
    if d.demo:
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(head.add_run(messages.DEMO_LABEL), 9, bold=True, heading=True, color=RED)
    _para(doc, d.masthead, size=28, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, heading=True, color=RED)
    line = doc.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    _font(line.add_run(f"{d.issuer}\t{d.date}"), 10.5, heading=True)
    _red_rule(line)
    _para(doc, d.title, size=16, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, heading=True)
    for text in d.lines:
        _para(doc, text, size=10, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, heading=True)
    if d.demo:
        _para(doc, d.demo, size=9.5, indent=False, heading=True, color="#9A6700")
    for s in d.sections:
        _heading(doc, s.heading, 1)
        _blocks(doc, s.blocks, 1)
    _heading(doc, messages.render("brief_sec_notes"), 1)
    for text in (*d.method, d.source):
        _para(doc, text, size=8.5, indent=False)
    for i, note in enumerate(d.notes, 1):
        _para(doc, f"[{i}] {note}", size=8.5, indent=False)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
