"""No cell the project writes runs as a formula: templates (with their 代码表 and hidden 下拉选项 sheets),
exports and the files read back from them."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core import spreadsheets
from apps.parks.models import Park
from apps.regions.models import Region

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://x","点击")'


def formula_cells(content):
    """(sheet, coordinate, value) of every cell a spreadsheet would evaluate."""
    book = load_workbook(io.BytesIO(content))  # formulas as written, not their cached values
    return [(sheet.title, cell.coordinate, cell.value) for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))]


@pytest.mark.parametrize("fixture", ["county_user", "city_user", "province_user"])
def test_a_park_named_as_a_formula_stays_text_in_the_enterprise_template(client, request, fixture):
    Park.objects.create(name=HOSTILE, level=Park.Level.OTHER, region=Region.objects.get(code="420102"))
    client.force_login(request.getfixturevalue(fixture))
    content = client.get(reverse("enterprises:import_template")).content
    assert formula_cells(content) == []
    book = load_workbook(io.BytesIO(content))
    lists = [c for row in book[spreadsheets.LISTS_SHEET].iter_rows(values_only=True) for c in row]
    codes = [c for row in book["代码表"].iter_rows(values_only=True) for c in row]
    assert "'" + HOSTILE in lists and "'" + HOSTILE in codes


@pytest.mark.parametrize("url", ["parks:park_import_template", "stations:station_import_template",
                                 "coordinators:ledger_import_template", "coordinators:trainings_import_template"])
def test_every_import_template_is_written_without_formulas(client, province_user, url):
    Park.objects.create(name=HOSTILE, level=Park.Level.OTHER, region=Region.objects.get(code="420102"))
    client.force_login(province_user)
    response = client.get(reverse(url))
    assert response.status_code == 200
    assert formula_cells(response.content) == []


def test_a_neutralised_cell_reads_back_as_itself():
    assert spreadsheets.text("'" + HOSTILE) == HOSTILE
    assert spreadsheets.text("'普通文字") == "'普通文字"


def test_the_headers_of_a_streamed_sheet_are_neutralised_too():
    content = spreadsheets.workbook_bytes([("表", [HOSTILE], [["=1+1"]])], cell=None)
    book = load_workbook(io.BytesIO(content))
    assert book.active["A1"].value == "'" + HOSTILE
