"""What the offices report upward, checked against hand counts on a small province: some cities have data,
the others none, and the four city-level units without counties (仙桃、潜江、天门、神农架林区) are there."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.models import MemberUnit, Office
from apps.regions.models import Region
from tests.conftest import make_staff

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


def _contact(office, day=None, year=2025, n=[0]):  # noqa: B006 - a counter for unique names
    from apps.enterprises.models import ContactAssignment, Enterprise

    n[0] += 1
    region = office.region if office.region.level == "township" else \
        Region.objects.filter(path__startswith=office.region.path, level="township").order_by("code").first()
    firm = Enterprise.objects.create(name=f"联系企业{n[0]}", uscc=f"91420102MA4E{n[0]:05d}X", region=region,
                                     industry="C")
    assignment = ContactAssignment.objects.create(office=office, subject=firm.subject, year=year,
                                                  contact_person="联系人")
    if day:
        assignment.visits.create(visited_on=day, content="指导")
    return assignment


def test_contact_compliance_owes_every_member_unit_of_the_region_tree_and_counts_visits(client):
    from apps.core.figures import area_figures

    township_office = _office("420102002")
    _contact(_office("420102"), datetime.date(2025, 4, 1))  # 江岸 人社局: visited → done
    _contact(_office("420103", MemberUnit.UNION))  # 江汉 总工会: named, never visited → still owes
    _contact(_office("420106", MemberUnit.FIC), datetime.date(2024, 4, 1), year=2024)  # a visit of another year
    _contact(_office("429004"), datetime.date(2025, 9, 1))  # 仙桃 人社局 (no counties): done
    _contact(township_office, datetime.date(2025, 10, 1))  # a township office: owed once it exists, done
    # hand count: (1 province + 17 city-level + 101 counties) × 4 member units + 1 township office = 477; 3 done
    province_figure = area_figures(Region.objects.get(code="42"), 2025, keys=["enterprises.contact_offices"])[0]
    assert (province_figure.numerator, province_figure.denominator) == (3, 477)
    wuhan_figure = area_figures(Region.objects.get(code="4201"), 2025, keys=["enterprises.contact_offices"])[0]
    assert (wuhan_figure.numerator, wuhan_figure.denominator) == (2, (1 + 13) * 4 + 1)
    xiantao = area_figures(Region.objects.get(code="429004"), 2025, keys=["enterprises.contact_offices"])[0]
    assert (xiantao.numerator, xiantao.denominator) == (1, 4)
    client.force_login(make_staff("42"))
    page = client.get(reverse("enterprises:contact_compliance") + "?year=2025").content.decode()
    assert "共 477 个" in page and "已落实 3 个" in page and "其中 474 个" in page
    client.force_login(make_staff("4201"))
    page = client.get(reverse("enterprises:contact_compliance") + "?year=2025").content.decode()
    assert "共 57 个" in page and "其中 55 个" in page
    client.force_login(make_staff("429004"))
    page = client.get(reverse("enterprises:contact_compliance") + "?year=2025").content.decode()
    table = page.split("compliance-table")[1]
    assert "仙桃市" in table and "人社局" not in table and "总工会" in table and "企联" in table


def test_the_contact_form_preselects_the_own_office_and_offers_only_the_own_member_unit(client):
    from apps.enterprises.models import ContactAssignment, Enterprise

    firm = Enterprise.objects.create(name="江岸联系有限公司", uscc="91420102MA4E99999X",
                                     region=Region.objects.get(code="420102002"), industry="C")
    hrss = _office("420102")
    clerk = make_staff("420102", unit=MemberUnit.UNION)
    client.force_login(clerk)
    page = client.get(reverse("enterprises:contact_create", args=[firm.pk])).content.decode()
    select = page.split('name="office"')[1].split("</select>")[0]
    assert f'value="{clerk.office_id}" selected' in select
    assert f'value="{hrss.pk}"' not in select
    response = client.post(reverse("enterprises:contact_create", args=[firm.pk]),
                           {"office": hrss.pk, "year": 2026, "contact_person": "王"})
    assert response.status_code == 200 and not ContactAssignment.objects.exists()
    assert "选择一个有效的选项" in response.content.decode()


def test_training_compliance_treats_the_four_city_level_units_without_counties_as_county_level(client):
    from apps.core.figures import area_figures

    small_province()
    # hand count: 101 counties + 仙桃、潜江、天门、神农架林区 = 105 county-level units; 江岸、江汉、西陵、仙桃 trained
    figure = area_figures(Region.objects.get(code="42"), 2025, keys=["coordinators.training_counties"])[0]
    assert (figure.numerator, figure.denominator) == (4, 105)
    xiantao = area_figures(Region.objects.get(code="429004"), 2025, keys=["coordinators.training_counties"])[0]
    assert (xiantao.numerator, xiantao.denominator) == (1, 1)
    client.force_login(make_staff("42"))
    page = client.get(reverse("coordinators:training_check"), {"year": 2025}).content.decode()
    assert "县（市、区）未培训：101 个" in page
    gaps = page.split('data-testid="gap-counties"')[1].split("</ul>")[0]
    for name in ("潜江市", "天门市", "神农架林区", "武汉市汉阳区"):
        assert name in gaps
    for name in ("仙桃市", "武汉市江岸区", "宜昌市西陵区"):
        assert name not in gaps
    client.force_login(make_staff("429006"))  # 天门 sees itself as the county-level unit it is
    page = client.get(reverse("coordinators:training_check"), {"year": 2025}).content.decode()
    assert "县（市、区）未培训：1 个" in page and "天门市" in page.split('data-testid="gap-counties"')[1]
