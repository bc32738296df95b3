"""The stage tables of the selection round, its applications, objections, re-reviews and titles.

Each table is also the permission table (apps/core/workflow.py): who may take which step, at which level,
from which state, before which deadline. Steps on an application check that the round is at the matching
stage and that the stage's deadline has not passed, so no stage can be skipped, repeated or acted on late.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone

from apps.core.policy import users_with
from apps.core.workflow import SYSTEM, Transition, Workflow, WorkflowError, register

from . import stages
from .models import (
    Application,
    CityQuota,
    DemonstrationTitle,
    Naming,
    Objection,
    ReReview,
    Revocation,
    SelectionRound,
)

R = SelectionRound.Stage
A = Application.Status
O = Objection.Status  # noqa: E741
STAFF, ENTERPRISE = "staff", "enterprise"


def add_working_days(day, n):
    """The day on which a period of n working days (Monday to Friday) starting the next working day ends."""
    while n > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def guards(*checks):
    def guard(obj, user, ctx):
        for check in checks:
            check(obj, user, ctx)

    return guard


def city_has_counties(city_id):
    from apps.regions.models import Region

    return Region.objects.filter(parent_id=city_id, level=Region.Level.COUNTY).exists()


def recommender_problem(app, user):
    """省直管 units (仙桃、潜江、天门、神农架) have no county offices: there the city-level office recommends."""
    if user.region.level == "city" and city_has_counties(app.city_id):
        return "申报单位所在地设有县（市、区）三方办，应由县级推荐。"
    return ""


def recommenders(app):
    """Who recommends an application: the county offices of its area; in a 省直管 unit (no county offices)
    the city-level office."""
    people = list(users_with("honours.recommend_application", over=app.region.path, levels=["county"]))
    return people or list(users_with("honours.recommend_application", over=app.region.path, levels=["city"]))


def unit_accounts(subject_id):
    from apps.accounts.models import User

    return list(User.objects.filter(is_active=True, enterprise__subject=subject_id))


# ---------------------------------------------------------------- the round

def round_to_deciding(round_, user, reason, ctx):
    """Aggregate every expert's independent score into one figure per application and rank them."""
    from .services import aggregate_scores

    ranked = aggregate_scores(round_)
    return f"专家评审结束，{ranked} 个申报汇总评分并排名"


def round_experts_done(round_, user, ctx):
    from .models import ExpertAssignment

    approved = Application.objects.filter(round=round_, status=A.APPROVED)
    if not approved.exists():
        raise WorkflowError("没有市级审核通过的申报，不能结束专家评审。")
    unscored = approved.annotate(n=Count("expert_assignments", distinct=True)).filter(n=0).count()
    pending = ExpertAssignment.objects.filter(application__round=round_, application__status=A.APPROVED,
                                              submitted_at__isnull=True).count()
    if unscored or pending:
        raise WorkflowError(f"尚有 {unscored} 个申报未分配专家、{pending} 份专家评分未提交，不能结束专家评审。")


def round_has_candidates(round_, user, ctx):
    if not Application.objects.filter(round=round_, status=A.SELECTED).exists():
        raise WorkflowError("尚未确定拟命名单位，不能公示。")
    if Application.objects.filter(round=round_, status=A.APPROVED).exists():
        raise WorkflowError("尚有市级审核通过的申报未作审定（拟命名或未入选），不能公示。")


def round_start_publicity(round_, user, reason, ctx):
    from .services import publicity_notice

    today = timezone.localdate()
    round_.publicity_start = today
    round_.publicity_end = add_working_days(today, round_.publicity_days)
    publicity_notice(round_, user)
    return f"公示 {round_.publicity_days} 个工作日，至 {round_.publicity_end:%Y-%m-%d}"


def round_may_name(round_, user, ctx):
    if Naming.objects.filter(round=round_).exists():
        raise WorkflowError("本次活动已命名，不能重复命名。")
    if round_.publicity_end and timezone.localdate() <= round_.publicity_end:
        raise WorkflowError(f"公示期至 {round_.publicity_end:%Y-%m-%d}，公示期满后方可命名。")
    open_objections = Objection.objects.filter(application__round=round_).open().count()
    if open_objections:
        raise WorkflowError(f"尚有 {open_objections} 件公示异议未办结，办结后方可命名。")
    if not Application.objects.filter(round=round_, status=A.SELECTED).exists():
        raise WorkflowError("没有拟命名单位，不能命名。")
    number = ctx.get("number")
    if not number or number < 1:
        raise WorkflowError("请填写命名文件的文号序号（正整数）。")
    named_on = ctx.get("named_on") or timezone.localdate()
    from apps.documents.models import IssuedNumber
    from apps.documents.numbering import format_number, next_free

    from .services import PROVINCE_DOC_PREFIX

    doc_number = format_number(PROVINCE_DOC_PREFIX, named_on.year, number)
    if IssuedNumber.objects.filter(doc_number=doc_number).exists():
        raise WorkflowError(f"文号 {doc_number} 已被使用，下一个可用文号为 {next_free(PROVINCE_DOC_PREFIX, named_on.year)}。")


