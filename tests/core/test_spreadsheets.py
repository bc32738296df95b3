"""The shared spreadsheet helpers: formula neutralisation, workbook writing and upload reading."""

import datetime
import io
from urllib.parse import quote

import pytest
from openpyxl import Workbook, load_workbook

from apps.core import spreadsheets, uploads
from apps.core.spreadsheets import neutralise, workbook_bytes, write_workbook


def upload(*rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_dangerous_start_gets_an_apostrophe(start):
    assert neutralise(start + "SUM(A1:A9)") == "'" + start + "SUM(A1:A9)"


@pytest.mark.parametrize("value", ["正常", "a=b", "'=already", "", None, 42, -3, 1.5, datetime.date(2026, 3, 15)])
def test_everything_else_is_left_alone(value):
    assert neutralise(value) == value


def test_a_workbook_round_trips_with_formulas_neutralised():
    data = workbook_bytes([
        ("一个很长很长很长很长很长很长很长很长很长很长很长很长的工作表名称", ["名称", "数量"],
         [["=1+1", 3], ["正常", None]]),
        ("第二页", ["说明"], iter([["@cmd"]])),
    ])
    book = load_workbook(io.BytesIO(data))
    first, second = book.worksheets
    assert len(first.title) == 31
    assert [list(r) for r in first.iter_rows(values_only=True)] == [["名称", "数量"], ["'=1+1", 3], ["正常", None]]
    assert [list(r) for r in second.iter_rows(values_only=True)] == [["说明"], ["'@cmd"]]


def test_cells_may_be_written_as_given_and_progress_is_reported():
    out, seen = io.BytesIO(), []
    write_workbook([("表", ["a"], ([f"={n}"] for n in range(5)))], out, cell=None, progress=seen.append, every=2)
    rows = list(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows(values_only=True))
    assert rows[1] == ("=0",) and seen == [2, 4]


def test_download_names_the_file_per_rfc_5987():
    response = spreadsheets.xlsx_response("服务站点台账 (1).xlsx", [("表", ["a"], [])])
    assert response["Content-Type"] == spreadsheets.XLSX
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''" + quote("服务站点台账 (1).xlsx")
    book = Workbook()
    assert load_workbook(io.BytesIO(spreadsheets.download(book, "模板.xlsx").content)).sheetnames == ["Sheet"]


def test_reading_skips_blank_rows_and_keeps_row_numbers():
    table = uploads.read_table(upload(["姓名", "其他", "年龄"], ["张三", "x", 30], [None, None, None], ["李四 "],
                                      ["  "]).getvalue(), "名单.xlsx", max_rows=10)
    # text is as typed (the importer trims it); a row of blanks is no row; a missing column reads as None
    assert list(table.dicts(["姓名", "年龄", "电话"])) == [(2, {"姓名": "张三", "年龄": 30.0, "电话": None}),
                                                       (4, {"姓名": "李四 ", "年龄": "", "电话": None})]


def test_reading_drops_the_required_mark_from_headers():
    table = uploads.read_table(upload(["姓名*", "年龄＊ "], ["  ", " "], [" 张三 ", 30]).getvalue(), "名单.xlsx",
                               max_rows=10)
    assert table.headers == ["姓名", "年龄"]
    assert list(table.dicts(["姓名", "年龄"])) == [(3, {"姓名": " 张三 ", "年龄": 30.0})]


def test_an_unreadable_file_is_told_in_chinese():
    with pytest.raises(uploads.UploadError) as error:
        uploads.read_table(b"not a workbook", "名单.xlsx", max_rows=10)
    assert str(error.value) == "文件不是有效的 xlsx 工作簿，请用 Excel 打开后另存为 .xlsx 再上传。"
    assert isinstance(error.value, ValueError)


def test_too_many_rows_are_refused():
    table = uploads.read_table(upload(["姓名"], ["a"], ["b"], ["c"]).getvalue(), "名单.xlsx", max_rows=2)
    with pytest.raises(uploads.UploadError) as error:
        list(table.rows)
    assert str(error.value) == "一次最多导入 2 行，请分批导入。"


def test_cell_text():
    assert [spreadsheets.text(v) for v in (None, 420102.0, 2.5, " 张三 ", 7)] == ["", "420102", "2.5", "张三", "7"]


def test_an_upload_whose_cells_start_below_and_right_keeps_its_row_numbers_and_columns():
    """The reader starts at the first filled cell; rows and columns before it are given back as empty."""
    from apps.core import uploads

    book = Workbook()
    sheet = book.active
    sheet["B2"], sheet["C2"] = "企业名称", "职工人数"
    sheet["B3"], sheet["C3"] = "甲公司", 120
    sheet["B5"], sheet["C5"] = "乙公司", 7.5
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(uploads.UploadError, match="第一行没有表头"):
        uploads.read_table(out.getvalue(), "企业.xlsx", max_rows=10)

    sheet.delete_rows(1)  # the header now in row 1, column B
    out = io.BytesIO()
    book.save(out)
    table = uploads.read_table(out.getvalue(), "企业.xlsx", max_rows=10)
    assert table.headers == ["", "企业名称", "职工人数"]
    assert list(table.dicts(["企业名称", "职工人数"])) == [(2, {"企业名称": "甲公司", "职工人数": 120}),
                                                      (4, {"企业名称": "乙公司", "职工人数": 7.5})]


def test_the_streaming_writer_round_trips_every_cell_type_through_openpyxl_and_calamine():
    from decimal import Decimal

    from python_calamine import CalamineWorkbook

    rows = [["文本 ", 12, 3.5, True, None, datetime.date(2026, 3, 1), datetime.datetime(2026, 3, 1, 8, 30),
             Decimal("1.25"), "a<b>&\"c\"", "控制\x01字符", "_x0041_", "", float("nan")]]
    headers = [f"列{n}" for n in range(len(rows[0]))]
    out = io.BytesIO()
    write_workbook([("第一[表]:1", headers, rows), ("第一[表]:1", ["甲"], [["乙"]])], out, cell=None)

    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames[0] == "第一_表__1" and len(set(book.sheetnames)) == 2
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == headers and sheet["A1"].font.b
    values = [c.value for c in sheet[2]]
    assert values[:4] == ["文本 ", 12, 3.5, True] and values[4] is None
    assert values[5] == datetime.datetime(2026, 3, 1) and sheet["F2"].number_format == "yyyy-mm-dd"
    assert values[6] == datetime.datetime(2026, 3, 1, 8, 30)
    # a control character XML cannot hold is written as Excel writes it (_xHHHH_, shown by Excel as the
    # character), and a literal "_x0041_" has its underscore escaped so that Excel shows it literally
    # (openpyxl reads inline strings without undoing either escape)
    assert values[7:12] == [1.25, 'a<b>&"c"', "控制_x0001_字符", "_x005F_x0041_", None]
    assert values[12] == "nan"
    assert book.worksheets[1]["A2"].value == "乙"

    calamine = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_name("第一_表__1")
    read = calamine.to_python()[1]
    assert read[0] == "文本 " and read[1] == 12 and read[5] == datetime.date(2026, 3, 1) and read[8] == 'a<b>&"c"'


def test_the_streaming_writer_cuts_text_at_excels_cell_limit():
    out = io.BytesIO()
    write_workbook([("长", ["正文"], [["字" * 40000]])], out)
    assert len(load_workbook(io.BytesIO(out.getvalue())).active["A2"].value) == 32767
