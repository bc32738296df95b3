"""中期/总结评估: each year's figures are that year's (its 31 December), beside that year's targets; a report is
not drafted before its year; a report drafted late is due when the province says."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from apps.coordinators.models import Coordinator, GoldMedalQuota
from apps.enterprises.models import Enterprise
from apps.regions.models import Region
from apps.risks.models import RiskReport
from apps.supervision.models import AnnualReport
from apps.supervision.reports import TooEarly, draft_reports
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*args):
    return time_machine.travel(datetime.datetime(*args, 10, 0, tzinfo=TZ), tick=False)


def _coordinator(name, n):
    from stdnum.cn import ric

    body = f"42010219850612{n:03d}"
    c = Coordinator(name=name, phone="13911112222", education="bachelor", workplace_type="enterprise",
                    workplace_name="某公司", region=Region.objects.get(code="420102002"))
    c.set_id_number(body + ric.calc_check_digit(body + "0"))
    c.save()
    return c


def _risk(firm, user):
    return RiskReport.objects.create(enterprise=firm, region=firm.region, category=RiskReport.Category.values[0],
                                     people_affected=5, severity="general", description="欠薪", reported_by=user,
                                     due_date=datetime.date(2030, 1, 1))


def _figure(report, key):
    return next(r for r in report.figures["rows"] if r["key"] == key)


def test_the_2025_midterm_evaluation_states_each_years_own_values_and_targets():
    user = make_staff("420102")
    with at(2023, 6, 1):
        a = _coordinator("甲", 1)
        firm = Enterprise.objects.create(name="江岸风险有限公司", uscc="91420102MA4E77777X",
                                         region=Region.objects.get(code="420102002"), industry="C")
        first = _risk(firm, user)
    with at(2024, 3, 1):
        _coordinator("乙", 2)
        first.status, first.resolved_at = RiskReport.Status.RESOLVED, datetime.datetime(2024, 3, 1, tzinfo=TZ)
        first.save()
        _risk(firm, user)
        GoldMedalQuota.objects.create(year=2024, city=Region.objects.get(code="4201"), quota=50)
    with at(2025, 2, 1):
        a.status = Coordinator.Status.OFF_DUTY
        a.save()
        _coordinator("丙", 3)
        _risk(firm, user)
        GoldMedalQuota.objects.create(year=2025, city=Region.objects.get(code="4201"), quota=60)
    with at(2026, 1, 10):
        _coordinator("丁", 4)  # after the period: in no year of the report
        drafted = draft_reports("midterm", 2025, regions=list(Region.objects.filter(code__in=["420102", "4201"])))
    assert drafted == 2
    county = AnnualReport.objects.get(region__code="420102", kind="midterm")
    on_duty = _figure(county, "coordinators.on_duty")["values"]
    assert on_duty == {"2023": 1, "2024": 2, "2025": 2}  # 甲 2023; 甲乙 2024; 乙丙 2025 (甲 left)
    assert _figure(county, "risks.open_risks")["values"] == {"2023": 1, "2024": 1, "2025": 2}
    assert _figure(county, "enterprises.ledger")["values"] == {"2023": 1, "2024": 1, "2025": 1}
    city = AnnualReport.objects.get(region__code="4201", kind="midterm")
    quota = _figure(city, "coordinators.gold_medals_city")["targets"]
    assert quota == {"2023": None, "2024": 50, "2025": 60}  # no quota handed down in 2023: no target, not 0
    assert _figure(city, "coordinators.on_duty")["values"] == {"2023": 1, "2024": 2, "2025": 2}


def test_a_report_is_not_drafted_or_submitted_before_its_year_and_a_late_one_gets_the_provinces_due_date(
        client, django_capture_on_commit_callbacks):
    from apps.core.workflow import WorkflowError
    from apps.supervision.workflow import AnnualReportWorkflow

    province = make_staff("42")
    client.force_login(province)
    with at(2026, 12, 7):
        with pytest.raises(TooEarly):
            draft_reports("final", 2027, regions=[Region.objects.get(code="420102")])
        response = client.post(reverse("supervision:report_draft"), {"kind": "final", "year": 2027}, follow=True)
        assert "2027年总结评估报告须在2027年开始后起草" in response.content.decode()
        assert not AnnualReport.objects.exists()
        early = AnnualReport.objects.create(
            region=Region.objects.get(code="420102"), kind="final", year=2027, period_start=datetime.date(2023, 1, 1),
            period_end=datetime.date(2027, 12, 31), due_on=datetime.date(2027, 12, 31), achievements="成效",
            practices="做法", problems="问题", next_steps="打算")
        with pytest.raises(WorkflowError, match="须在2027年开始后"):
            AnnualReportWorkflow.perform(early, "submit", make_staff("420102"))
        early.delete()
        # the 2025 中期评估 drafted late: the province must set a due date, and the reports carry it
        response = client.post(reverse("supervision:report_draft"), {"kind": "midterm", "year": 2025}, follow=True)
        assert "请设定2025年中期评估报告的报送截止日期" in response.content.decode()
        assert not AnnualReport.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("supervision:report_draft"),
                        {"kind": "midterm", "year": 2025, "due_on": "2027-01-31"})
        report = AnnualReport.objects.get(region__code="420102", kind="midterm")
        assert report.due_on == datetime.date(2027, 1, 31) and report.days_late() == 0
