"""A title across its three years with frozen time: reminders, the re-review resting on a fresh assessment,
keeping renews the title with its next cycle, and a second title revoked — each step with history."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from apps.core.workflow import WorkflowError
from apps.evaluations.models import Assessment
from apps.honours import rereview
from apps.honours.models import DemonstrationTitle, ReReview, TitleReminder
from apps.honours.testing import indicator_set, make_application, make_enterprise, make_round, make_title
from apps.honours.workflow import ReReviewWorkflow, TitleWorkflow
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def test_a_title_across_three_years_renewed_and_another_revoked(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    province = make_staff("42", username="rr-province")
    named_on = datetime.date(2023, 12, 1)
    enterprise = make_enterprise(account=True, year=2022)
    earned = Assessment.objects.get(subject=enterprise.subject)
    Assessment.objects.filter(pk=earned.pk).update(concluded_at=aware(datetime.date(2026, 6, 1)))  # re-imported
    title = make_title(make_application(make_round(stage="named"), status="named", enterprise=enterprise),
                       named_on=named_on)
    other = make_title(make_application(make_round(stage="named", kind="park"), status="named"), named_on=named_on)
    due = title.valid_until
    for day, kind in ((due - datetime.timedelta(days=90), "d90"), (due - datetime.timedelta(days=30), "d30")):
        with time_machine.travel(aware(day)):
            rereview.run()
        assert TitleReminder.objects.filter(title=title, kind=kind, due_on=due).exists()
    with time_machine.travel(aware(due)):
        rereview.run()
    rr = ReReview.objects.get(title=title, due_on=due)
    assert DemonstrationTitle.objects.get(pk=title.pk).status == "under_review"
    owner = enterprise.accounts.first()
    with time_machine.travel(aware(due + datetime.timedelta(days=3))):
        # the assessment that earned the title is no evidence for its re-review, even passed explicitly
        with pytest.raises(WorkflowError, match="命名时依据的评估不能用于复核"):
            ReReviewWorkflow.perform(rr, "submit", owner, assessment=earned)
        with pytest.raises(WorkflowError, match="命名时依据的评估不能用于复核"):
            ReReviewWorkflow.perform(rr, "submit", owner)
        fresh = Assessment.objects.create(subject=enterprise.subject, region=enterprise.region, year=2026,
                                          indicator_set=indicator_set(), kind=Assessment.Kind.SELF,
                                          status="passed", final_total=90, concluded_at=timezone.now())
        ReReviewWorkflow.perform(rr, "submit", owner)
        assert ReReview.objects.get(pk=rr.pk).assessment == fresh
        ReReviewWorkflow.perform(rr, "keep", province, reason="复核合格")
    renewed = DemonstrationTitle.objects.get(pk=title.pk)
    assert renewed.status == "valid" and renewed.valid_until == datetime.date(2029, 12, 1)
    assert renewed.history.filter(history_change_reason__contains="保留称号",
                                  history_change_reason__endswith="续至 2029-12-01（下次复核）").exists()
    # the next cycle: reminded again before the new date, and re-reviewed on it
    with time_machine.travel(aware(datetime.date(2029, 12, 1) - datetime.timedelta(days=80))):
        rereview.run()
    assert TitleReminder.objects.filter(title=title, kind="d90", due_on=datetime.date(2029, 12, 1)).exists()
    with time_machine.travel(aware(datetime.date(2029, 12, 1))):
        rereview.run()
    assert ReReview.objects.filter(title=title, due_on=datetime.date(2029, 12, 1), status="open").exists()

    # the other title is revoked on an event while its re-review is open: the re-review ends with history
    other_rr = ReReview.objects.get(title=other)
    with time_machine.travel(aware(due + datetime.timedelta(days=10))):
        TitleWorkflow.perform(DemonstrationTitle.objects.get(pk=other.pk), "revoke", province,
                              reason="发生重大欠薪事件", cause="major_risk")
    other_rr.refresh_from_db()
    assert other_rr.status == "revoked" and other_rr.decided_by == province
    assert other_rr.history.filter(history_change_reason__contains="称号已撤销，复核终止",
                                   history_user=province).exists()
    assert DemonstrationTitle.objects.get(pk=other.pk).status == "revoked"
