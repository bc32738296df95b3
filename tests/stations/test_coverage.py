"""Coverage figures against a hand-counted fixture (threshold 1,000 workers).

武汉市江岸区: 大智街道 1,100 workers (qualifies, has a station), 一元街道 exactly 1,000 (qualifies, none),
车站街道 999 (does not qualify, has a station); parks 滨江园 (a park station) and 金融园 (none).
武汉市 itself runs 临空园 (no station). 宜昌市西陵区: 西陵街道 2,000 (qualifies, station), park 西陵园 (none).
"""

import datetime
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.enterprises.models import Enterprise
from apps.parks.demo import demo_uscc
from apps.parks.models import Park
from apps.regions.models import Region
from apps.stations import coverage
from apps.stations.models import Station

pytestmark = pytest.mark.django_db


def region(code):
    return Region.objects.get(code=code)


@pytest.fixture
def world(settings):
    settings.STATION_TOWNSHIP_MIN_EMPLOYEES = 1000
    settings.STATION_TARGET_2023 = 100
    n = iter(range(1, 100))
    for code, employees in [("420102002", 600), ("420102002", 500), ("420102003", 1000), ("420102004", 999),
                            ("420502001", 2000)]:
        Enterprise.objects.create(name=f"企业{code}-{employees}", uscc=demo_uscc(code[:6], next(n)),
                                  region=region(code), industry="C", employee_count=employees, contact_phone="")
    parks = {name: Park.objects.create(name=name, level="other", region=region(code)) for name, code in [
        ("滨江园", "420102"), ("金融园", "420102"), ("临空园", "4201"), ("西陵园", "420502")]}

    def station(name, code, day=None, **kw):
        return Station.objects.create(name=name, kind=kw.pop("kind", "street"), region=region(code),
                                      address="某路", established_on=day, **kw)

    station("大智站", "420102002", datetime.date(2023, 5, 1))
    station("车站站", "420102004", datetime.date(2024, 1, 1), acceptance_result="passed",
            acceptance_date=datetime.date(2024, 6, 1))
    station("滨江园站", "420102", datetime.date(2023, 12, 31), kind="park", park=parks["滨江园"])
    station("西陵站", "420502001")
    return parks


def figures(row):
    return (row.parks, row.parks_covered, row.townships, row.townships_covered, row.ratio)


def test_county_figures(world, county_user):
    result = coverage.compute(county_user)
    assert figures(result.total) == (2, 1, 2, 1, 50.0)
    assert (result.stations_total, result.stations_by_2023, result.stations_accepted) == (3, 2, 1)
    assert [(r.name, figures(r)) for r in result.by_county] == [("武汉市江岸区", (2, 1, 2, 1, 50.0))]


def test_city_figures_include_the_citys_own_park(world, city_user):
    result = coverage.compute(city_user)
    assert figures(result.total) == (3, 1, 2, 1, 40.0)
    assert [(r.name, figures(r)) for r in result.by_county] == [
        ("武汉市", (1, 0, 0, 0, 0.0)), ("武汉市江岸区", (2, 1, 2, 1, 50.0))]
    assert [(r.name, figures(r)) for r in result.by_city] == [("武汉市", (3, 1, 2, 1, 40.0))]


def test_province_figures_per_city(world, province_user):
    result = coverage.compute(province_user)
    assert figures(result.total) == (4, 1, 3, 2, 42.9)
    assert [(r.name, figures(r), r.stations) for r in result.by_city] == [
        ("武汉市", (3, 1, 2, 1, 40.0), 3), ("宜昌市", (1, 0, 1, 1, 50.0), 1)]
    assert result.stations_by_2023 == 2 and result.progress_2023 == 2.0
    assert result.chart_data() == {"level": "市（州）", "names": ["武汉市", "宜昌市"], "covered": [2, 1],
                                   "gaps": [3, 1], "ratio": [40.0, 50.0]}
    gaps = [(u["unit_kind"], u["unit_name"]) for u in coverage.units(province_user, gaps_only=True)]
    assert sorted(gaps) == [("park", "临空园"), ("park", "西陵园"), ("park", "金融园"), ("township", "一元街道")]


def test_the_threshold_is_a_setting(world, county_user, settings):
    settings.STATION_TOWNSHIP_MIN_EMPLOYEES = 999
    assert figures(coverage.compute(county_user).total) == (2, 1, 3, 2, 60.0)
    settings.STATION_TOWNSHIP_MIN_EMPLOYEES = 1001
    assert figures(coverage.compute(county_user).total) == (2, 1, 1, 1, 66.7)


