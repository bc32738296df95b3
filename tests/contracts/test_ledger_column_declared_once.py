"""Issue 20: a ledger's columns are declared once, in its Resource. A column added to the enterprise Resource
alone (no other file touched) is in the template, on the upload page, parsed and written by the import, shown
in the preview of a change and written back by the export under its header."""

import io

import pytest
from django.urls import reverse
from import_export import fields
from openpyxl import load_workbook

from apps.core.models import BackgroundJob
from apps.core.widgets import TextWidget
from apps.enterprises.models import Enterprise
from apps.enterprises.resources import EnterpriseResource
from tests.enterprises.test_excel import code, upload, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_column(monkeypatch):
    """联系邮箱 (Enterprise.contact_email), declared in the Resource and nowhere else."""
    column = fields.Field("contact_email", column_name="联系邮箱", widget=TextWidget(max_length=254))
    monkeypatch.setattr(EnterpriseResource, "fields", {**EnterpriseResource.fields, "contact_email": column})
    monkeypatch.setattr(EnterpriseResource.Meta, "fields", [*EnterpriseResource.Meta.fields, "contact_email"])
    monkeypatch.setattr(EnterpriseResource.Meta, "help", {**EnterpriseResource.Meta.help, "联系邮箱": "激活链接发往此邮箱"})
    return "联系邮箱"


def headers_of(sheet):
    return [str(c.value).rstrip("*") for c in sheet[1]]


def row(headers, n, email):
    values = {"企业名称": f"邮箱企业{n}", "统一社会信用代码": code(n), "所在区划代码": "420102002", "行业门类": "C",
              "联系邮箱": email}
    return [values.get(h, "") for h in headers]


def test_a_column_added_to_the_resource_reaches_template_import_preview_and_export(client, county_user,
                                                                                   email_column):
    client.force_login(county_user)
    book = load_workbook(io.BytesIO(client.get(reverse("enterprises:import_template")).content))
    headers = headers_of(book["企业"])
    assert headers[-1] == "联系邮箱"
    assert any(r[0] == "联系邮箱" and "激活链接发往此邮箱" in r[1]
               for r in book["填写说明"].iter_rows(min_row=2, values_only=True))
    assert "激活链接发往此邮箱" in client.get(reverse("enterprises:import")).content.decode()

    body = upload(client, xlsx([row(headers, 1, "a@example.cn")], headers=headers)).content.decode()
    assert "校验通过" in body
    client.post(reverse("enterprises:import_confirm", args=[BackgroundJob.objects.get().pk]))
    assert Enterprise.objects.get(uscc=code(1)).contact_email == "a@example.cn"

    body = upload(client, xlsx([row(headers, 1, "b@example.cn")], headers=headers)).content.decode()
    assert "联系邮箱：a@example.cn → b@example.cn" in body  # the preview of a change names the column

    exported = load_workbook(io.BytesIO(client.get(reverse("enterprises:export"), {"format": "xlsx"}).content))
    sheet = exported.worksheets[0]
    out = dict(zip(headers_of(sheet), [c.value for c in sheet[2]], strict=False))
    assert out["联系邮箱"] == "a@example.cn" and out["统一社会信用代码"] == code(1)
