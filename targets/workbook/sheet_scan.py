"""What a worksheet part spans, measured in one streaming XML pass the way a parser places cells.

python-calamine allocates the dense rectangle from A1 to the farthest cell it places, so the
extent is measured as it places cells: elements matched by local name (any namespace prefix),
`r` attributes however they are quoted or escaped (the XML parser decodes them), a row or a cell
without `r` placed after the previous one, a cell's own reference overriding its row's. The
`<dimension>` a writer declares and every `<mergeCell>` count too (some readers allocate from
them), but a small dimension never hides a far cell.

The same pass notes, as column bitmasks per row, the formulas that have no cached value and
the cells in a percent style, so nothing walks the XML a second time. The parser is defusedxml's
(no DTD, no entities, no external references).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import itemgetter

from defusedxml.ElementTree import DefusedXMLParser

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_REF = re.compile(r"([A-Za-z]{0,3})([0-9]{1,12})")
_CELL, _ROW, _FORMULA, _VALUE, _RANGE = "c", "row", "f", "v", "range"
_KINDS = {"c": _CELL, "row": _ROW, "f": _FORMULA, "v": _VALUE, "dimension": _RANGE, "mergeCell": _RANGE}


class BadReference(ValueError):
    """A cell or row reference a parser cannot place (the file is refused as corrupt)."""


@dataclass(frozen=True)
class Limits:
    """The rectangle a sheet may span: rows, columns and rows × columns."""

    rows: int
    columns: int
    cells: int

    def exceeded(self, rows: int, columns: int) -> bool:
        """True when a sheet reaching (rows, columns) is beyond these limits."""
        return rows > self.rows or columns > self.columns or rows * columns > self.cells


class TooLarge(Exception):
    """The sheet reaches past the limits; carries how far it got when the scan stopped."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(rows, columns)
        self.rows = rows
        self.columns = columns


@dataclass
class SheetScan:
    """A sheet part's extent (1-based last row and column) and its flagged cells."""

    rows: int = 0
    columns: int = 0
    formula_missing: dict[int, int] = field(default_factory=dict)  # row → bitmask of columns
    percent: dict[int, int] = field(default_factory=dict)

    def cells(self, flags: dict[int, int], first_row: int, columns: set[int]) -> set[tuple[int, int]]:
        """(row, column) of the flagged cells at or below `first_row` in the given columns."""
        return {(r, c) for r, mask in flags.items() if r >= first_row for c in columns if mask >> c & 1}


def cell_ref(text: str) -> tuple[int, int]:
    """A1 → (1, 1), any letter case; a row reference alone ("12") → (12, 0).

    BadReference when a reader could not place it (no row, row 0, a column past ZZZ).
    """
    m = _REF.fullmatch(text)
    if m is None or int(m[2]) < 1:
        raise BadReference(text)
    return int(m[2]), column_number(m[1])


def column_number(letters: str) -> int:
    """A → 1, Z → 26, AA → 27, any letter case; "" → 0.

    openpyxl.utils.column_index_from_string gives the same (a test checks A…ZZZ), but this
    module runs in the reader child, which must start fast: importing openpyxl there would add
    about a second and 30 MB to every upload.
    """
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


