"""An annual report's lateness counts from its first submission; its returns are shown beside it."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from apps.regions.models import Region
from apps.supervision.models import AnnualReport
from apps.supervision.testing import _report
from apps.supervision.workflow import AnnualReportWorkflow
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10)), tick=False)


def test_a_report_returned_and_resubmitted_after_the_deadline_stays_on_time(client):
    county, city = make_staff("420102", username="l-county"), make_staff("4201", username="l-city")
    report = _report(Region.objects.get(code="420102"), achievements="主要成效")
    with on(datetime.date(2026, 11, 25)):
        AnnualReportWorkflow.perform(report, "submit", county)
        AnnualReportWorkflow.perform(report, "return", city, reason="数据说明不全")
    with on(datetime.date(2026, 12, 7)):
        AnnualReportWorkflow.perform(report, "submit", county)
        report = AnnualReport.objects.get(pk=report.pk)
        assert report.days_late() == 0 and report.returns == 1
        assert report.first_submitted_on == datetime.date(2026, 11, 25)
        assert not AnnualReport.objects.late_on(datetime.date(2026, 12, 7)).filter(pk=report.pk).exists()
        client.force_login(city)
        page = client.get(reverse("supervision:report_list")).content.decode()
        row = page.split("武汉市江岸区</a>")[1].split("</tr>")[0]
        assert "退回 1 次" in row and "逾期" not in row
        detail = client.get(report.get_absolute_url()).content.decode()
        assert "退回 1 次" in detail and "逾期" not in detail.split("</h1>")[0]


def test_a_first_submission_after_the_deadline_is_late_from_that_day():
    county = make_staff("420102", username="l2-county")
    report = _report(Region.objects.get(code="420102"), achievements="主要成效")
    with on(datetime.date(2026, 12, 3)):
        AnnualReportWorkflow.perform(report, "submit", county)
    report = AnnualReport.objects.get(pk=report.pk)
    assert report.days_late(datetime.date(2026, 12, 20)) == 3
    assert AnnualReport.objects.late_on(datetime.date(2026, 12, 20)).filter(pk=report.pk).exists()
