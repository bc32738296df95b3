"""What the offices report upward, checked against hand counts on a small province: some cities have data,
the others none, and the four city-level units without counties (仙桃、潜江、天门、神农架林区) are there."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.models import MemberUnit, Office
from apps.regions.models import Region

from .conftest import make_staff

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=TZ), tick=False)


def _office(code, unit=MemberUnit.HRSS):
    return Office.objects.get_or_create(region=Region.objects.get(code=code), member_unit=unit)[0]


def _training(code, day):
    from apps.coordinators.models import Training

    region = Region.objects.get(code=code)
    return Training.objects.create(organiser=_office(region.parent.code if region.level == "township" else code),
                                   region=region, date=day, topic="协调员培训", hours=8)


def small_province():
    """2025: 武汉 two trainings (江岸、江汉), 宜昌 one (西陵), 仙桃 one (a township of its own); 荆州 one
    qualified enterprise, 100 % over a denominator of one; every other city nothing."""
    from apps.enterprises.models import CreationRecord, Enterprise

    _training("420102002", datetime.date(2025, 5, 10))
    _training("420103001", datetime.date(2025, 6, 10))
    _training("420502001", datetime.date(2025, 7, 1))
    _training("429004001", datetime.date(2025, 8, 1))
    firm = Enterprise.objects.create(name="荆州达标有限公司", uscc="91421002MA4D000019",
                                     region=Region.objects.get(code="421002001"), industry="C")
    CreationRecord.objects.create(subject=firm.subject, year=2025, status=CreationRecord.Status.QUALIFIED)


def test_the_bulletin_ranks_only_areas_with_data_and_states_its_method(client):
    from apps.supervision.models import Bulletin

    small_province()
    province = make_staff("42")
    client.force_login(province)
    with at(2026, 12, 7, 22, 56):  # 14:56 UTC
        response = client.post(reverse("supervision:bulletin_add"), {
            "year": 2025, "title": "关于2025年全省和谐劳动关系创建活动情况的通报", "doc_number": "鄂劳三方〔2026〕5号"})
    assert response.status_code == 302
    rows = Bulletin.objects.get().rankings["rows"]
    by_name = {r["name"]: r for r in rows}
    # hand count: three areas have data; 武汉 ranks first on trainings, 宜昌 and 仙桃 share second
    ranked = [(r["overall"], r["name"]) for r in rows if r["overall"] is not None]
    assert ranked == [(1, "武汉市"), (2, "宜昌市"), (3, "仙桃市")]
    assert by_name["宜昌市"]["ranks"]["coordinators.trainings"] == 2
    assert by_name["仙桃市"]["ranks"]["coordinators.trainings"] == 2
    # every area without data comes after every ranked one, unranked
    assert [r["overall"] for r in rows[3:]] == [None] * 14
    assert by_name["襄阳市"]["ranks"].get("coordinators.trainings") is None
    # 荆州's 100 % over one enterprise is shown but not ranked, and 荆州 has no data to rank by
    assert by_name["荆州市"]["values"]["enterprises.qualified"] == 100.0
    assert by_name["荆州市"]["ranks"].get("enterprises.qualified") is None
    assert by_name["荆州市"]["overall"] is None
    with at(2026, 12, 7, 23, 0):
        response = client.get(Bulletin.objects.get().get_absolute_url())
    assert response.status_code == 200, response
    page = response.content.decode()
    jingzhou = page.split("荆州市")[1].split("</tr>")[0]
    assert "未报送/无数据" in jingzhou and "基数不足" in jingzhou
    assert "未报送/无数据" not in page.split("武汉市")[1].split("</tr>")[0]
    assert "排名方法" in page and "分母少于5" in page
    # the time the figures were computed: Asia/Shanghai, the portal's format
    assert "数据计算于 2026-12-07 22:56" in page and "T14:56" not in page