def round_name(round_, user, reason, ctx):
    from .services import confer_titles

    naming = confer_titles(round_, user, ctx["number"], ctx.get("named_on") or timezone.localdate())
    return f"命名（{naming.doc_number}），{naming.titles.count()} 个单位"


def province_leaders(obj, user, t):
    return list(users_with("honours.decide_round", levels=["province"]))


@register
class RoundWorkflow(Workflow):
    model = SelectionRound
    name = "honours.round"
    label = "创建命名活动"
    state_field = "stage"
    transitions = [
        Transition("open", "启动申报", sources=[R.DRAFT], target=R.APPLYING, permission="honours.manage_round",
                   levels=["province"], confirm="确认启动申报？各地即可提交申报。"),
        Transition("close_applying", "结束申报，转县级推荐", sources=[R.APPLYING], target=R.RECOMMENDING,
                   permission="honours.manage_round", levels=["province"]),
        Transition("close_recommending", "结束推荐，转市级审核", sources=[R.RECOMMENDING], target=R.CITY_REVIEW,
                   permission="honours.manage_round", levels=["province"]),
        Transition("close_city_review", "结束市级审核，转专家评审", sources=[R.CITY_REVIEW],
                   target=R.EXPERT_REVIEW, permission="honours.manage_round", levels=["province"]),
        Transition("close_expert_review", "结束专家评审，汇总评分", sources=[R.EXPERT_REVIEW], target=R.DECIDING,
                   permission="honours.manage_round", levels=["province"], guard=round_experts_done,
                   effect=round_to_deciding),
        Transition("start_publicity", "审定并开始公示", sources=[R.DECIDING], target=R.PUBLICITY,
                   permission="honours.decide_round", levels=["province"], guard=round_has_candidates,
                   effect=round_start_publicity, confirm="确认按审定名单开始公示？"),
        Transition("name", "命名", sources=[R.PUBLICITY], target=R.NAMED, permission="honours.decide_round",
                   levels=["province"], guard=round_may_name, effect=round_name, style="success",
                   confirm="确认命名？将生成命名通知和证书，称号有效期三年。"),
    ]


# ---------------------------------------------------------------- applications

def quota_guard(status, what):
    """Within the city's quota (or reserve): the quota row is locked, so two clicks at once cannot exceed it."""

    def guard(app, user, ctx):
        quota = CityQuota.objects.select_for_update().filter(round_id=app.round_id, city_id=app.city_id).first()
        if quota is None:
            raise WorkflowError(f"{app.city}在本次活动中没有分配名额。")
        limit = quota.quota if status == A.APPROVED else quota.reserve
        if status == A.RESERVE and not SelectionRound.objects.filter(pk=app.round_id, keep_reserve=True).exists():
            raise WorkflowError("本次活动不设候补。")
        used = Application.objects.filter(round_id=app.round_id, city_id=app.city_id, status=status).count()
        if used >= limit:
            raise WorkflowError(f"{app.city}的{what}共 {limit} 个，已用完，不能超出。")

    return guard


def set_rank(field, opinion_field):
    def effect(app, user, reason, ctx):
        rank = ctx.get("rank")
        if rank is not None:
            setattr(app, field, rank)
        if reason:
            setattr(app, opinion_field, reason)
        return f"排序第 {rank} 位" if rank else ""

    return effect


def rank_required(app, user, ctx):
    rank = ctx.get("rank")
    if not isinstance(rank, int) or rank < 1 or rank > 100000:
        raise WorkflowError("请填写排序（正整数，1 为最优先）。")


def city_reviewers(app, user, t):
    return list(users_with("honours.review_application", at=app.city_id, levels=["city"]))


def province_reviewers(app, user, t):
    return list(users_with("honours.decide_round", levels=["province"]))


def applicant(app, user, t):
    return unit_accounts(app.subject_id) + ([app.submitted_by] if app.submitted_by_id else [])


