"""A spreadsheet small on the wire but costly to open is refused before any grid is built, for every import.

The reader must bound its work by the cells it meets, not by the size a sheet declares: an xlsx declaring
A1:B2 with one cell far away would otherwise make the reader build the whole bounding box.
"""

import io
import resource
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core import imports, uploads
from apps.core.models import BackgroundJob


def sparse_xlsx(far_cell, declared="A1:B2"):
    """Two header cells in A1:B1 and one number at `far_cell`; the sheet declares only `declared`."""
    row = int("".join(ch for ch in far_cell if ch.isdigit()))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><dimension ref="{declared}"/><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>统一社会信用代码</t></is></c></row>'
             f'<row r="{row}"><c r="{far_cell}"><v>1</v></c></row></sheetData></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument'
                   '.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                   '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships"><sheets><sheet name="企业" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_the_sparse_file_is_a_valid_small_workbook_that_reads_as_declared_when_near():
    data = sparse_xlsx("C3")
    assert len(data) < 2048
    table = uploads.read_table(data, "企业.xlsx", max_rows=10)
    assert table.headers == ["企业名称", "统一社会信用代码"]
    assert [number for number, _ in table.rows] == [3]


@pytest.mark.parametrize("far_cell", ["CV200000", "XFD1048576", "ZZ900"])
@pytest.mark.parametrize("name", sorted(name for name, cls in imports.IMPORTERS.items() if cls.uploads))
def test_a_sparse_sheet_with_one_far_cell_is_refused_quickly_and_cheaply_for_every_import(
        county_user, media, name, far_cell):
    importer = imports.IMPORTERS[name]
    data = sparse_xlsx(far_cell)
    before, started = peak_mb(), time.monotonic()
    with pytest.raises(uploads.UploadError) as refused:
        imports.accept_upload(importer, county_user, SimpleUploadedFile("台账.xlsx", data))
    elapsed, grown = time.monotonic() - started, peak_mb() - before
    assert "工作表" in str(refused.value) and "请删除" in str(refused.value)
    assert elapsed <= 0.3, f"{elapsed:.3f} s"
    assert grown <= 20, f"{grown:.0f} MB"
    assert not BackgroundJob.objects.exists()  # nothing handed to a worker either


def test_the_worker_measures_the_cells_too_before_building_a_grid():
    with pytest.raises(uploads.UploadError, match="单元格"):
        uploads.read_table(sparse_xlsx("ZZ5"), "企业.xlsx", max_rows=20000)


def test_a_large_xls_is_read_row_by_row_without_padding_every_row():
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("企业")
    sheet.write(0, 0, "企业名称")
    sheet.write(1, 0, "甲")
    sheet.write(2, 250, 1)
    out = io.BytesIO()
    book.save(out)
    table = uploads.read_table(out.getvalue(), "企业.xls", max_rows=10)
    rows = list(table.rows)
    assert [len(values) for _, values in rows] == [1, 251]


def test_cells_written_without_their_references_are_counted_by_position():
    import re

    data = sparse_xlsx("C3")
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheet = archive.read("xl/worksheets/sheet1.xml")
    # a far row, then 300 cells with no reference: a reader places them in columns 1..300 of that row
    sheet = re.sub(rb'<row r="3">.*?</row>', b'<row r="5000">' + b"<c><v>1</v></c>" * 300 + b"</row>", sheet)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in archive.namelist():
            z.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else archive.read(name))
    with pytest.raises(uploads.UploadError, match="使用范围过大.*第 257 列"):  # stopped at the first column past the limit
        uploads.read_table(out.getvalue(), "企业.xlsx", max_rows=10)
