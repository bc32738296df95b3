"""The coordinators app's state changes, declared on the one workflow mechanism (apps/core/workflow.py):
the confirmation that puts a coordinator on the public list, the outcome of an award recommendation and
the publication of gold medals (risk reports are apps/risks/workflow.py). Views call `perform`; templates list
`available` as buttons; nothing else writes these states.
"""


from django.utils import timezone

from apps.core.workflow import Transition, Workflow, register

from .models import AwardRecommendation, Coordinator, GoldMedal

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
