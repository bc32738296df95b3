"""Reading an uploaded spreadsheet (xlsx, xls as older Excel and WPS save it, csv) safely, for every import.

Two steps, because a file can be small on the wire and huge once opened (an xlsx is a zip: 145 KB can
declare a million rows):
- `inspect(data, filename, max_rows)` runs in the web request and never parses rows: the type, the size, the
  zip directory's total uncompressed size and the sheet's declared dimension. It refuses a bomb in
  milliseconds and tells the caller whether the file is small enough to be checked in the request.
- `read_table(data, filename, …)` parses, row by row, and stops after `EMPTY_RUN` empty rows in a row or
  past `max_rows` data rows. Large files are only ever read by a worker (apps/core/imports.py).
Neither trusts the size a sheet declares: before a reader builds its grid, `measure` streams the sheet's
XML and bounds the work by the cells it meets (the farthest row and column, the number of cells), so a 2 KB
file declaring A1:B2 with one cell at XFD1048576 is refused in milliseconds instead of asking for a grid of
seventeen billion cells.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from .spreadsheets import text

MAX_BYTES = 20 * 1024 * 1024              # the upload itself
MAX_UNCOMPRESSED = 200 * 1024 * 1024      # an xlsx's parts once unzipped
SYNC_UNCOMPRESSED = 4 * 1024 * 1024       # …up to this, and SYNC_ROWS rows, a file is read in the request
SYNC_ROWS = 1000
REFUSE_ROWS = 100_000                     # a sheet declaring more rows than this is refused before parsing
MAX_COLUMNS = 256                         # the farthest column a sheet may use (IV, the old .xls limit)
MAX_GRID = 3_000_000                      # rows × columns of the used range a reader may build
EMPTY_RUN = 1000                          # this many empty rows in a row end the sheet
KINDS = ("xlsx", "xls", "csv")
UNSUPPORTED = "只支持 .xlsx、.xls 或 .csv 文件（Excel 或 WPS 表格均可保存为这些格式）。"


class UploadError(ValueError):
    """The file as a whole cannot be imported; the message tells the user why, in Chinese."""


@dataclass
class Inspection:
    kind: str
    size: int
    uncompressed: int     # bytes once opened (the csv's own size)
    rows: int | None      # data rows the file declares (None: it does not say)

    @property
    def small(self):
        """Small enough to be read and checked inside the web request."""
        return self.uncompressed <= SYNC_UNCOMPRESSED and self.rows is not None and self.rows <= SYNC_ROWS


def kind_of(filename):
    name = (filename or "").lower()
    for kind in KINDS:
        if name.endswith("." + kind):
            return kind
    raise UploadError(UNSUPPORTED)


def inspect(data, filename, max_rows, sheet=None):
    """Check a file without parsing its rows; UploadError when it must be refused."""
    kind = kind_of(filename)
    if not data:
        raise UploadError("文件是空的，请使用下载的模板填写后上传。")
    if len(data) > MAX_BYTES:
        raise UploadError(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，请拆分后分批导入。")
    if kind == "csv":
        return Inspection(kind, len(data), len(data), max(data.count(b"\n") - 1, 0))
    if kind == "xls":
        if not data.startswith(b"\xd0\xcf\x11\xe0"):
            raise UploadError("文件不是有效的 xls 工作簿，请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。")
        # an .xls holds at most 65,536 rows and is never compressed: its size is its cost
        return Inspection(kind, len(data), len(data), None if len(data) > SYNC_UNCOMPRESSED // 4 else 0)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        uncompressed = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadError("文件不是有效的 xlsx 工作簿，请用 Excel 打开后另存为 .xlsx 再上传。") from exc
    if uncompressed > MAX_UNCOMPRESSED:
        raise UploadError(f"文件解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB，不是正常的导入表格，"
                          "请删除多余的空行、图片和格式后重新保存。")
    limit = max(max_rows, REFUSE_ROWS)
    declared = _declared_rows(archive, stop=limit + 2)
    # far beyond any import: refused here at once; just over the limit: the worker counts and says so
    if declared is not None and declared - 1 > limit:
        raise _too_many_rows(limit, max_rows)
    part = _sheet_part(archive, sheet)
    if part is not None and archive.getinfo(part).file_size <= COUNT_UNCOMPRESSED:
        # the declared size is only a claim: the cells say how far the sheet really goes
        declared = measure(archive, part, max_rows).rows
    elif uncompressed <= SYNC_UNCOMPRESSED:
        declared = None  # no sheet we can find: never read in the request
    return Inspection(kind, len(data), uncompressed, None if declared is None else max(declared - 1, 0))


def _too_many_rows(limit, max_rows):
    return UploadError(f"工作表有超过 {limit:,} 行（带格式的空行也算在内），一次最多导入 {max_rows:,} 行。"
                       "如实际没有这么多数据，请删除表格末尾的空行后重新保存；否则请分批导入。")


@dataclass
class Extent:
    rows: int      # the farthest row that holds a cell or a row element
    columns: int   # the farthest column of a cell
    cells: int     # cell elements met


_TAG = re.compile(rb'<(?:\w+:)?(row|c)(?=[\s>/])([^>]*?)(/?)>')
_REF = re.compile(rb'\sr="([A-Z]{0,3})(\d*)"')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,7})"')   # as Excel, WPS, LibreOffice, openpyxl write them
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})\d')
_ROW_REF = re.compile(rb'<row r="(\d{1,7})"')


def _column_number(letters):
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


class _Bounds:
    """The farthest row and column met so far, refused as soon as they pass the limits."""

    def __init__(self, max_rows):
        self.max_rows, self.limit = max_rows, max(max_rows, REFUSE_ROWS)
        self.row = self.column = self.cells = 0

    def check(self):
        if self.row - 1 > self.limit:
            raise _too_many_rows(self.limit, self.max_rows)
        if self.column > MAX_COLUMNS or self.row * self.column > MAX_GRID:
            from openpyxl.utils import get_column_letter

            where = f"{get_column_letter(min(self.column, 16384))}{self.row}"
            raise UploadError(f"工作表的使用范围过大：有内容的单元格远至 {where}（第 {self.row:,} 行、第 {self.column:,} 列），"
                              f"一次最多 {MAX_COLUMNS} 列、{MAX_GRID:,} 个单元格。请删除多余的行列后重新保存，"
                              "或使用下载的模板填写。")


def _blocks(archive, part, chunk=1 << 20):
    """The part's XML in blocks that end before a tag's "<" (a tag is never cut in two)."""
    tail = b""
    with archive.open(part) as stream:
        while True:
            block = stream.read(chunk)
            data = tail + block
            end = data.rfind(b"<") if block else len(data)
            if end <= 0:
                end = len(data)
            yield data[:end]
            if not block:
                return
            tail = data[end:]


def measure(archive, part, max_rows):
    """How far the sheet's cells really go, streamed through zlib without building anything; UploadError
    as soon as the rows, the columns or the grid they span pass the limits (a reader would build that grid).

    Every writer we know gives each row and cell its reference first (<c r="CV200000"): those are found by a
    regular expression over each block, at C speed. A sheet with a row or cell without one (or with prefixed
    tags) is walked tag by tag, counting positions as a reader does."""
    bounds = _Bounds(max_rows)
    for data in _blocks(archive, part):
        cells, rows = _CELL_ROW.findall(data), _ROW_REF.findall(data)
        if (len(cells) != data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>")
                or len(rows) != data.count(b"<row ") + data.count(b"<row>") + data.count(b"<row/>")
                or b":c " in data or b":row " in data):
            # a row or cell without its reference first, or prefixed tags: walk them as a reader does
            return _measure_by_position(archive, part, max_rows)
        bounds.cells += len(cells)
        if rows:
            bounds.row = max(bounds.row, max(map(int, rows)))
        if cells:
            bounds.row = max(bounds.row, max(map(int, cells)))
            bounds.column = max(bounds.column, max(map(_column_number, set(_CELL_COLUMN.findall(data)))))
        bounds.check()
    return Extent(bounds.row, bounds.column, bounds.cells)


def _measure_by_position(archive, part, max_rows):
    bounds = _Bounds(max_rows)
    row = column = 0
    for data in _blocks(archive, part):
        for match in _TAG.finditer(data):
            tag, attributes = match.group(1), match.group(2)
            ref = _REF.search(attributes)
            if tag == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                column = 0
                bounds.row = max(bounds.row, row)
                continue
            bounds.cells += 1
            if ref and ref.group(1):
                column = _column_number(ref.group(1))
                if ref.group(2):
                    row = int(ref.group(2))
                    bounds.row = max(bounds.row, row)
            else:
                column += 1
            if column > bounds.column:
                bounds.column = column
                bounds.check()
        bounds.check()
    return Extent(bounds.row, bounds.column, bounds.cells)


def _sheet_part(archive, sheet=None):
    """The zip member of the sheet a reader opens: the named one if the workbook has it, else the first
    (workbook order, as calamine and openpyxl take it); None when the workbook does not say."""
    names = set(archive.namelist())
    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        parts = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        return parts[0] if parts else None
    sheets = re.findall(r'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?\br:id="([^"]+)"', book)
    if not sheets:
        return None
    wanted = next((rid for name, rid in sheets if sheet and name == sheet), sheets[0][1])
    for attributes in re.findall(r"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        if re.search(rf'\bId="{re.escape(wanted)}"', attributes):
            target = re.search(r'\bTarget="([^"]+)"', attributes)
            if target is None:
                return None
            path = target.group(1)
            path = path.lstrip("/") if path.startswith("/") else "xl/" + path
            return path if path in names else None
    return None


def _declared_rows(archive, stop=REFUSE_ROWS + 2):
    """The last row of the first worksheet's <dimension ref="A1:M30"/>, read from its first few KB only;
    without one, the number of its <row> elements (counted, not parsed)."""
    names = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))
    if not names:
        return None
    with archive.open(names[0]) as part:
        head = part.read(4096).decode("utf-8", "replace")
    match = re.search(r'<(?:\w+:)?dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"', head)
    if match is not None:
        return int(match.group(1) or 1)
    # no dimension (write-only writers omit it): count the <row> elements, streaming the part through zlib
    # without parsing it, and stop as soon as there are too many — a sheet of a million empty rows is
    # refused in a fraction of a second. A huge part with few rows is left to the worker.
    if archive.getinfo(names[0]).file_size > COUNT_UNCOMPRESSED:
        return None
    return _count_rows(archive, names[0], stop)


COUNT_UNCOMPRESSED = 32 * 1024 * 1024  # rows are counted in the request up to this size of sheet


def _count_rows(archive, name, stop, chunk=1 << 20):
    pattern = re.compile(rb"<(?:\w+:)?row[ >/]")
    count, tail = 0, b""
    with archive.open(name) as part:
        while True:
            block = part.read(chunk)
            if not block:
                return count
            data = tail + block
            count += len(pattern.findall(data))
            if count >= stop:
                return count
            # keep the last few bytes so that a tag cut in two is counted once, in the next block
            cut = data.rfind(b"<", max(len(data) - 16, 0))
            tail = data[cut:] if cut != -1 else b""
            if tail and pattern.match(tail):
                count -= 1


@dataclass
class Table:
    """The header row (trimmed, a required column's trailing * dropped) and the data rows to come."""

    headers: list
    rows: object  # iterator of (spreadsheet row number, [values])

    def dicts(self, headers):
        """The rows as {header: value} for these headers (a missing column reads as None)."""
        index = {h: self.headers.index(h) for h in headers if h in self.headers}
        for number, values in self.rows:
            yield number, {h: (values[index[h]] if h in index and index[h] < len(values) else None) for h in headers}


def read_table(data, filename, *, max_rows, sheet=None):
    """Parse the file into a Table. UploadError for an unreadable file, an empty one or too many rows."""
    kind = kind_of(filename)
    if kind == "xlsx":
        rows = _xlsx_rows(data, sheet, max_rows)
    elif kind == "xls":
        rows = _xls_rows(data, sheet, max_rows)
    else:
        rows = _csv_rows(data)
    header = next(rows, None)
    if header is None:
        raise UploadError("文件是空的，请使用下载的模板填写后上传。")
    headers = [text(h).rstrip("*＊").strip() for h in header]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise UploadError("第一行没有表头，请使用下载的模板。")
    return Table(headers, _bounded(rows, max_rows))


def _bounded(rows, max_rows):
    empty = data = 0
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            empty += 1
            if empty >= EMPTY_RUN:
                return  # a long run of empty rows: the data has ended (formatting ran on below it)
            continue
        empty = 0
        data += 1
        if data > max_rows:
            raise UploadError(f"一次最多导入 {max_rows} 行，请分批导入。")
        yield number, list(values)


def _xlsx_rows(data, sheet, max_rows):
    """The sheet's rows as lists of values (numbers as floats, dates as date/datetime, empty cells as "").

    python-calamine (Rust; pandas' `engine="calamine"`) reads an xlsx some forty times faster than openpyxl,
    which took three of the eight seconds a 10,000-row import may take (bench/bench_enterprises.py).
    It reads cached values (as openpyxl's data_only) and only the cells that hold something.
    """
    from python_calamine import CalamineWorkbook

    unreadable = "文件不是有效的 xlsx 工作簿，请用 Excel 打开后另存为 .xlsx 再上传。"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
            raise UploadError(f"文件解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB，不是正常的导入表格。")
        parts = [_sheet_part(archive, sheet)]
        if parts[0] is None:  # the workbook does not say which part is which: every sheet must be small
            parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    except (zipfile.BadZipFile, OSError, ValueError, KeyError) as exc:
        if isinstance(exc, UploadError):
            raise
        raise UploadError(unreadable) from exc
    for part in parts:
        measure(archive, part, max_rows)  # before calamine builds the used range as one grid
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        name = sheet if sheet and sheet in book.sheet_names else book.sheet_names[0]
        worksheet = book.get_sheet_by_name(name)
        top, left = worksheet.start or (0, 0)
    except Exception as exc:  # noqa: BLE001 - any unreadable upload is the user's file, not our bug
        raise UploadError(unreadable) from exc

    def rows():
        # calamine starts at the first cell that holds something: give back the rows and columns before it,
        # so that row numbers in messages are the spreadsheet's own and an empty first row is seen as such
        yield from ([] for _ in range(top))
        for values in worksheet.iter_rows():
            yield [None] * left + values if left else values
    return rows()


def _xls_rows(data, sheet, max_rows):
    import xlrd

    try:
        # ragged rows: a row holds up to its own last cell, not every row padded to the farthest column
        book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True)
        worksheet = (book.sheet_by_name(sheet) if sheet and sheet in book.sheet_names() else book.sheet_by_index(0))
    except Exception as exc:  # noqa: BLE001 - as above
        raise UploadError("文件不是有效的 xls 工作簿，请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。") from exc
    limit = max(max_rows, REFUSE_ROWS)
    if worksheet.nrows - 1 > limit:
        raise _too_many_rows(limit, max_rows)

    def value(cell):
        if cell.ctype == xlrd.XL_CELL_DATE:
            moment = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            return moment.date() if moment.time() == datetime.time() else moment
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        return cell.value

    def rows():
        try:
            for index in range(worksheet.nrows):
                yield [value(cell) for cell in worksheet.row(index)]
        finally:
            book.release_resources()
    return rows()


def _csv_rows(data):
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030 reads GBK and GB2312 too
        try:
            decoded = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UploadError("无法识别 CSV 文件的编码，请保存为 UTF-8 或 GBK 编码。")
    if "\x00" in decoded[:4096]:
        raise UploadError("文件内容不是文本 CSV，请使用下载的模板。")
    return iter(csv.reader(io.StringIO(decoded)))
