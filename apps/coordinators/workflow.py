"""The coordinators app's state changes, declared on the one workflow mechanism (apps/core/workflow.py):
risk reports (reported → handling → resolved, reopened when needed), the confirmation that puts a coordinator
on the public list, and the outcome of an award recommendation. Views call `perform`; templates list
`available` as buttons; nothing else writes these states.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from apps.core.workflow import Transition, Workflow, WorkflowError, register

from .models import AwardRecommendation, Coordinator, GoldMedal, RiskEvent, RiskReport

HANDLING_DAYS = 15
R = RiskReport.Status


# ------------------------------------------------------------------------------------------------ risks

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
    name = "coordinators.risk"
    label = "矛盾风险处置"
    state_field = "status"
    select_related = ("enterprise", "region", "reported_by")
    out_of_scope = "该风险不在您的管辖区域内。"
    transitions = [
        Transition("handle", "受理处置", sources=[R.REPORTED], target=R.HANDLING,
                   permission="coordinators.handle_riskreport", reason_required=True, guard=set_due_date,
                   effect=handle_effect, notify=tell_reporter),
        Transition("progress", "记录进展", sources=[R.HANDLING], permission="coordinators.handle_riskreport",
                   reason_required=True, guard=set_due_date, effect=handle_effect, notify=tell_reporter),
        Transition("resolve", "办结化解", sources=[R.HANDLING], target=R.RESOLVED,
                   permission="coordinators.resolve_riskreport", reason_required=True, effect=resolve_effect,
                   notify=tell_reporter, style="success"),
        Transition("reopen", "重新处置", sources=[R.RESOLVED], target=R.HANDLING,
                   permission="coordinators.resolve_riskreport", reason_required=True, guard=set_due_date,
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
               url=reverse("coordinators:risk_detail", args=[report.pk]), level="info")


# the step a button's target state leads to, from the report's current state
RISK_STEPS = {(R.REPORTED, R.HANDLING): "handle", (R.HANDLING, R.HANDLING): "progress",
              (R.HANDLING, R.RESOLVED): "resolve", (R.RESOLVED, R.HANDLING): "reopen"}


def risk_step(report, to_status):
    return RISK_STEPS.get((report.status, to_status))


# ------------------------------------------------------------------------------------------- coordinators

C = Coordinator.Confirmation


def confirm_effect(coordinator, user, reason, ctx):
    coordinator.return_reason = ""
    coordinator.confirmed_by = user
    coordinator.confirmed_at = timezone.now()
    return "审核确认，可列入公示名单" if coordinator.on_public_list else "审核确认"


def return_effect(coordinator, user, reason, ctx):
    coordinator.return_reason = reason
    coordinator.confirmed_by = None
    coordinator.confirmed_at = None
    return f"退回：{reason}"


def county_clerks(coordinator, user, t):
    """The clerks who keep the ledger of the coordinator's county or township."""
    from apps.core.policy import users_with

    return list(users_with("coordinators.change_coordinator", over=coordinator.region_path,
                           levels=("county", "township")))


@register
class CoordinatorConfirmation(Workflow):
    """A coordinator registered or imported by a county clerk is 待确认 until a reviewer confirms the
    record; only a confirmed, on-duty coordinator who agreed to it appears on the public list."""

    model = Coordinator
    name = "coordinators.confirmation"
    label = "协调员信息确认"
    state_field = "confirmation"
    select_related = ("region",)
    out_of_scope = "该协调员不在您的管辖区域内。"
    transitions = [
        Transition("confirm", "确认", sources=[C.PENDING, C.RETURNED], target=C.CONFIRMED,
                   permission="coordinators.confirm_coordinator", levels=("city", "county", "township"),
                   effect=confirm_effect, style="success", confirm="确认该协调员信息无误，可列入公示名单？"),
        Transition("return", "退回修改", sources=[C.PENDING], target=C.RETURNED, reason_required=True,
                   permission="coordinators.confirm_coordinator", levels=("city", "county", "township"),
                   effect=return_effect, notify=county_clerks, style="warning"),
        Transition("withdraw", "撤回确认", sources=[C.CONFIRMED], target=C.PENDING, reason_required=True,
                   permission="coordinators.confirm_coordinator", levels=("city", "county", "township"),
                   effect=return_effect, notify=county_clerks, style="secondary",
                   confirm="撤回后该协调员不再在公示名单中显示。确定撤回？"),
    ]


