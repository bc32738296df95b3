"""A streaming xlsx writer for tabular exports: one header row and plain cells, written as they come.

Why not a library: a 100,000-row ledger export is 1.4 million cells. openpyxl's write-only mode and
XlsxWriter's constant-memory mode both spend 10–15 µs of Python per cell (type dispatch, a cell reference,
an XML element each), which made the export take 20 s against a 15 s target (bench/bench_enterprises.py).
What an export needs is far narrower: text, numbers, booleans and dates in a grid, column widths and a
bold header. This writes each row as one string (inline strings, no shared-string table) straight into
the zip, about five times faster, in constant memory. Anything richer (drop-down lists, several styles)
is written with openpyxl (the import templates).

The package is the minimal SpreadsheetML that Excel, WPS, LibreOffice, openpyxl and calamine read:
[Content_Types].xml, the relationships, workbook.xml, styles.xml (0 plain, 1 date, 2 date-time, 3 bold
header) and one worksheet part per sheet.
"""

import datetime
import math
import re
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

MAX_CELL_TEXT = 32767  # Excel's limit for one cell
# characters XML 1.0 cannot hold, written as Excel writes them (_xHHHH_); a literal "_xHHHH_" is escaped first
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
STYLE_DATE, STYLE_DATETIME, STYLE_HEADER = 1, 2, 3

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '{sheets}</Types>')
SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets>{sheets}</sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{sheets}'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'styles" Target="styles.xml"/></Relationships>')
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0">{freeze}</sheetView></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/>{cols}<sheetData>')
FREEZE_HEADER = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
SHEET_END = "</sheetData></worksheet>"


def column_letter(index):
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text(value):
    if len(value) > MAX_CELL_TEXT:
        value = value[:MAX_CELL_TEXT]
    if "_x" in value:
        value = _LITERAL_ESCAPE.sub(r"_x005F_\1", value)
    value = escape(value)
    if _CONTROL.search(value):
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def _serial(moment):
    """A date or datetime as Excel's day number (timezone dropped: the local wall time is what users read)."""
    if isinstance(moment, datetime.datetime):
        moment = moment.replace(tzinfo=None)
    else:
        moment = datetime.datetime(moment.year, moment.month, moment.day)
    delta = moment - EXCEL_EPOCH
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6


def _cell(ref, value, style=0):
    """One <c> element, or "" for an empty cell."""
    kind = value.__class__
    if value is None or value == "":
        return ""
    if kind is str:
        text = _text(value)
        space = ' xml:space="preserve"' if text[0] in " \t\n" or text[-1] in " \t\n" else ""
        s = f' s="{style}"' if style else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if kind is bool:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if kind is int or kind is Decimal or (kind is float and math.isfinite(value)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if kind is float:  # nan and inf have no number form in a cell
        return _cell(ref, str(value), style)
    if kind is datetime.datetime:
        return f'<c r="{ref}" s="{STYLE_DATETIME}"><v>{_serial(value)}</v></c>'
    if kind is datetime.date:
        return f'<c r="{ref}" s="{STYLE_DATE}"><v>{_serial(value)}</v></c>'
    if isinstance(value, bool):
        return _cell(ref, bool(value), style)
    if isinstance(value, int | float | Decimal):
        return _cell(ref, float(value), style)
    return _cell(ref, str(value), style)


class StreamingWorkbook:
    """Sheets of rows written straight into an xlsx zip: `add_sheet(title, headers, rows, widths)`, then
    `close()`. Each sheet is written as its rows come (memory does not grow with the row count)."""

    def __init__(self, out, compresslevel=1):
        # level 1: the XML compresses to about a tenth either way; level 6 takes three times as long
        self.zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self.titles = []

    def add_sheet(self, title, headers, rows, widths=(), progress=None, every=2000):
        number = len(self.titles) + 1
        self.titles.append(self._title(title, number))
        letters = [column_letter(i) for i in range(max(len(headers), 1))]
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                       for i, w in enumerate(widths, start=1) if w)
        with self.zip.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as part:
            buffer = [SHEET_START.format(freeze=FREEZE_HEADER if headers else "",
                                         cols=f"<cols>{cols}</cols>" if cols else "")]
            if headers:
                buffer.append('<row r="1">' + "".join(_cell(f"{letters[i]}1", h, STYLE_HEADER)
                                                      for i, h in enumerate(headers)) + "</row>")
            start = 2 if headers else 1
            count = 0
            for count, row in enumerate(rows, start=1):
                r = count + start - 1
                while len(letters) < len(row):
                    letters.append(column_letter(len(letters)))
                buffer.append(f'<row r="{r}">' + "".join(_cell(f"{letters[i]}{r}", v) for i, v in enumerate(row))
                              + "</row>")
                if len(buffer) >= 1000:
                    part.write("".join(buffer).encode())
                    buffer.clear()
                if progress and count % every == 0:
                    progress(count)
            buffer.append(SHEET_END)
            part.write("".join(buffer).encode())

    def _title(self, title, number):
        """A sheet name Excel accepts: none of []:*?/\\, at most 31 characters, unique in the workbook."""
        title = re.sub(r"[\[\]:*?/\\]", "_", str(title)).strip("'")[:31] or f"Sheet{number}"
        while title.lower() in {t.lower() for t in self.titles}:
            title = f"{title[:28]}_{number}"
        return title

    def close(self):
        sheets = range(1, len(self.titles) + 1)
        self.zip.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets="".join(SHEET_TYPE.format(n=n)
                                                                                     for n in sheets)))
        self.zip.writestr("_rels/.rels", ROOT_RELS)
        self.zip.writestr("xl/workbook.xml", WORKBOOK.format(sheets="".join(
            f'<sheet name={quoteattr(title)} sheetId="{n}" r:id="rId{n}"/>' for n, title in zip(sheets, self.titles,
                                                                                                 strict=True))))
        self.zip.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(sheets="".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>' for n in sheets)))
        self.zip.writestr("xl/styles.xml", STYLES)
        self.zip.close()
