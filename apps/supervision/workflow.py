"""The annual report's way up: the area submits, the level above returns it with reasons or accepts it.

One table (apps/core/workflow.py): a report accepted cannot be submitted again, a report is submitted only by
its own area and reviewed only by the area directly above (the province reviews its own).
"""

from django.utils import timezone

from apps.core.policy import users_with
from apps.core.workflow import Transition, Workflow, WorkflowError, register

from .models import AnnualReport

S = AnnualReport.Status
P = "supervision."


def own_area(report, user):
    if user.office_id and user.office.region_id == report.region_id:
        return ""
    return "只有本地区的三方办可以报送本地区的报告。"


def level_above(report, user):
    if user.office_id and user.office.region_id == report.reviewer_region_id:
        return ""
    return "报告由上一级三方办审核。"


def narrative_written(report, user, ctx):
    from .reports import TooEarly, refuse_before_its_year

    try:
        refuse_before_its_year(report.kind, report.year)
    except TooEarly as exc:
        raise WorkflowError(str(exc)) from None
    missing = report.narrative_missing
    if missing:
        raise WorkflowError(f"请先填写：{'、'.join(missing)}，再报送。", missing=missing)


def on_submit(report, user, reason, ctx):
    from .reports import refresh_figures

    refresh_figures(report)  # the figures the report states are those of the day it goes up
    report.submitted_on = timezone.localdate()
    report.first_submitted_on = report.first_submitted_on or report.submitted_on
    report.submitted_by = user
    days = report.days_late()
    return f"报送上级审核{f'（逾期 {days} 天）' if days else ''}"


def on_return(report, user, reason, ctx):
    report.return_reason = reason
    report.reviewed_by = user
    report.submitted_on = None  # a returned report is not submitted until it comes back …
    report.returns += 1  # … but its lateness still counts from its first submission (first_submitted_on)
    return f"退回修改（第 {report.returns} 次）"


def on_accept(report, user, reason, ctx):
    report.reviewed_by = user
    report.return_reason = ""
    return "审核通过"


def reviewers(report, user, t):
    return users_with("supervision.review_annualreport", at=report.reviewer_region_id)


def submitters(report, user, t):
    return users_with("supervision.submit_annualreport", at=report.region_id)


@register
class AnnualReportWorkflow(Workflow):
    model = AnnualReport
    name = "supervision.annual_report"
    label = "年度总结评估报告报送"
    state_field = "status"
    select_related = ("region",)
    transitions = [
        Transition("submit", "报送", sources=[S.DRAFT, S.RETURNED], target=S.SUBMITTED,
                   permission=P + "submit_annualreport", actor=own_area, guard=narrative_written, effect=on_submit,
                   notify=reviewers, confirm="确认将报告报送上一级三方办？报送后不能再修改。"),
        Transition("return", "退回", sources=[S.SUBMITTED], target=S.RETURNED, reason_required=True,
                   permission=P + "review_annualreport", actor=level_above, effect=on_return, notify=submitters,
                   confirm="确认退回该报告？请填写退回理由。", style="warning"),
        Transition("accept", "审核通过", sources=[S.SUBMITTED], target=S.ACCEPTED,
                   permission=P + "review_annualreport", actor=level_above, effect=on_accept, notify=submitters,
                   confirm="确认该报告审核通过？", style="success"),
    ]


# ------------------------------------------------------------------------------------------ bulletins

from .models import Bulletin  # noqa: E402

B = Bulletin.Status


def issuing_office(bulletin, user):
    if user.office_id and user.office.region_id == bulletin.region_id:
        return ""
    return "通报由印发地区的三方办印发。"


def on_publish(bulletin, user, reason, ctx):
    from .bulletins import compute_rankings

    bulletin.rankings = compute_rankings(bulletin.region, bulletin.year)  # the figures of the day it goes out
    bulletin.published_at = timezone.now()
    return f"印发通报 {bulletin.doc_number}"


def offices_below(bulletin, user, t):
    return users_with(None, below=bulletin.region_id)


@register
class BulletinWorkflow(Workflow):
    model = Bulletin
    name = "supervision.bulletin"
    label = "通报印发"
    state_field = "status"
    select_related = ("region",)
    transitions = [
        Transition("publish", "印发", sources=[B.DRAFT], target=B.PUBLISHED, permission="supervision.publish_bulletin",
                   actor=issuing_office, effect=on_publish, notify=offices_below,
                   confirm="确认印发该通报？印发后下级各单位均可查阅，不能再修改。"),
    ]
