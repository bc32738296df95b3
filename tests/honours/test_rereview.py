"""A title across its three years with frozen time: reminders, the re-review resting on a fresh assessment,
keeping renews the title with its next cycle, and a second title revoked — each step with history."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from apps.core.audit import history_rows
from apps.core.workflow import WorkflowError
from apps.documents.models import Notification
from apps.enterprises.models import CreationRecord
from apps.evaluations.models import Assessment
from apps.honours import rereview, services
from apps.honours.models import Application, DemonstrationTitle, ReReview, Revocation, TitleReminder
from apps.honours.testing import indicator_set, make_application, make_enterprise, make_round, make_title
from apps.honours.workflow import ReReviewWorkflow, TitleWorkflow
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def last(obj):
    """The newest history row (rows written under frozen time may be dated before the row's creation)."""
    return obj.history.order_by("-history_id").first()


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
    # the sweep's step is the title workflow's system step: history by 系统 with its reason
    review_row = [r for r in history_rows(DemonstrationTitle.objects.get(pk=title.pk))
                  if r["reason"].startswith("有效 → 复核中：命名满三年，进入复核")]
    assert len(review_row) == 1 and review_row[0]["who"] == "系统"
    assert Notification.objects.filter(recipient=enterprise.accounts.first(), title__contains="复核启动通知").exists()
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
    assert last(renewed).history_user == province  # renewed by the province's decision
    assert "复核中 → 有效" in last(renewed).history_change_reason
    assert Notification.objects.filter(recipient=owner, title__contains="复核通过，保留称号").exists()
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


def test_a_failed_rereview_revokes_the_title_through_its_workflow_and_the_ledger_follows(settings, tmp_path):
    """Naming names each candidate and marks the ledger 示范 (system steps, the naming person in history);
    three years on, a re-review that fails revokes the title through the title workflow (history, revocation
    with its notice) and the ledger's 示范 year goes back to 达标 — no state written outside a workflow."""
    settings.MEDIA_ROOT = tmp_path
    province = make_staff("42", username="rr-province-2")
    enterprise = make_enterprise(account=True, year=2022)
    round_ = make_round(stage="publicity")
    app = make_application(round_, status="selected", enterprise=enterprise)
    with time_machine.travel(aware(datetime.date(2023, 12, 1))):
        services.confer_titles(round_, province, 31, datetime.date(2023, 12, 1))
    app = Application.objects.get(pk=app.pk)
    assert app.status == "named"
    assert last(app).history_user == province
    assert last(app).history_change_reason.startswith("拟命名（公示中） → 已命名：命名（")
    owner = enterprise.accounts.first()
    assert Notification.objects.filter(recipient=owner, title__endswith="：命名").exists()
    ledger = CreationRecord.objects.get(subject=enterprise.subject, year=2023)
    assert ledger.status == "demonstration" and last(ledger).history_user == province

    title = DemonstrationTitle.objects.get(application=app)
    with time_machine.travel(aware(title.valid_until)):
        rereview.run()
    rr = ReReview.objects.get(title=title)
    with time_machine.travel(aware(title.valid_until + datetime.timedelta(days=20))):
        ReReviewWorkflow.perform(rr, "revoke", province, reason="逾期未提交复核评估")
    title.refresh_from_db()
    assert title.status == "revoked"
    row = last(title)
    assert row.history_user == province
    assert row.history_change_reason.startswith("复核中 → 已撤销：复核未通过，撤销命名")
    revocation = Revocation.objects.get(title=title)
    assert revocation.cause == "rereview" and revocation.rereview == rr and revocation.doc_number
    assert ReReview.objects.get(pk=rr.pk).status == "revoked"
    assert Notification.objects.filter(recipient=owner, title__contains="复核未通过，撤销称号").exists()
    ledger.refresh_from_db()
    assert ledger.status == "qualified"
    assert last(ledger).history_change_reason.startswith("示范 → 达标：撤销示范称号")