def reserve_available(app, user, ctx):
    round_ = SelectionRound.objects.get(pk=app.round_id)
    if not round_.keep_reserve:
        raise WorkflowError("本次活动不设候补，不能递补。")
    vacancy = (Application.objects.filter(round_id=app.round_id, city_id=app.city_id, status=A.WITHDRAWN)
               .exclude(pk__in=Application.objects.filter(round_id=app.round_id, replaces__isnull=False)
                        .values("replaces_id")).order_by("pk").first())
    if vacancy is None:
        raise WorkflowError(f"{app.city}没有因公示异议取消的拟命名单位，不能递补。")
    ctx["vacancy"] = vacancy


def promote(app, user, reason, ctx):
    app.replaces = ctx["vacancy"]
    app.province_opinion = reason or app.province_opinion
    return f"递补{ctx['vacancy'].subject}"


def reissue_publicity(effect):
    """A change of the candidates during 公示 issues a 补充公示 with its own 文号."""
    def wrapped(app, user, reason, ctx):
        from .services import publicity_notice

        said = effect(app, user, reason, ctx)
        notice = publicity_notice(app.round, user, changed=app)
        return "；".join(p for p in (said, f"发布补充公示（{notice.doc_number}）") if p)

    return wrapped


def major_risk_checked(app, user, ctx):
    from .services import major_risk_guard

    major_risk_guard(app, user, ctx)


def noting_risk(effect):
    """The step's own effect, and the 重大风险说明 kept on the application and in its history."""

    def wrapped(app, user, reason, ctx):
        said = effect(app, user, reason, ctx)
        note = (ctx.get("risk_note") or "").strip()
        if ctx.get("major_risks") and note:
            app.risk_note = "\n".join(p for p in (app.risk_note, f"{user}：{note}") if p)
            said = "；".join(p for p in (said, f"重大风险说明：{note}") if p)
        return said

    return wrapped


def in_words(obj, user, reason, ctx):
    """A system step says what caused it (its reason) instead of its label: "命名（鄂劳三方〔2026〕3号）"."""
    return reason


def opinion(field):
    def effect(app, user, reason, ctx):
        if reason:
            setattr(app, field, reason)
        return ""

    return effect


@register
class ApplicationWorkflow(Workflow):
    model = Application
    name = "honours.application"
    label = "示范申报"
    select_related = ("round", "city")

    @classmethod
    def precondition(cls, app, t, user, ctx):
        """Every step on an application is taken in the round stage that opens it (apps/honours/stages.py),
        before that stage's deadline. A system step (the naming's) follows the round's own step."""
        if SYSTEM in t.kinds:
            return
        stages.check_open(SelectionRound.objects.get(pk=app.round_id), t.name)

    transitions = [
        Transition("recommend", "推荐", sources=[A.SUBMITTED], target=A.RECOMMENDED,
                   permission="honours.recommend_application", levels=["county", "city"], actor=recommender_problem,
                   guard=guards(rank_required, major_risk_checked),
                   effect=noting_risk(set_rank("county_rank", "county_opinion")), notify=city_reviewers),
        Transition("not_recommend", "不予推荐", sources=[A.SUBMITTED], target=A.NOT_RECOMMENDED,
                   permission="honours.recommend_application", levels=["county", "city"], actor=recommender_problem,
                   reason_required=True, effect=opinion("county_opinion"),
                   notify=applicant, style="secondary"),
        Transition("approve", "审核通过（占用名额）", sources=[A.RECOMMENDED], target=A.APPROVED,
                   permission="honours.review_application", levels=["city"],
                   guard=guards(rank_required, major_risk_checked,
                                quota_guard(A.APPROVED, "推荐名额")),
                   effect=noting_risk(set_rank("city_rank", "city_opinion")), notify=province_reviewers,
                   style="success"),
        Transition("reserve", "列为候补", sources=[A.RECOMMENDED], target=A.RESERVE,
                   permission="honours.review_application", levels=["city"],
                   guard=guards(rank_required, quota_guard(A.RESERVE, "候补名额")),
                   effect=set_rank("city_rank", "city_opinion"), notify=applicant, style="warning"),
        Transition("reject", "审核不通过", sources=[A.RECOMMENDED], target=A.CITY_REJECTED,
                   permission="honours.review_application", levels=["city"], reason_required=True,
                   effect=opinion("city_opinion"), notify=applicant,
                   style="secondary"),
        Transition("select", "审定为拟命名", sources=[A.APPROVED], target=A.SELECTED,
                   permission="honours.decide_round", levels=["province"],
                   guard=major_risk_checked,
                   effect=noting_risk(opinion("province_opinion")), notify=applicant, style="success"),
        Transition("not_select", "审定为未入选", sources=[A.APPROVED], target=A.NOT_SELECTED,
                   permission="honours.decide_round", levels=["province"],
                   effect=opinion("province_opinion"), notify=applicant, style="secondary"),
        Transition("withdraw", "取消拟命名", sources=[A.SELECTED], target=A.WITHDRAWN,
                   permission="honours.decide_round", levels=["province"], reason_required=True,
                   effect=reissue_publicity(opinion("province_opinion")),
                   notify=applicant, style="danger", confirm="确认取消该单位的拟命名资格？"),
        # the naming of the round names each candidate (RoundWorkflow "name" → services.confer_titles)
        Transition("name", "命名", sources=[A.SELECTED], target=A.NAMED, kinds=[SYSTEM], effect=in_words,
                   notify=applicant, style="success"),
        Transition("promote", "由候补递补", sources=[A.RESERVE], target=A.SELECTED,
                   permission="honours.decide_round", levels=["province"],
                   guard=reserve_available, effect=reissue_publicity(promote),
                   notify=applicant,
                   style="warning"),
    ]