class SheetScanner:
    """Feed a sheet part's bytes in chunks; `close()` gives its SheetScan or raises TooLarge."""

    def __init__(self, limits: Limits, percent_styles: frozenset[str]) -> None:
        self.limits = limits
        self.percent_styles = percent_styles
        self.scan = SheetScan()
        self.row, self.col = 1, 1  # where a row or cell without `r` goes
        self.cell: tuple[int, int, dict[str, str]] = (0, 0, {})
        self._digits, self._digit_row = "", 0  # the last cell reference's row digits, parsed
        self.cell_formula = self.cell_cached = False
        self._kinds: dict[str, str | None] = {}
        self._columns: dict[str, int] = {}
        # defusedxml installs its DTD and entity guards on the expat parser it makes; handlers
        # of our own take the place of ElementTree's, which would build an element per cell
        self._expat = DefusedXMLParser(target=_NoTree(), forbid_dtd=True).parser
        self._expat.DefaultHandlerExpand = None
        self._expat.StartElementHandler = self._start
        self._expat.EndElementHandler = self._end
        self._expat.ordered_attributes = False

    def feed(self, chunk: bytes) -> None:
        """Parse the next bytes of the part."""
        self._expat.Parse(chunk, False)

    def close(self) -> SheetScan:
        """Finish the part; TooLarge if it reached past the limits."""
        self._expat.Parse(b"", True)
        return self.scan

    def _kind(self, tag: str) -> str | None:
        kind = self._kinds[tag] = _KINDS.get(tag[tag.rfind("}") + 1:])
        return kind

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        """Every element start; a cell's is handled here, inline, as the sheet is mostly cells."""
        try:
            kind = self._kinds[tag]
        except KeyError:
            kind = self._kind(tag)
        if kind is not _CELL:
            if kind is not None:
                self._other_start(kind, attrs)
            return
        ref = attrs.get("r")
        if ref is None:
            row, col = self.row, self.col
        else:  # known letters and, most often, the previous cell's row digits
            digits = ref.lstrip(_LETTERS)
            col = self._columns.get(ref[: len(ref) - len(digits)], 0)
            if digits != self._digits or not col:
                row, col = self._new_ref(ref, digits)
            else:
                row = self._digit_row
            self.col = col
        scan = self.scan
        if row > scan.rows or col > scan.columns:
            self._reach(row, col)
        self.cell = (row, col, attrs)
        self.cell_formula = False
        if self.percent_styles and attrs.get("s") in self.percent_styles:
            _mark(scan.percent, row, col)

    def _other_start(self, kind: str, attrs: dict[str, str]) -> None:
        if kind is _ROW:
            ref = attrs.get("r")
            if ref is not None:
                self.row = self._ref(ref)[0]
        elif kind is _FORMULA:
            self.cell_formula = True
        elif kind is _VALUE:
            if self.cell_formula:  # only a formula's cached value matters
                self._expat.CharacterDataHandler = self._value_text
        else:
            self._range(attrs.get("ref"))

    def _end(self, tag: str) -> None:
        kind = self._kinds[tag]
        if kind is _CELL:
            self.col += 1
            if self.cell_formula:
                self._formula_end()
        elif kind is _ROW:
            self.row += 1
            self.col = 1

    def _new_ref(self, ref: str, digits: str) -> tuple[int, int]:
        """A cell reference whose row digits or letters differ from the last one's."""
        self._digits = ""
        row, col = self._ref(ref)
        if col == 0:
            raise BadReference(ref)
        self._digits, self._digit_row = digits, row
        return row, col

    def _ref(self, ref: str) -> tuple[int, int]:
        """cell_ref, remembering column letters (a sheet uses few of them)."""
        digits = ref.lstrip(_LETTERS)
        letters = ref[: len(ref) - len(digits)]
        col = self._columns.get(letters)
        if col is not None and digits.isascii() and digits.isdigit() and len(digits) < 13 and digits[0] != "0":
            return int(digits), col
        row, self._columns[letters] = cell_ref(ref)
        return row, self._columns[letters]

    def _formula_end(self) -> None:
        self._expat.CharacterDataHandler = None
        self.cell_formula = False
        # an empty cached string (t="str") is a real result, e.g. =IF(A2="","",…); no cached
        # value at all, or an empty one of another type, means the file was never calculated
        row, col, attrs = self.cell
        if not self.cell_cached and attrs.get("t") != "str":
            _mark(self.scan.formula_missing, row, col)
        self.cell_cached = False

    def _value_text(self, text: str) -> None:
        if text.strip():
            self.cell_cached = True

    def _range(self, ref: str | None) -> None:
        """A declared dimension or merged range: its far corner counts; unparsable ones are the
        reader's business (it refuses them), so they are skipped here."""
        if not ref:
            return
        try:
            corners = [cell_ref(part.replace("$", "")) for part in ref.split(":")]
        except BadReference:
            return
        self._reach(max(r for r, _ in corners), max(c for _, c in corners))

    def _reach(self, row: int, col: int) -> None:
        scan = self.scan
        scan.rows, scan.columns = max(scan.rows, row), max(scan.columns, col)
        if self.limits.exceeded(scan.rows, scan.columns):
            raise TooLarge(scan.rows, scan.columns)


class _NoTree:
    """A parser target with no callbacks: the scanner installs its own."""


def _mark(flags: dict[int, int], row: int, col: int) -> None:
    flags[row] = flags.get(row, 0) | 1 << col



# The quick pass: the same SheetScan from a few regular-expression counts per chunk, for sheets
# written the way spreadsheet programs write them. Every '<' of a well-formed part without
# comments, CDATA or processing instructions opens a tag, so when every cell, row and range tag
# is in its plain form (counted against every tag of that local name, any prefix) the plain
# forms say all the scanner would see. Anything else (a formula, another attribute order, a
# prefix, an escape, another encoding, a parse error, the limits reached) hands the part to
# SheetScanner from its first byte (targets.workbook.container), which decides as before.
# Each pattern starts with a literal, which the regular-expression engine finds fast.
_UNPLAIN = re.compile(rb"<(?:[!?]|[^\s/>]*:)")  # a comment, CDATA, instruction, or an element name with a prefix
_UNPLAIN_BYTES = (b"!", b"?", b":")  # one is in every form _UNPLAIN finds; a byte search rules them all out fast
_CELL_TAG = re.compile(rb'<c(?=[\s/>])(?: r="([A-Z]{1,3})([1-9][0-9]{0,11})"(?: s="([0-9]+)")?'
                       rb'(?: t="[a-zA-Z]+")?\s*/?>)?')  # any cell tag; the groups hold a plain one's reference
