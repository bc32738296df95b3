"""Risk reports: filing inside the area only, the workflow's roles, audit and notifications, escalation of
overdue reports (and its beat entry), the risk board. (Moved from tests/coordinators with the app.)"""

import datetime

import pytest
from django.urls import reverse

from apps.documents.models import Notification
from apps.risks.models import RiskEvent, RiskReport
from apps.risks.services import escalate_overdue
from apps.risks.workflow import RiskWorkflow
from tests.conftest import make_staff
from tests.coordinators.test_coordinators import make_enterprise

pytestmark = pytest.mark.django_db


def test_risk_report_on_enterprise_outside_the_area_is_refused(client, county_user):
    outside = make_enterprise(code="420502", n=9, name="西陵某企业")
    client.force_login(county_user)
    response = client.post(reverse("risks:risk_add"), {
        "enterprise": outside.pk, "category": "wage_arrears", "severity": "major", "people_affected": 50,
        "amount": "30", "description": "拖欠工资三个月"})
    assert response.status_code == 200
    assert "所选企业不在您的管辖区域内，不能上报" in response.content.decode()
    assert not RiskReport.objects.exists() and not Notification.objects.exists()


def test_risk_workflow_roles_audit_and_notifications(client, county_user):
    enterprise = make_enterprise()
    city = make_staff("4201", roles=("leader",), email="city@example.com")
    province = make_staff("42", roles=("leader",), email="prov@example.com")
    reporter = make_staff("420102", roles=("clerk",))
    client.force_login(reporter)
    response = client.post(reverse("risks:risk_add"), {
        "enterprise": enterprise.pk, "category": "collective_dispute", "severity": "major", "people_affected": 120,
        "amount": "85.5", "description": "百余名职工聚集讨薪", "actions_taken": "已约谈企业负责人"})
    report = RiskReport.objects.get()
    assert response.status_code == 302 and report.region == enterprise.region and report.due_date is not None
    for user in (city, province, county_user):
        assert Notification.objects.filter(recipient=user, level="danger").exists()
    # a clerk cannot accept; a reviewer can; resolving needs a leader
    with pytest.raises(Exception, match="没有“受理处置”的权限"):
        RiskWorkflow.perform(report, "handle", reporter, reason="受理")
    reviewer = make_staff("420102", roles=("reviewer",))
    report = RiskWorkflow.perform(report, "handle", reviewer, reason="已派员进驻",
                                  due_date=datetime.date.today() + datetime.timedelta(days=5))
    with pytest.raises(Exception, match="没有“办结化解”的权限"):
        RiskWorkflow.perform(report, "resolve", reviewer, reason="已化解")
    client.force_login(county_user)
    response = client.post(reverse("risks:risk_transition", args=[report.pk]),
                           {"to_status": "resolved", "note": ""})
    assert response.status_code == 400 and "处置说明" in response.content.decode()
    response = client.post(reverse("risks:risk_transition", args=[report.pk]),
                           {"to_status": "resolved", "note": "工资已全部补发"})
    report.refresh_from_db()
    assert report.status == "resolved" and report.resolved_at
    assert list(report.events.values_list("to_status", flat=True)) == ["reported", "handling", "resolved"]
    assert report.history.first().history_change_reason.startswith("办结化解")
    assert Notification.objects.filter(recipient=reporter, title__contains="办结化解").exists()
    # someone of another county may not touch it
    with pytest.raises(Exception, match="不在您的管辖区域内"):
        RiskWorkflow.perform(report, "reopen", make_staff("420502"), reason="重新处置")


def test_overdue_reports_escalate_one_level_a_day(county_user):
    enterprise = make_enterprise()
    city = make_staff("4201", roles=("leader",))
    province = make_staff("42", roles=("leader",))
    report = RiskReport.objects.create(enterprise=enterprise, region=enterprise.region, category="shutdown",
                                       people_affected=40, severity="general", description="停产",
                                       reported_by=county_user, due_date=datetime.date(2026, 1, 1))
    day = datetime.date(2026, 1, 5)
    assert escalate_overdue(day) == 1
    assert escalate_overdue(day) == 0  # claimed once a day
    report.refresh_from_db()
    assert report.escalation == "city" and report.last_escalated_on == day
    assert Notification.objects.filter(recipient=city, title__startswith="【超期升级】").count() == 1
    assert not Notification.objects.filter(recipient=province).exists()
    assert escalate_overdue(day + datetime.timedelta(days=1)) == 1
    report.refresh_from_db()
    assert report.escalation == "province"
    assert Notification.objects.filter(recipient=province).count() == 1
    assert escalate_overdue(day + datetime.timedelta(days=2)) == 0  # nothing above the province
    assert RiskEvent.objects.filter(report=report, to_status="escalated").count() == 2


def test_the_escalation_is_on_the_beat_schedule():
    from config.celery import app

    entry = app.conf.beat_schedule["risks-escalate-overdue-risks"]
    assert entry["task"] == "apps.risks.tasks.escalate_overdue_risks"