# ---------------------------------------------------------------- objections

def resolve(objection, user, reason, ctx):
    objection.findings = reason
    objection.resolved_by = user
    objection.resolved_at = timezone.now()
    return ""


def record_findings(objection, user, reason, ctx):
    if reason:
        objection.findings = reason
    return ""


@register
class ObjectionWorkflow(Workflow):
    model = Objection
    name = "honours.objection"
    label = "公示异议"
    select_related = ("application",)
    transitions = [
        Transition("investigate", "开始核查", sources=[O.RECEIVED], target=O.INVESTIGATING,
                   permission="honours.handle_objection", levels=["province", "city"], effect=record_findings),
        Transition("uphold", "异议成立", sources=[O.RECEIVED, O.INVESTIGATING], target=O.UPHELD,
                   permission="honours.handle_objection", levels=["province"], reason_required=True,
                   effect=resolve, notify=province_leaders, style="danger"),
        Transition("dismiss", "异议不成立", sources=[O.RECEIVED, O.INVESTIGATING], target=O.DISMISSED,
                   permission="honours.handle_objection", levels=["province"], reason_required=True,
                   effect=resolve, style="success"),
    ]


# ---------------------------------------------------------------- re-review and revocation

RR = ReReview.Status
T = DemonstrationTitle.Status


REREVIEW_WINDOW_DAYS = 365  # a re-review rests on an assessment concluded in the year before its due date or later


def rereview_window(rr):
    """The first day an assessment may have been concluded to count for this re-review."""
    return rr.due_on - datetime.timedelta(days=REREVIEW_WINDOW_DAYS)


def rereview_assessment(rr, user, ctx):
    """A concluded assessment of the unit, concluded within the re-review window and not the one that
    earned the title (the 2022 assessment behind a 2023 title is no evidence for its 2026 re-review)."""
    from apps.evaluations.models import Assessment

    earned = Application.objects.filter(pk=rr.title.application_id).values_list("assessment_id", flat=True)
    fresh = (Assessment.objects.filter(subject_id=rr.title.subject_id, status__in=Assessment.CONCLUDED,
                                       concluded_at__date__gte=rereview_window(rr),
                                       year__gte=rereview_window(rr).year)
             .exclude(pk__in=earned))
    assessment = ctx.get("assessment")
    if assessment is None:
        assessment = fresh.order_by("-concluded_at").first()
    elif not fresh.filter(pk=assessment.pk).exists():
        assessment = None
    if assessment is None:
        raise WorkflowError(f"尚无本单位{rereview_window(rr):%Y-%m-%d}以后出具结论的评估（命名时依据的评估不能用于复核），"
                            "请先完成评估后再提交复核。")
    ctx["assessment"] = assessment


def rereview_submit(rr, user, reason, ctx):
    rr.assessment = ctx["assessment"]
    rr.submitted_at = timezone.now()
    return f"提交复核评估：{rr.assessment}（{rr.assessment.get_status_display()}）"


def rereview_keep(rr, user, reason, ctx):
    """Keeping the title renews it (the title's own step `renew`): a new three-year period from the re-review
    date, the next re-review date (the daily sweep reminds and re-opens on it), in the title's history."""
    from .models import TITLE_YEARS, add_years

    rr.decision = reason
    rr.decided_by = user
    rr.decided_at = timezone.now()
    until = add_years(rr.due_on, TITLE_YEARS)
    TitleWorkflow.perform_system(rr.title, "renew", by=user, until=until)
    return f"复核通过，保留称号，下次复核日期 {until:%Y-%m-%d}"