# ------------------------------------------------------------------------------------------------ awards

OUTCOME = AwardRecommendation.Outcome


def outcome_effect(recommendation, user, reason, ctx):
    recommendation.outcome_note = reason[:300]
    return f"评定结果：{recommendation.get_outcome_display()}"


@register
class AwardOutcome(Workflow):
    model = AwardRecommendation
    name = "coordinators.award"
    label = "荣誉推荐结果"
    state_field = "outcome"
    select_related = ("coordinator",)
    out_of_scope = "该荣誉推荐不在您的管辖区域内。"
    transitions = [
        Transition("award", "已获评", sources=[OUTCOME.PENDING], target=OUTCOME.AWARDED,
                   permission="coordinators.change_awardrecommendation", effect=outcome_effect, style="success",
                   confirm="确定登记为已获评？"),
        Transition("not_award", "未获评", sources=[OUTCOME.PENDING], target=OUTCOME.NOT_AWARDED,
                   permission="coordinators.change_awardrecommendation", effect=outcome_effect, style="secondary",
                   confirm="确定登记为未获评？"),
        Transition("reset", "更正结果", sources=[OUTCOME.AWARDED, OUTCOME.NOT_AWARDED], target=OUTCOME.PENDING,
                   reason_required=True, permission="coordinators.change_awardrecommendation", effect=outcome_effect, style="secondary"),
    ]


# ------------------------------------------------------------------------------------------- gold medals

def publish_effect(medal, user, reason, ctx):
    number = ctx.get("certificate_no") or (
        f"鄂金协{medal.year}第{GoldMedal.objects.for_year(medal.year).published().count() + 1:04d}号")
    GoldMedalPublication.publish(medal, number, ctx.get("when") or timezone.now())
    return "公布名单"


def return_effect(medal, user, reason, ctx):
    medal.return_reason = reason
    return "退回提名单位"


def nominators(medal, user, t):
    from apps.core.policy import users_with

    return list(users_with("coordinators.nominate_goldmedal", at=medal.nominated_by_id, superusers=True))


@register
class GoldMedalPublication(Workflow):
    """A nomination (city within quota, or province) is 已提名 until the province publishes the year's list
    (services.publish_gold_medals takes this step over the whole year at once); only published medals are
    public and get certificates."""

    model = GoldMedal
    name = "coordinators.gold_medal"
    label = "金牌协调员名单公布"
    state_field = "status"
    select_related = ("coordinator",)
    out_of_scope = "该提名不在您的管辖区域内。"
    transitions = [
        Transition("publish", "公布名单", sources=[GoldMedal.State.NOMINATED], target=GoldMedal.State.PUBLISHED,
                   permission="coordinators.manage_goldmedal", levels=("province",), effect=publish_effect,
                   confirm="确定公布名单？公布后不能再提名或撤回。"),
        Transition("return", "退回", sources=[GoldMedal.State.NOMINATED], target=GoldMedal.State.RETURNED,
                   permission="coordinators.manage_goldmedal", levels=("province",), reason_required=True,
                   effect=return_effect, notify=nominators, style="secondary",
                   confirm="确定将该提名退回提名单位？退回后不计入名额和目标，提名单位可撤回后另行提名。"),
    ]

    @staticmethod
    def publish(medal, certificate_no, when):
        medal.status = GoldMedal.State.PUBLISHED
        medal.published_at = when
        medal.certificate_no = certificate_no
