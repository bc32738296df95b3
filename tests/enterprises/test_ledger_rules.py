"""The ledger's 达标/未达标 follow a concluded assessment and 示范 a title: the edit form, the bulk change and
the import never write them, and never overwrite them."""

import pytest
from django.urls import reverse

from apps.enterprises import services
from apps.enterprises.models import CreationRecord, Enterprise
from apps.regions.models import Region
from tests.enterprises.test_excel import code, row, upload, xlsx

pytestmark = pytest.mark.django_db


def enterprise(n, name=None):
    return Enterprise.objects.create(name=name or f"台账规则{n}有限公司", uscc=code(n),
                                     region=Region.objects.get(code="420102002"), industry="C")


def test_the_edit_form_of_a_demonstration_year_keeps_it(client, county_user):
    e = enterprise(1)
    record = CreationRecord.objects.create(subject=e.subject, year=2026, status="demonstration",
                                           started_on="2026-03-01")
    client.force_login(county_user)
    url = reverse("enterprises:record_update", args=[record.pk])
    form = client.get(url).content.decode()
    assert 'value="demonstration" selected' in form and 'value="not_started"' not in form
    client.post(url, {"status": "not_started", "started_on": "2026-03-01", "notes": "改备注"})
    record.refresh_from_db()
    assert record.status == "demonstration" and record.notes == "改备注"


@pytest.mark.parametrize("status", ["qualified", "not_passed", "demonstration"])
def test_a_clerk_cannot_set_a_derived_status_by_hand(client, county_user, status):
    e = enterprise(2)
    record = CreationRecord.objects.create(subject=e.subject, year=2026, status="creating", started_on="2026-03-01")
    client.force_login(county_user)
    page = client.get(reverse("enterprises:record_update", args=[record.pk])).content.decode()
    assert f'value="{status}"' not in page
    response = client.post(reverse("enterprises:record_update", args=[record.pk]),
                           {"status": status, "started_on": "2026-03-01"})
    assert "只能由" in response.content.decode()
    response = client.post(reverse("enterprises:bulk_status"), {"pks": [e.pk], "year": 2026, "status": status,
                                                                "confirm": "1"}, follow=True)
    assert "只能由" in response.content.decode()
    assert CreationRecord.objects.get(pk=record.pk).status == "creating"


def test_the_bulk_change_leaves_a_demonstration_or_qualified_year_alone(client, county_user):
    shown, passed, plain = enterprise(3), enterprise(4), enterprise(5)
    CreationRecord.objects.create(subject=shown.subject, year=2026, status="demonstration", started_on="2026-03-01")
    CreationRecord.objects.create(subject=passed.subject, year=2026, status="qualified", started_on="2026-03-01")
    services.change_status([shown, passed, plain], 2026, "not_started", county_user)
    statuses = dict(CreationRecord.objects.filter(year=2026).values_list("subject_id", "status"))
    assert statuses == {shown.subject_id: "demonstration", passed.subject_id: "qualified",
                        plain.subject_id: "not_started"}


def test_the_import_neither_writes_nor_overwrites_a_derived_status(client, county_user):
    client.force_login(county_user)
    body = upload(client, xlsx([row(6, 创建状态="达标")])).content.decode()
    assert "创建状态不能导入为“达标”" in body
    assert not Enterprise.objects.filter(uscc=code(6)).exists()
    shown = enterprise(7, name="导入企业7有限公司")
    CreationRecord.objects.create(subject=shown.subject, year=2026, status="demonstration", started_on="2026-03-01")
    upload(client, xlsx([row(7, 创建状态="创建中")]))
    from apps.core.models import BackgroundJob

    job = BackgroundJob.objects.order_by("-pk").first()
    client.post(reverse("enterprises:import_confirm", args=[job.pk]), follow=True)
    assert CreationRecord.objects.get(subject=shown.subject, year=2026).status == "demonstration"