def test_coverage_page_shows_chart_data_table_and_gaps(world, client, county_user):
    client.force_login(county_user)
    body = client.get(reverse("stations:coverage")).content.decode()
    assert 'id="coverage-data"' in body and "js/stations.js" in body and 'id="coverage-chart"' in body
    data = json.loads(re.search(r'<script id="coverage-data" type="application/json">(.*?)</script>', body).group(1))
    assert data == {"level": "单位类型", "names": ["工业园区", "达标乡镇（街道）"], "covered": [1, 1], "gaps": [1, 1],
                    "ratio": [50.0, 50.0]}
    assert 'data-testid="ratio-total">50.0%' in body
    assert "一元街道" in body and "金融园" in body and "西陵园" not in body
    row = re.search(r"<tr>((?:(?!</tr>).)*一元街道(?:(?!</tr>).)*)</tr>", body, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells == ["乡镇（街道）", "一元街道", "武汉市江岸区", "1,000", "0", "未覆盖"]
    body = client.get(reverse("stations:coverage"), {"gaps": "1"}).content.decode()
    assert "共 2 个" in body and "大智街道" not in body.split('data-testid="coverage-units"')[1]


def test_coverage_excel_matches_the_table(world, client, province_user):
    client.force_login(province_user)
    response = client.get(reverse("stations:coverage_export"))
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    summary = [list(r) for r in wb["按区划汇总"].iter_rows(values_only=True)]
    assert ["市（州）", "武汉市", 3, 1, 2, 1, 5, 2, 40.0, 3] in summary
    assert ["合计", "湖北省合计", 4, 1, 3, 2, 7, 3, 42.9, 4] in summary
    detail = [list(r) for r in wb["园区和乡镇明细"].iter_rows(values_only=True)]
    assert len(detail) == 1 + 7 and ["乡镇（街道）", "一元街道", "武汉市江岸区", 1000, 0, "否"] in detail


def test_other_county_sees_none_of_this_county(world, client, other_county_user):
    client.force_login(other_county_user)
    body = client.get(reverse("stations:coverage")).content.decode()
    assert "一元街道" not in body and "金融园" not in body and "西陵园" in body


def test_coverage_queries_do_not_grow_with_units(world, client, province_user, django_assert_max_num_queries):
    client.force_login(province_user)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("stations:coverage"))
    for i in range(20):
        park = Park.objects.create(name=f"新园{i}", level="other", region=region("420502" if i % 2 else "420102"))
        if i % 3:
            Station.objects.create(name=f"新园站{i}", kind="park", region=park.region, park=park, address="x")
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        assert client.get(reverse("stations:coverage")).status_code == 200


def test_home_counts_the_gaps(world, client, county_user):
    client.force_login(county_user)
    body = client.get(reverse("home")).content.decode()
    after = body[body.index("待建站点的园区和乡镇"):]
    assert after.split('data-testid="counter-value">')[1].startswith("2 <small")  # 一元街道 and 金融园


def test_the_warm_up_credits_a_city_with_no_station_of_the_province_in_its_park():
    """The warm-up folds the cities from the province's rows, but not this source: the province's own station in
    a park of 江岸区 covers the park for the province, not for 武汉市, whose figure is what 武汉市 counts itself."""
    from apps.core import figures
    from apps.stations.figures import PARKS

    figures.figures_cache().clear()
    park = Park.objects.create(name="省站覆盖产业园", level=Park.Level.PROVINCIAL, region=region("420102"))
    Station.objects.create(name="省级覆盖站", kind="park", region=region("42"), park=park, address="武昌区")
    province, city = region("42"), region("4201")
    figures.warm([province, city, region("4205")])
    computed = {area.code: figures.Computation(area, 2026).total(PARKS["covered"]) for area in (province, city)}
    assert computed == {"42": 1, "4201": 0}
    figures.figures_cache().clear()


def test_a_park_is_not_covered_for_a_county_by_a_station_outside_it(county_user, city_user):
    park = Park.objects.create(name="覆盖计数产业园", level=Park.Level.MUNICIPAL,
                               region=Region.objects.get(code="420102"))
    Station.objects.create(name="市级覆盖站", kind="park", region=Region.objects.get(code="4201"), park=park,
                           address="沿江大道")
    assert coverage.parks_with_stations(county_user).get(pk=park.pk).station_count == 0
    assert coverage.parks_with_stations(city_user).get(pk=park.pk).station_count == 1