_FORMULA_TAG = re.compile(rb"<f[\s/>]")
# any row or range tag; the first group holds a plain one's attribute (and the second its reference)
_ROW_TAG = re.compile(rb'<row(?=[\s/>])( r="[1-9][0-9]{0,11}"(?=[\s/>]))?')
_RANGE_TAG = re.compile(rb'<(?:dimension|mergeCell)(?=[\s/>])( ref="([A-Za-z0-9:$]*)"\s*/?>)?')
_DECLARATION = re.compile(rb'<\?xml\s[^>]*?\?>')
_ENCODING = re.compile(rb'encoding\s*=\s*["\']([A-Za-z0-9._-]*)["\']')
_FIRST, _SECOND, _THIRD = (itemgetter(i) for i in range(3))
_CARRY_MAX = 1 << 20  # an unfinished tag longer than this is not a plain sheet


class QuickScanner:
    """SheetScanner's answer for plainly written sheets, or None (`close`) when it cannot be sure.

    Fed the same chunks; `gave_up` turns true at the first chunk it cannot vouch for.
    """

    def __init__(self, limits: Limits, percent_styles: frozenset[str]) -> None:
        self.limits = limits
        self.percent = frozenset(s.encode() for s in percent_styles)
        self.scan = SheetScan()
        self.gave_up = False
        self._carry = b""
        self._started = False
        self._columns: dict[bytes, int] = {}
        self._expat = DefusedXMLParser(target=_NoTree(), forbid_dtd=True).parser  # well-formedness, no handlers
        self._expat.DefaultHandlerExpand = None

    def feed(self, chunk: bytes) -> None:
        """Check the next bytes; on anything unusual, give up (nothing is raised)."""
        if self.gave_up:
            return
        try:
            self._expat.Parse(chunk, False)
            piece = self._carry + chunk
            if not self._started:
                if b">" not in piece and len(piece) < _CARRY_MAX:
                    self._carry = piece  # the declaration is not complete yet
                    return
                piece = self._prolog(piece)
            cut = piece.rfind(b">") + 1
            self._carry = piece[cut:]
            self.gave_up = len(self._carry) > _CARRY_MAX or not self._tags(piece[:cut])
        except Exception:  # noqa: BLE001  (SheetScanner, given the part again, raises what it must)
            self.gave_up = True

    def close(self) -> SheetScan | None:
        """The scan, or None when the part needs SheetScanner."""
        if not self.gave_up:
            try:
                self._expat.Parse(b"", True)
            except Exception:  # noqa: BLE001
                self.gave_up = True
        if self.gave_up or b"<" in self._carry:
            return None
        return self.scan

    def _prolog(self, piece: bytes) -> bytes:
        """The part without its XML declaration; ValueError unless it is UTF-8 (or ASCII)."""
        self._started = True
        piece = piece.removeprefix(b"\xef\xbb\xbf")
        if piece.startswith(b"<?"):
            m = _DECLARATION.match(piece)
            encoding = _ENCODING.search(m[0]) if m else None
            if m is None or (encoding is not None and encoding[1].lower() not in (b"utf-8", b"us-ascii")):
                raise ValueError("not a plain UTF-8 sheet")
            piece = piece[m.end():]
        rest = piece.lstrip()
        if (rest and not rest.startswith(b"<")) or b"\x00" in rest[:4]:
            raise ValueError("not a plain UTF-8 sheet")
        return piece

    def _tags(self, text: bytes) -> bool:
        """Account for the complete tags in `text`; False when one is not in its plain form."""
        if any(b in text for b in _UNPLAIN_BYTES) and _UNPLAIN.search(text) or _FORMULA_TAG.search(text):
            return False  # for SheetScanner
        ranges = _RANGE_TAG.findall(text)
        if b"" in _ROW_TAG.findall(text) or b"" in map(_FIRST, ranges):
            return False  # a row or range tag not in its plain form
        cells = _CELL_TAG.findall(text)
        if b"" in map(_FIRST, cells):
            return False  # a cell tag not in its plain form
        scan = self.scan
        rows, columns = scan.rows, scan.columns
        for _, ref in ranges:
            try:
                corners = [cell_ref(part.replace(b"$", b"").decode()) for part in ref.split(b":")]
            except BadReference:
                continue  # as SheetScanner._range: the reader's business
            rows, columns = max(rows, *(r for r, _ in corners)), max(columns, *(c for _, c in corners))
        if cells:
            rows = max(rows, max(map(int, map(_SECOND, cells))))
            columns = max(columns, max(self._column(a) for a in set(map(_FIRST, cells))))
            if self.percent and not self.percent.isdisjoint(map(_THIRD, cells)):
                for a, d, style in cells:
                    if style in self.percent:
                        _mark(scan.percent, int(d), self._column(a))
        if self.limits.exceeded(rows, columns):
            return False  # SheetScanner says how far the sheet reached
        scan.rows, scan.columns = rows, columns
        return True

    def _column(self, letters: bytes) -> int:
        if letters not in self._columns:
            self._columns[letters] = column_number(letters.decode())
        return self._columns[letters]
