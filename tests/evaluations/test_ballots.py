"""The satisfaction ballot cannot be completed by the enterprise it judges: paper results are entered by the
county/township office (or the union) with the signed minutes; the online ballot's codes follow the ledger's
headcount, its results stay hidden until it closes (at its deadline or by the county), and it counts only with
at least two thirds of the workers answering."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import MemberUnit
from apps.accounts.roles import CLERK, REVIEWER
from apps.evaluations import services
from apps.evaluations.models import Assessment, SatisfactionBallot
from tests.conftest import make_staff
from tests.evaluations.test_evaluations import PDF, ensure_sets, make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def first_sets(db):
    ensure_sets()


def sheet(headcount=366):
    enterprise, account = make_enterprise()
    enterprise.employee_count = headcount
    enterprise.save()
    return enterprise, account, Assessment.start(enterprise.subject, 2026, "self", account)


def url(assessment):
    return reverse("evaluations:ballot_manage", args=[assessment.pk])


PAPER = {"what": "paper", "paper-eligible": "366", "paper-respondents": "366", "paper-satisfied": "366",
         "paper-held_on": "2026-11-01"}


def test_the_enterprise_cannot_enter_its_own_paper_ballot(client, media):
    _, account, assessment = sheet()
    client.force_login(account)
    page = client.get(url(assessment)).content.decode()
    assert "录入纸质测评结果" not in page and 'name="paper-respondents"' not in page
    assert "企业不能自行录入" in page
    response = client.post(url(assessment), {**PAPER, "paper-minutes": SimpleUploadedFile("m.pdf", PDF)})
    assert response.status_code == 403
    assert not SatisfactionBallot.objects.exists()


def test_the_union_office_enters_the_paper_result_with_signed_minutes_and_the_enterprise_sees_the_outcome(
        client, media):
    _, account, assessment = sheet()
    client.force_login(make_staff("420102", unit=MemberUnit.UNION, roles=(CLERK,), username="jiangan-union-clerk"))
    response = client.post(url(assessment), {**PAPER, "paper-respondents": "300", "paper-satisfied": "270",
                                             "paper-minutes": SimpleUploadedFile("签字记录.pdf", PDF)})
    assert response.status_code == 302
    ballot = SatisfactionBallot.objects.get()
    assert ballot.is_satisfied
    assert "凭签字的测评会议记录录入" in ballot.history.first().history_change_reason
    client.force_login(account)
    page = client.get(url(assessment)).content.decode()
    assert "满意率 90.0%" in page and "测评会议记录</a>" not in page
    assert client.get(reverse("evaluations:ballot_minutes", args=[assessment.pk])).status_code == 403


def test_the_number_of_codes_follows_the_ledger_unless_the_county_reviewer_approves_with_a_reason(client):
    _, account, assessment = sheet(366)
    client.force_login(account)
    refused = client.post(url(assessment), {"what": "online", "online-eligible": "1"})
    assert refused.status_code == 400 and "须由县（市、区）三方办审核人员批准" in refused.content.decode()
    assert not SatisfactionBallot.objects.exists()
    reviewer = make_staff("420102", roles=(REVIEWER,), username="jiangan-ballot-reviewer")
    client.force_login(reviewer)
    no_reason = client.post(url(assessment), {"what": "online", "online-eligible": "350", "online-reason": ""})
    assert no_reason.status_code == 400 and "请填写调整测评码数量的原因" in no_reason.content.decode()
    assert client.post(url(assessment), {"what": "online", "online-eligible": "350",
                                         "online-reason": "16 人长期病假"}).status_code == 302
    ballot = SatisfactionBallot.objects.get()
    assert ballot.codes.count() == 350 and ballot.eligible == 350
    assert "由台账职工人数 366 人调整为 350 个：16 人长期病假" in client.get(url(assessment)).content.decode()


def test_the_enterprise_opens_with_the_ledger_headcount_and_sees_only_how_many_answered(client):
    _, account, assessment = sheet(6)
    client.force_login(account)
    page = client.get(url(assessment)).content.decode()
    assert "测评码数量：6 个（企业台账职工人数）" in page and 'name="online-eligible"' not in page
    assert client.post(url(assessment), {"what": "online"}).status_code == 302
    ballot = SatisfactionBallot.objects.get()
    assert ballot.codes.count() == 6 and ballot.deadline > timezone.now() + datetime.timedelta(days=13)
    code = ballot.codes.first().code
    services.cast_ballot(code, {"contract": "unsatisfied", "rest": "unsatisfied", "safety": "unsatisfied",
                                "voice": "unsatisfied", "overall": "unsatisfied"})
    page = client.get(url(assessment)).content.decode()
    assert "已答卷 1 人" in page and "已使用 1 个" in page
    assert not re.search(r"满意 \d+ 人|满意率 \d", page) and "不满意</th>" not in page and "总体上" not in page
    detail = client.get(reverse("evaluations:assessment_detail", args=[assessment.pk])).content.decode()
    assert "已答卷 1 人" in detail and "满意 0.0%" not in detail


def test_only_the_county_closes_early_and_the_deadline_closes_it_for_everyone(client):
    _, account, assessment = sheet(3)
    ballot = services.open_online_ballot(assessment, 3)
    client.force_login(account)
    assert "提前结束测评" not in client.get(url(assessment)).content.decode()
    assert client.post(url(assessment), {"what": "close"}).status_code == 403
    ballot.refresh_from_db()
    assert ballot.status == "open"
    township = make_staff("420102002", roles=(CLERK,), username="dazhi-clerk")
    client.force_login(township)
    assert client.post(url(assessment), {"what": "close"}).status_code == 403
    county = make_staff("420102", roles=(CLERK,), username="jiangan-closing-clerk")
    client.force_login(county)
    assert client.post(url(assessment), {"what": "close"}).status_code == 302
    ballot.refresh_from_db()
    assert ballot.status == "closed"

    _, account2, assessment2 = sheet(3)
    due = services.open_online_ballot(assessment2, 3)
    SatisfactionBallot.objects.filter(pk=due.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(services.BallotRefused, match="本次测评已经结束"):
        services.cast_ballot(due.codes.first().code, {"overall": "satisfied"})
    due.refresh_from_db()
    assert due.status == "closed" and "截止时间已到" in due.history.first().history_change_reason


def test_the_due_ballots_task_closes_them_without_a_visit():
    from apps.evaluations.tasks import close_due_ballots

    _, _, assessment = sheet(3)
    due = services.open_online_ballot(assessment, 3, deadline=timezone.now() - datetime.timedelta(seconds=1))
    assert close_due_ballots() == 1
    due.refresh_from_db()
    assert due.status == "closed"


@pytest.mark.parametrize(("respondents", "valid"), [(243, False), (244, True)])
def test_a_result_counts_only_with_two_thirds_of_the_workers(respondents, valid):
    _, _, assessment = sheet()
    ballot = SatisfactionBallot.objects.create(assessment=assessment, method="paper", status="closed", eligible=366,
                                               respondents=respondents, satisfied=respondents,
                                               minutes="ballot-minutes/m.pdf", held_on="2026-11-01")
    assert ballot.is_valid is valid  # 244 / 366 = 2/3