def test_risk_board_counts_open_risks_by_area_and_category(client, province_user, county_user):
    enterprise = make_enterprise()
    for category, status in (("wage_arrears", "reported"), ("wage_arrears", "handling"), ("layoff", "resolved")):
        RiskReport.objects.create(enterprise=enterprise, region=enterprise.region, category=category, status=status,
                                  people_affected=10, severity="general", description="x", reported_by=county_user,
                                  due_date=datetime.date(2030, 1, 1))
    client.force_login(province_user)
    response = client.get(reverse("risks:risk_board"))
    data = response.context["data"]
    assert data["totals"]["open"] == 2
    assert dict(data["categories"])["欠薪"] == 2 and dict(data["categories"])["裁员"] == 0
    assert {a["name"]: a["n"] for a in data["areas"]}["武汉市"] == 2
    assert sum(t["reported"] for t in data["trend"]) == 3


def test_escalation_catches_up_within_the_hour_after_a_start(county_user):
    """Issue 13: reports due 2026-11-30 and 2026-12-01 still showed 县级 on 2026-12-02 on a freshly started
    portal (the sweep ran once a day at a fixed time). It now runs every hour, at most one level a day."""
    import time_machine
    from celery.schedules import crontab

    from apps.risks.tasks import escalate_overdue_risks
    from config.celery import app

    schedule = app.conf.beat_schedule["risks-escalate-overdue-risks"]["schedule"]
    assert isinstance(schedule, crontab) and len(schedule.hour) == 24  # every hour of the day
    enterprise = make_enterprise()
    reports = [RiskReport.objects.create(enterprise=enterprise, region=enterprise.region, category="wage_arrears",
                                         people_affected=20, severity="general", description="欠薪",
                                         reported_by=county_user, due_date=due)
               for due in (datetime.date(2026, 11, 30), datetime.date(2026, 12, 1))]
    with time_machine.travel(datetime.datetime(2026, 12, 2, 2, 15, tzinfo=datetime.UTC), tick=False):
        assert schedule.is_due(datetime.datetime(2026, 12, 2, 1, 10, tzinfo=datetime.UTC)).is_due  # started at 1:30
        assert escalate_overdue_risks() == 2
        assert escalate_overdue_risks() == 0  # the next hour's run changes nothing the same day
    assert {r.escalation for r in RiskReport.objects.filter(pk__in=[r.pk for r in reports])} == {"city"}


def test_the_old_coordinators_addresses_redirect_permanently_to_the_same_page(client, county_user):
    enterprise = make_enterprise()
    report = RiskReport.objects.create(enterprise=enterprise, region=enterprise.region, category="layoff",
                                       people_affected=10, severity="general", description="裁员",
                                       reported_by=county_user, due_date=datetime.date(2030, 1, 1))
    client.force_login(county_user)
    for old, new in (("/coordinators/risks/", reverse("risks:risk_list")),
                     ("/coordinators/risks/board/?region=420102", reverse("risks:risk_board") + "?region=420102"),
                     (f"/coordinators/risks/{report.pk}/", reverse("risks:risk_detail", args=[report.pk]))):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == new, old
    assert "裁员" in client.get(f"/coordinators/risks/{report.pk}/", follow=True).content.decode()
    # a form posted to an old address keeps its method (308), and the step is taken on the new page
    response = client.post(f"/coordinators/risks/{report.pk}/transition/", {"to_status": "handling", "note": "受理"})
    assert response.status_code == 308
    assert response["Location"] == reverse("risks:risk_transition", args=[report.pk])


def test_another_county_cannot_reach_any_risk_object(client, media):
    """The risk pages, swept on their own (as the coordinators' pages are in tests/coordinators): a user of
    another county gets 403/404 for every report URL and sees none of county A's data; county A reaches them."""
    from django.urls import get_resolver

    from apps.core.testing import SWEEP_MARK
    from apps.risks.testing import build_sweep_world
    from tests.contracts.sweep import SweepWorld
    from tests.contracts.test_url_sweep import model_for, walk

    world = SweepWorld(make_staff)
    build_sweep_world(world)
    cases = []
    for _route, name, entry in walk(get_resolver().url_patterns):
        if (name or "").startswith("risks:"):
            view = getattr(entry.callback, "view_class", entry.callback)
            kwargs = {p: world.objects[model_for(view, p)].pk for p in entry.pattern.converters}
            cases.append((name, reverse(name, kwargs=kwargs), bool(kwargs)))
    assert len(cases) == 6 and sum(is_object for *_, is_object in cases) == 2
    client.force_login(make_staff("420502", username="outsider"))
    problems = []
    for name, url, is_object in cases:
        response = client.get(url)
        if is_object and response.status_code not in (403, 404, 405):
            problems.append(f"GET {name} {response.status_code}")
        if is_object and client.post(url, {}).status_code not in (403, 404, 405):
            problems.append(f"POST {name}")
        if SWEEP_MARK in response.content.decode(errors="ignore"):
            problems.append(f"{name} shows county A's data")
    assert not problems, problems
    client.force_login(world.user_a)
    assert not [name for name, url, is_object in cases if is_object and client.get(url).status_code in (403, 404)]
