"""The public station finder: no log-in, in a real browser, on a phone-sized screen too."""

import datetime

import pytest
from django.urls import reverse

from apps.regions.models import Region
from apps.stations.models import Station


def region(code):
    return Region.objects.get(code=code)


ACCEPTED = {"acceptance_result": "passed", "acceptance_date": datetime.date(2025, 6, 1),
            "acceptance_evaluator": "县三方办"}


def make_stations():
    Station.objects.create(name="大智街道劳动关系服务站", kind="street", region=region("420102002"),
                           address="大智路 58 号", opening_hours="周一至周五 9:00-17:00", phone="027-82761234",
                           services=["policy", "mediation"], **ACCEPTED)
    Station.objects.create(name="一元街道劳动关系服务站", kind="street", region=region("420102003"),
                           address="一元路 1 号", services=["contract"], **ACCEPTED)
    Station.objects.create(name="西陵街道劳动关系服务站", kind="street", region=region("420502001"),
                           address="解放路 36 号", services=["jobs"], **ACCEPTED)


@pytest.mark.django_db
def test_finder_shows_only_accepted_stations(client):
    make_stations()
    Station.objects.create(name="车站街道劳动关系服务站", kind="street", region=region("420102004"),
                           address="车站路 9 号", services=["policy"])  # 未验收
    Station.objects.create(name="四唯街道劳动关系服务站", kind="street", region=region("420102005"),
                           address="四唯路 3 号", services=["policy"], acceptance_result="failed",
                           acceptance_date=datetime.date(2025, 6, 1), acceptance_evaluator="县三方办")
    url = reverse("public:station_finder")
    body = client.get(url).content.decode()
    assert "江岸区（2个站点）" in body
    body = client.get(url, {"county": "420102"}).content.decode()
    assert "大智路 58 号" in body and "车站路" not in body and "四唯路" not in body
    assert "车站街道" not in body and "四唯街道" not in body  # not even offered as a township
    body = client.get(url, {"q": "街道"}).content.decode()
    assert "一元路 1 号" in body and "车站路" not in body and "四唯路" not in body


@pytest.mark.django_db
def test_finder_needs_no_login_and_filters_by_county_and_township(client):
    make_stations()
    url = reverse("public:station_finder")
    body = client.get(url).content.decode()
    assert "请选择县（市、区）" in body and "大智路" not in body  # nothing listed before a choice
    assert "江岸区（2个站点）" in body and "西陵区（1个站点）" in body
    body = client.get(url, {"county": "420102"}).content.decode()
    assert "大智路 58 号" in body and "一元路 1 号" in body and "解放路" not in body
    body = client.get(url, {"county": "420102", "township": "420102003"}).content.decode()
    assert "一元路 1 号" in body and "大智路" not in body
    # the township options as an htmx fragment
    fragment = client.get(url, {"county": "420102", "part": "townships"}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith("<select") and "大智街道（1）" in fragment and "一元街道（1）" in fragment


@pytest.mark.django_db
def test_finder_queries_are_bounded(client, django_assert_max_num_queries):
    make_stations()
    for i in range(30):
        Station.objects.create(name=f"社区站{i}", kind="community", region=region("420102002"), address="x",
                               services=["policy"], **ACCEPTED)
    with django_assert_max_num_queries(4):
        body = client.get(reverse("public:station_finder"), {"county": "420102"}).content.decode()
    assert "共找到 32 个站点" in body


@pytest.mark.django_db(transaction=True)
def test_a_worker_finds_a_station_on_a_phone(page, live_server):
    make_stations()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/public/stations/")
    assert "/login/" not in page.url
    page.select_option("#id_county", "420102")
    # htmx loads the county's townships into the second list
    page.wait_for_selector("#id_township option[value='420102002']", state="attached")
    page.select_option("#id_township", "420102002")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    cards = page.locator("[data-testid=station-card]")
    assert cards.count() == 1
    text = cards.first.inner_text()
    assert "大智街道劳动关系服务站" in text and "大智路 58 号" in text and "周一至周五 9:00-17:00" in text
    assert "政策咨询" in text and "劳动争议调解" in text and "027-82761234" in text
    assert "西陵" not in page.locator("[data-testid=finder-results]").inner_text()
    # fits the phone screen: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.django_db(transaction=True)
def test_coverage_chart_draws_under_the_content_security_policy(page, live_server):
    from apps.parks.models import Park
    from tests.conftest import browser_login, make_staff

    make_staff("420102", username="cov-leader", roles=("leader",))
    Park.objects.create(name="滨江园", level="other", region=region("420102"))
    make_stations()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    browser_login(page, live_server, "cov-leader")
    page.goto(f"{live_server.url}{reverse('stations:coverage')}")
    page.wait_for_selector("#coverage-chart canvas")  # ECharts drew the chart from the json_script data
    assert page.locator("[data-testid=ratio-total]").inner_text() == "0.0%"  # one park, no station
    assert "滨江园" in page.locator("[data-testid=coverage-units]").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e or "stations.js" in e]
