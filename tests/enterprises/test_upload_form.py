"""The enterprise import's file picker offers what the engine reads: .xlsx, .xls (older Excel, WPS) and .csv."""

import io

import pytest
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.models import BackgroundJob
from tests.enterprises.test_excel import HEADERS, row
from tests.html_tree import parse

pytestmark = pytest.mark.django_db


def test_the_upload_field_accepts_xls_and_says_so(client, county_user):
    client.force_login(county_user)
    body = client.get(reverse("enterprises:import")).content.decode()
    field = parse(body).find("input", type="file", name="file")
    assert field is not None and ".xls" in field.attrs["accept"].split(",")
    help_text = " ".join(n.text() for n in parse(body).find_all("div") if n.attrs.get("class") == "form-text")
    assert ".xls、" in help_text or ".xls 和" in help_text


def test_an_xls_ledger_is_checked_like_an_xlsx(client, county_user):
    book = xlwt.Workbook()
    sheet = book.add_sheet("企业")
    for column, header in enumerate(HEADERS):
        sheet.write(0, column, header)
    for column, value in enumerate(row(1)):
        sheet.write(1, column, value)
    out = io.BytesIO()
    book.save(out)
    client.force_login(county_user)
    client.post(reverse("enterprises:import"), {"file": SimpleUploadedFile("台账.xls", out.getvalue())})
    assert BackgroundJob.objects.get().params["stage"] == "validated"