def rereview_revoke(rr, user, reason, ctx):
    rr.decision = reason
    rr.decided_by = user
    rr.decided_at = timezone.now()
    if ctx.get("title_revoked"):  # the title was revoked on an event: its open re-review ends with it
        return "称号已撤销，复核终止"
    TitleWorkflow.perform_system(rr.title, "rereview_failed", reason=reason, by=user, rereview=rr)
    return "复核未通过，撤销称号"


def county_and_unit(rr, user, t):
    return unit_accounts(rr.title.subject_id) + list(users_with("honours.view_rereview", over=rr.region.path,
                                                                levels=["county"]))


def own_unit(rr, user):
    if getattr(user, "enterprise_id", None) and rr.title.subject.kind == "enterprise" \
            and rr.title.subject_id == user.enterprise.subject_id:
        return ""
    return "只能提交本单位的复核。"


@register
class ReReviewWorkflow(Workflow):
    model = ReReview
    name = "honours.rereview"
    label = "示范称号复核"
    select_related = ("title", "title__subject")
    transitions = [
        Transition("submit", "提交复核评估", sources=[RR.OPEN], target=RR.SUBMITTED, kinds=[ENTERPRISE],
                   actor=own_unit, guard=rereview_assessment, effect=rereview_submit, notify=province_leaders),
        Transition("submit_for", "代为提交复核评估", sources=[RR.OPEN], target=RR.SUBMITTED,
                   permission="honours.recommend_application", levels=["county", "city"],
                   guard=rereview_assessment, effect=rereview_submit, notify=province_leaders),
        Transition("keep", "复核通过，保留称号", sources=[RR.SUBMITTED], target=RR.KEPT,
                   permission="honours.decide_rereview", levels=["province"], effect=rereview_keep,
                   notify=county_and_unit, style="success"),
        Transition("revoke", "复核未通过，撤销称号", sources=[RR.OPEN, RR.SUBMITTED], target=RR.REVOKED,
                   permission="honours.decide_rereview", levels=["province"], reason_required=True,
                   effect=rereview_revoke, notify=county_and_unit, style="danger",
                   confirm="确认撤销该单位的示范称号？将生成撤销通知并从公开名单中移除。"),
    ]


def cause_given(title, user, ctx):
    cause = ctx.get("cause")
    if cause not in (Revocation.Cause.SPOT_CHECK, Revocation.Cause.MAJOR_RISK, Revocation.Cause.OTHER):
        raise WorkflowError("请选择撤销原因。")


def title_revoke(title, user, reason, ctx):
    from .services import revoke_title

    revoke_title(title, user, ctx["cause"], reason)
    for rr in ReReview.objects.filter(title=title).open():  # each with its history, its people told
        ReReviewWorkflow.perform(rr, "revoke", user, reason=reason, title_revoked=True)
    return f"撤销称号：{Revocation.Cause(ctx['cause']).label}"


def title_renew(title, user, reason, ctx):
    title.valid_until = ctx["until"]
    return f"复核通过，保留称号；有效期续至 {title.valid_until:%Y-%m-%d}（下次复核）"


def title_rereview_failed(title, user, reason, ctx):
    from .services import revoke_title

    revoke_title(title, user, Revocation.Cause.REREVIEW, reason, rereview=ctx.get("rereview"))
    return "复核未通过，撤销命名"


def title_people(title, user, t):
    return unit_accounts(title.subject_id) + list(users_with("honours.view_demonstrationtitle",
                                                             over=title.region.path, levels=["county"]))


@register
class TitleWorkflow(Workflow):
    model = DemonstrationTitle
    name = "honours.title"
    label = "示范称号"
    select_related = ("subject", "region")
    transitions = [
        Transition("revoke", "撤销命名", sources=[T.VALID, T.UNDER_REVIEW], target=T.REVOKED,
                   permission="honours.decide_rereview", levels=["province"], reason_required=True,
                   guard=cause_given, effect=title_revoke, notify=title_people, style="danger",
                   confirm="确认撤销该单位的示范称号？将生成撤销通知并从公开名单中移除。"),
        # system steps: the daily sweep at three years; a re-review's decision (its people are told by the
        # re-review's own step, the sweep's 复核启动通知 tells the unit and its county)
        Transition("review", "命名满三年，进入复核", sources=[T.VALID], target=T.UNDER_REVIEW, kinds=[SYSTEM]),
        Transition("renew", "复核通过，续期", sources=[T.UNDER_REVIEW, T.VALID], target=T.VALID, kinds=[SYSTEM],
                   effect=title_renew),
        Transition("rereview_failed", "复核未通过，撤销命名", sources=[T.VALID, T.UNDER_REVIEW], target=T.REVOKED,
                   kinds=[SYSTEM], reason_required=True, effect=title_rereview_failed),
    ]


def quantize(value):
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
