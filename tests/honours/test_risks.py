"""An application shows the unit's open risks and the sister platforms' signals at every stage; an open 重大
risk blocks recommendation, approval and selection unless a reason is recorded."""

import datetime

import pytest
from django.urls import reverse

from apps.core.workflow import WorkflowError
from apps.exchange.models import EnterpriseSignal
from apps.honours import services
from apps.honours.models import Application
from apps.honours.testing import make_application, make_enterprise, make_expert, make_round
from apps.honours.workflow import ApplicationWorkflow
from apps.risks.models import RiskReport
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def major_risk(enterprise, reporter):
    return RiskReport.objects.create(
        enterprise=enterprise, region=enterprise.region, category="wage_arrears", people_affected=80, amount=120,
        severity="major", description="拖欠工资三个月", reported_by=reporter, status="handling",
        escalation="city", due_date=datetime.date.today() - datetime.timedelta(days=5))


def test_every_stage_sees_the_open_risks_and_signals(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    county, city, province = (make_staff("420102", username="r-county"), make_staff("4201", username="r-city"),
                              make_staff("42", username="r-province"))
    enterprise = make_enterprise(name="欠薪风险有限公司")
    major_risk(enterprise, county)
    RiskReport.objects.create(enterprise=enterprise, region=enterprise.region, category="layoff",
                              people_affected=5, severity="general", description="已化解", reported_by=county,
                              status="resolved", due_date=datetime.date.today())
    EnterpriseSignal.objects.create(enterprise=enterprise, date=datetime.date.today(), arbitrations=3)
    app = make_application(make_round(stage="expert_review"), status="approved", enterprise=enterprise)
    expert = make_expert("r-expert")
    assignment = services.assign_expert(app, expert, province)
    for user, url in ((county, app.get_absolute_url()), (city, app.get_absolute_url()),
                      (province, app.get_absolute_url()), (expert, reverse("honours:score", args=[assignment.pk]))):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "欠薪" in page and "重大" in page and "已逾期" in page and "市级" in page, user
        assert "仲裁 3 件" in page, user
        assert "裁员" not in page, user  # a resolved risk is not an open one


def test_an_open_major_risk_blocks_recommendation_unless_a_reason_is_recorded(client):
    county = make_staff("420102", username="r2-county")
    enterprise = make_enterprise()
    major_risk(enterprise, county)
    app = make_application(make_round(stage="recommending"), status="submitted", enterprise=enterprise)
    with pytest.raises(WorkflowError, match="重大风险"):
        ApplicationWorkflow.perform(app, "recommend", county, reason="同意", rank=1)
    assert Application.objects.get(pk=app.pk).status == "submitted"
    client.force_login(county)
    response = client.post(reverse("honours:application_step", args=[app.pk]),
                           {"action": "recommend", "rank": 1, "reason": "同意"}, follow=True)
    assert "重大风险说明" in response.content.decode()
    assert Application.objects.get(pk=app.pk).status == "submitted"
    client.post(reverse("honours:application_step", args=[app.pk]),
                {"action": "recommend", "rank": 1, "reason": "同意", "risk_note": "欠薪已由企业分期清偿，县里跟踪"})
    app.refresh_from_db()
    assert app.status == "recommended" and "欠薪已由企业分期清偿" in app.risk_note
    assert "重大风险说明" in app.history.first().history_change_reason


def test_the_province_decision_by_rank_is_refused_whole_for_a_unit_with_an_open_major_risk():
    province = make_staff("42", username="r3-province")
    round_ = make_round(stage="deciding")
    risky = make_enterprise()
    major_risk(risky, province)
    clean = make_application(round_, status="approved", expert_rank=1)
    bad = make_application(round_, status="approved", enterprise=risky, expert_rank=2)
    with pytest.raises(WorkflowError, match="重大风险"):
        services.decide_by_rank(round_, province)
    assert {a.status for a in Application.objects.filter(pk__in=[clean.pk, bad.pk])} == {"approved"}
