"""The public pages moved under /public/ (issue 24): their old addresses, bookmarked and printed, answer a
permanent redirect to the new page with the query string kept, and the new page shows what the old one did."""

import datetime

import pytest
from django.utils import timezone

from apps.coordinators.models import GoldMedal
from apps.recognition.models import Case
from apps.regions.models import Region
from tests.coordinators.test_coordinators import make_coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db):
    person = make_coordinator(name="吴公示", on_public_list=True, confirmation="confirmed")
    GoldMedal.objects.create(year=2026, coordinator=person, level="city", citation="调处争议二十余起", status="published",
                             nominated_by=Region.objects.get(code="4201"), published_at=timezone.now(),
                             certificate_no="鄂金协2026第0009号")
    case = Case.objects.create(title="集体协商稳岗位", year=2026, summary="协商稳岗。", body="职代会通过稳岗方案。",
                               unit_name="江岸某公司", region=Region.objects.get(code="420102"), status="published",
                               published_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC))
    return case


def test_old_addresses_answer_301_to_the_page_under_public_with_the_query_kept(client, published):
    moves = {
        "/coordinators/public/?county=420102": "/public/coordinators/?county=420102",
        "/coordinators/public/gold-medals/?year=2026&q=%E5%90%B4": "/public/gold-medals/?year=2026&q=%E5%90%B4",
        "/recognition/public/cases/?city=4201&page=1": "/public/cases/?city=4201&page=1",
        f"/recognition/public/cases/{published.pk}/": f"/public/cases/{published.pk}/",
        "/coordinators/public/": "/public/coordinators/",
        "/evaluations/ballot/": "/public/ballot/",
    }
    for old, new in moves.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old


def test_following_an_old_address_shows_the_same_rows(client, published):
    seen = {
        "/coordinators/public/?county=420102": "吴公示",
        "/coordinators/public/gold-medals/?year=2026&q=%E5%90%B4": "鄂金协2026第0009号",
        "/recognition/public/cases/?city=4201": "集体协商稳岗位",
        f"/recognition/public/cases/{published.pk}/": "职代会通过稳岗方案",
    }
    for old, text in seen.items():
        response = client.get(old, follow=True)
        assert response.redirect_chain[0][1] == 301 and response.request["PATH_INFO"].startswith("/public/"), old
        assert response.status_code == 200 and text in response.content.decode(), old


def test_the_new_addresses_are_the_ones_the_issue_names(client):
    from django.urls import reverse

    assert [reverse(f"public:{name}") for name in ("station_finder", "coordinator_list", "gold_medal_list",
                                                   "case_list", "named_units", "publicity", "ballot")] == [
        "/public/stations/", "/public/coordinators/", "/public/gold-medals/", "/public/cases/", "/public/honours/",
        "/public/honours/publicity/", "/public/ballot/"]
    assert reverse("public:case_detail", args=[7]) == "/public/cases/7/"
