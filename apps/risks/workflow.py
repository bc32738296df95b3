"""The risk report's state changes, declared on the one workflow mechanism (apps/core/workflow.py):
reported → handling → resolved, reopened when needed. Views call `perform`; templates list `available` as
buttons; nothing else writes the state (filing is services.file_risk_report, escalation services.escalate_overdue).
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from apps.core.workflow import Transition, Workflow, WorkflowError, register

from .models import RiskEvent, RiskReport

HANDLING_DAYS = 15
R = RiskReport.Status


def set_due_date(report, user, ctx):
    today = timezone.localdate()
    due = ctx.get("due_date") or today + datetime.timedelta(days=HANDLING_DAYS)
    if due < today:
        raise WorkflowError("办理时限不能早于今天。")
    ctx["due_date"] = due


def handle_effect(report, user, reason, ctx):
    report.resolved_at = None
    report.due_date = ctx["due_date"]
    return ""


def resolve_effect(report, user, reason, ctx):
    report.resolved_at = timezone.now()
    return ""


def tell_reporter(report, user, t):
    return [report.reported_by] if report.reported_by_id else []


@register
class RiskWorkflow(Workflow):
    model = RiskReport
    name = "risks.risk"
    label = "矛盾风险处置"
    state_field = "status"
    select_related = ("enterprise", "region", "reported_by")
    out_of_scope = "该风险不在您的管辖区域内。"
    transitions = [
        Transition("handle", "受理处置", sources=[R.REPORTED], target=R.HANDLING,
                   permission="risks.handle_riskreport", reason_required=True, guard=set_due_date,
                   effect=handle_effect, notify=tell_reporter),
        Transition("progress", "记录进展", sources=[R.HANDLING], permission="risks.handle_riskreport",
                   reason_required=True, guard=set_due_date, effect=handle_effect, notify=tell_reporter),
        Transition("resolve", "办结化解", sources=[R.HANDLING], target=R.RESOLVED,
                   permission="risks.resolve_riskreport", reason_required=True, effect=resolve_effect,
                   notify=tell_reporter, style="success"),
        Transition("reopen", "重新处置", sources=[R.RESOLVED], target=R.HANDLING,
                   permission="risks.resolve_riskreport", reason_required=True, guard=set_due_date,
                   effect=handle_effect, notify=tell_reporter, style="warning"),
    ]

    @classmethod
    def describe(cls, t, before, target, said, reason):
        return f"{t.label}：{reason[:80]}"

    @classmethod
    def record(cls, report, t, user, before, reason, change):
        """The risk's own event list (处置记录) beside its history."""
        RiskEvent.objects.create(report=report, from_status=before, to_status=report.status, actor=user, note=reason,
                                 due_date=None if report.status == R.RESOLVED else report.due_date)

    @classmethod
    def send(cls, report, t, recipients, change):
        from apps.documents.services import notify

        notify(recipients, f"风险{t.label}：{report.enterprise.name}", body=change.split("：", 1)[-1],
               url=reverse("risks:risk_detail", args=[report.pk]), level="info")


# the step a button's target state leads to, from the report's current state
RISK_STEPS = {(R.REPORTED, R.HANDLING): "handle", (R.HANDLING, R.HANDLING): "progress",
              (R.HANDLING, R.RESOLVED): "resolve", (R.RESOLVED, R.HANDLING): "reopen"}


def risk_step(report, to_status):
    return RISK_STEPS.get((report.status, to_status))
