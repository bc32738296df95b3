"""One `current_year` on one clock and one `campaign_year(request)` for every page."""

import datetime

import time_machine
from django.test import RequestFactory

from apps.core.querying import campaign_year, current_year


def test_every_app_uses_the_one_current_year():
    from apps.core import figures
    from apps.enterprises import filters
    from apps.evaluations.views import common
    from apps.parks import services

    assert {services.current_year, figures.current_year, filters.current_year, common.current_year} == {current_year}


def test_the_portal_clock_and_the_campaign_bounds():
    # 23:30 UTC on 31 December is already the next year in Hubei (Asia/Shanghai)
    with time_machine.travel(datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC), tick=False):
        assert current_year() == 2025
    with time_machine.travel(datetime.datetime(2030, 6, 1, 10, tzinfo=datetime.UTC), tick=False):
        assert current_year() == 2027


def test_campaign_year_reads_the_request_or_falls_back():
    get = RequestFactory().get
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False):
        assert campaign_year(get("/?year=2024")) == 2024
        for bad in ("2031", "x", "-1", "99999999999999999999", ""):
            assert campaign_year(get("/", {"year": bad})) == 2026
        assert campaign_year(get("/?year=2031"), years=range(2023, 2036)) == 2031
        assert campaign_year(RequestFactory().post("/", {"year": "2025"})) == 2025
