"""In the browser: the enterprise's ballot page offers no paper entry and no choice of how many codes, and while
the online ballot runs it shows only how many answered."""

import pytest

from apps.evaluations import services
from apps.evaluations.models import Assessment
from tests.conftest import browser_login
from tests.evaluations.test_evaluations import ensure_sets, make_enterprise

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_enterprise_meets_a_ballot_it_cannot_steer(page, live_server):
    ensure_sets()
    enterprise, account = make_enterprise()
    enterprise.employee_count = 4
    enterprise.save()
    assessment = Assessment.start(enterprise.subject, 2026, "self", account)
    browser_login(page, live_server, account.username)
    page.goto(f"{live_server.url}/evaluations/assessments/{assessment.pk}/ballot/")
    text = page.inner_text("main")
    assert "企业不能自行录入" in text and "测评码数量：4 个（企业台账职工人数）" in text
    assert page.locator("[data-testid=save-paper-ballot]").count() == 0
    page.click("text=生成测评码")
    ballot = assessment.__class__.objects.get(pk=assessment.pk).ballot
    services.cast_ballot(ballot.codes.first().code, {"overall": "satisfied"})
    page.reload()
    figures = page.inner_text("[data-testid=ballot-figures]")
    assert "已答卷 1 人" in figures and "满意" not in figures.replace("测评结束后才显示满意情况", "")
    assert page.locator("text=提前结束测评并统计").count() == 0
