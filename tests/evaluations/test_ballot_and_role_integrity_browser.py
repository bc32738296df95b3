"""What a person sees of the integrity rules (issue 13), in the browser: the enterprise's ballot page shows counts
and never a code, the county clerk's shows the codes to print, and an admin's own roles cannot be ticked."""

import pytest

from apps.accounts.roles import ADMIN, CLERK
from apps.evaluations import services
from apps.evaluations.models import Assessment
from tests.conftest import browser_login, make_staff
from tests.evaluations.test_evaluations import ensure_sets, make_enterprise

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_enterprise_sees_counts_and_the_county_clerk_the_codes(page, live_server):
    ensure_sets()  # transactional tests flush the data migration's indicator sets
    enterprise, account = make_enterprise()
    assessment = Assessment.start(enterprise.subject, 2026, "self", account)
    ballot = services.open_online_ballot(assessment, 5)
    codes = list(ballot.codes.values_list("code", flat=True))
    url = f"{live_server.url}/evaluations/assessments/{assessment.pk}/ballot/"

    browser_login(page, live_server, account.username)
    page.goto(url)
    text = page.inner_text("main")
    assert "已发放 5 个，已使用 0 个，未使用 5 个" in text
    assert "企业账号看不到测评码" in text
    assert not any(code in text for code in codes)

    page.context.clear_cookies()
    make_staff("420102", roles=(CLERK,), username="ballot-clerk")
    browser_login(page, live_server, "ballot-clerk")
    page.goto(url)
    text = page.inner_text("main")
    assert all(code in text for code in codes)


def test_an_admin_sees_its_own_roles_locked(page, live_server):
    admin = make_staff("420102", roles=(ADMIN, CLERK), username="locked-admin")
    browser_login(page, live_server, admin.username)
    page.goto(f"{live_server.url}/accounts/users/{admin.pk}/edit/")
    assert "不能修改自己的角色" in page.inner_text("main")
    boxes = page.locator("input[name=roles]")
    assert boxes.count() >= 4
    assert all(boxes.nth(i).is_disabled() for i in range(boxes.count()))
