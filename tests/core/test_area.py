"""apps/regions/areas.area: one reading of "which area does this page look at", on every page that takes one.

The area asked for if it lies within the user's, the user's own when none is asked, 404 for a code out of the
user's area or of no region at all; and apps/core/querying.campaign_year: one reading of "which year"."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from apps.core.querying import campaign_year
from apps.regions.areas import area
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

# (url name, kwargs, query parameter naming the area)
AREA_PAGES = [
    ("dashboards:board", {}, "area"),
    ("dashboards:board_export", {}, "area"),
    ("supervision:board", {}, "area"),
    ("supervision:task_detail", {"number": 12}, "area"),
    ("supervision:completeness", {}, "area"),
    ("stations:coverage", {}, "area"),
    ("stations:coverage_export", {}, "area"),
    ("coordinators:structure", {}, "region"),
    ("risks:risk_board", {}, "region"),
]


def get(client, name, kwargs, param, code):
    extra = {"chart": "areas"} if name == "dashboards:board_export" else {}
    return client.get(reverse(name, kwargs=kwargs), {param: code, **extra})


@pytest.mark.parametrize("name,kwargs,param", AREA_PAGES)
def test_every_page_that_takes_an_area_answers_404_outside_the_users_area(client, name, kwargs, param):
    client.force_login(make_staff("4201", username="area-city"))  # 武汉市
    assert get(client, name, kwargs, param, "420102").status_code == 200  # a county inside it
    assert get(client, name, kwargs, param, "").status_code == 200  # none asked: the city itself
    assert get(client, name, kwargs, param, "4205").status_code == 404  # 宜昌市: beside it
    assert get(client, name, kwargs, param, "42").status_code == 404  # the province: above it
    assert get(client, name, kwargs, param, "429999").status_code == 404  # no such region
    assert get(client, name, kwargs, param, "abc").status_code == 200  # no region code at all: none asked


def test_area_reads_the_query_string_within_the_users_area():
    factory = RequestFactory()
    city = make_staff("4201", username="area-helper")

    def asked(query, **kw):
        request = factory.get("/", query)
        request.user = city
        return area(request, **kw)

    assert asked({}).code == "4201"
    assert asked({"area": "420102"}).code == "420102"
    assert asked({"region": "420102"}, name="region").code == "420102"
    from django.http import Http404

    for code in ("4205", "420502", "42", "4299"):
        with pytest.raises(Http404):
            asked({"area": code})
    with pytest.raises(Http404):  # a township where the page takes only cities and counties
        asked({"area": "420102002"}, levels=("city", "county"))


def test_campaign_year_reads_a_request_or_a_filter_sets_data():
    factory = RequestFactory()
    assert campaign_year(factory.get("/", {"year": "2024"})) == 2024
    assert campaign_year({"year": "2025"}) == 2025
    assert campaign_year({"year": "2026"}, years=range(2023, 2036)) == 2026
    assert campaign_year({"year": "1900"}) in range(2023, 2028)  # out of range: this year, within the campaign
