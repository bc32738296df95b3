"""Spreadsheet cells, workbooks and uploads shared by every app that exports or imports Excel.

One place neutralises formula cells: a text cell starting with = + - @, a tab or a carriage return gets a
leading apostrophe so that spreadsheet software never runs it (CSV/formula injection). We do not rely on
django-import-export for this: its escaping is off by default (ESCAPE_FORMULAE_ON_EXPORT) and does not
cover every dangerous start (django-import-export #1543).

Only the mechanics live here; what a row means (columns, parsing, domain checks, the Chinese wording of
each app's messages and its row limits) stays in the app and is passed in.
"""

import io
import itertools
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook

from .xlsxstream import StreamingWorkbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, with an apostrophe before a text cell that a spreadsheet would evaluate as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value):
    """A cell read back from a file the project wrote: the apostrophe `neutralise` added is dropped again,
    so that an exported or listed value imports as itself."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def book_bytes(book):
    """The one way an openpyxl workbook the project built (templates with their 填写说明, 代码表 and hidden
    下拉选项 sheets) becomes bytes: every text cell of every sheet is neutralised first — openpyxl stores a
    text starting with "=" as a live formula, so a park named =HYPERLINK(...) would otherwise run."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    cell.value = neutralise(cell.value)  # also resets a formula cell's type to text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_workbook(sheets, out, *, cell=neutralise, progress=None, every=2000, widths=None):
    """Write [(title, headers, rows)] as xlsx (constant memory, apps/core/xlsxstream.py) to the binary stream
    `out`: a bold, frozen header row, then the rows.

    Every cell goes through `cell` (None: written as given, the rows are already clean); headers always go
    through `neutralise` (a header may carry a region's or a figure's name).
    `progress(count)` is called after every `every` data rows of a sheet. Columns get widths from `widths`
    ({header: width}, the least a column gets) widened to the first rows' contents, so the file opens readable.
    """
    book = StreamingWorkbook(out)
    for title, headers, rows in sheets:
        rows = iter(rows)
        headers = [neutralise(h) for h in headers]
        if cell is not None:
            rows = ([cell(v) for v in row] for row in rows)
            headers = [cell(h) for h in headers]
        sample = list(itertools.islice(rows, WIDTH_SAMPLE))
        measured, declared = content_widths(headers, sample), widths or {}
        book.add_sheet(title, headers, itertools.chain(sample, rows),
                       widths=[max(measured.get(h) or 0, declared.get(h) or 0) for h in headers],
                       progress=progress, every=every)
    book.close()


def workbook_bytes(sheets, *, cell=neutralise):
    """[(title, headers, rows)] → xlsx bytes (see write_workbook)."""
    out = io.BytesIO()
    write_workbook(sheets, out, cell=cell)
    return out.getvalue()


def download(content, filename, content_type=XLSX):
    """An attachment response; `content` is bytes or an openpyxl Workbook. The filename is sent per RFC 5987,
    so Chinese names survive every browser."""
    if isinstance(content, Workbook):
        content = book_bytes(content)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def xlsx_response(filename, sheets, *, cell=neutralise):
    """A download of [(title, headers, rows)] as xlsx."""
    return download(workbook_bytes(sheets, cell=cell), filename)


def text(value):
    """A cell as trimmed text: None is "", a whole float (Excel's numbers) loses its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(str(value).strip())


LISTS_SHEET = "下拉选项"


def add_drop_downs(book, sheet, headers, choices, *, rows=5000):
    """Drop-down lists in the template's cells: for each header in `choices`, its values go into a column of
    a hidden sheet and the header's column gets a list validation over them (Excel and WPS show the arrow;
    a typed value outside the list is refused by the spreadsheet and, in any case, by the import)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wanted = [(h, [str(v) for v in choices[h]]) for h in headers if choices.get(h)]
    if not wanted:
        return
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for number, (header, values) in enumerate(wanted, start=1):
        letter = get_column_letter(number)
        lists.cell(row=1, column=number, value=header)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=number, value=value)
        target = get_column_letter(headers.index(header) + 1)
        validation = DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
                                    allow_blank=True, showErrorMessage=True, errorTitle="不在可选范围内",
                                    error=f"请从下拉列表中选择{header}。")
        sheet.add_data_validation(validation)
        validation.add(f"{target}2:{target}{rows + 1}")


WIDTH_SAMPLE = 200   # rows looked at to size the columns
MAX_WIDTH = 60


def display_width(value):
    """Columns a value takes in a spreadsheet: a CJK (wide) character counts two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def content_widths(headers, sample):
    """{header: width} wide enough for the header and the sampled cells, within MAX_WIDTH."""
    widths = {}
    for index, header in enumerate(headers):
        longest = max([display_width(header), *(display_width(row[index]) for row in sample if index < len(row))])
        widths[header] = min(max(longest + 2, 8), MAX_WIDTH)
    return widths


def set_widths(sheet, headers, widths=None, default=12):
    """Column widths: as declared, else from the header's length (a CJK character is two units wide)."""
    from openpyxl.utils import get_column_letter

    for number, header in enumerate(headers, start=1):
        width = (widths or {}).get(header) or max(default, 2 * len(str(header)) + 4)
        sheet.column_dimensions[get_column_letter(number)].width = width
