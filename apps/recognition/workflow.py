"""The stage tables of typical cases and commendations, on the one workflow mechanism (apps/core/workflow.py).

An office may also submit an enterprise's draft on its behalf. Who reviews depends on who submitted: a county's case goes to its city, a city's to the province, an
enterprise's to its county first (which forwards it to the city). The level that must act is written on the
row when it is submitted (`review_level`), and each review step's `actor` checks it; the province alone
publishes. A commendation nominated by a county is reviewed by its city and approved by the province; one
nominated by a city goes to the province directly.
"""

from django.utils import timezone

from apps.core.policy import users_with
from apps.core.workflow import Transition, Workflow, WorkflowError, register

from .models import LEVEL_ABOVE, LEVEL_WORDS, Case, Commendation

CS = Case.Status
MS = Commendation.Status


def ancestor_path(region_path, level):
    """The path of the region at `level` above (or at) a row's region: 42/4201/420102/… → 42/4201/."""
    depth = {"province": 1, "city": 2, "county": 3, "township": 4}[level]
    parts = region_path.strip("/").split("/")
    return "/".join(parts[:depth]) + "/" if len(parts) >= depth else ""


def office_staff(region_path, level, permission):
    """Active staff of the offices at `level` over this row holding `permission` (app.codename)."""
    path = ancestor_path(region_path, level)
    if not path:
        return []
    return list(users_with(permission, path=path, levels=[level], superusers=True))


def creator(obj, user, t):
    return [obj.created_by] if obj.created_by_id else []


def own_level(user):
    return user.region.level if getattr(user, "office_id", None) else None


# ------------------------------------------------------------------------------------------ typical cases


def case_reviewer(obj, user):
    if own_level(user) != obj.review_level:
        return f"该案例由{LEVEL_WORDS.get(obj.review_level, '上级')}三方办审核。"
    return ""


def case_enterprise_author(obj, user):
    if obj.author_kind != "enterprise" or user.enterprise_id != obj.enterprise_id:
        return "只有报送该案例的企业可以提交。"
    return ""


def case_complete(obj, user, ctx):
    missing = [label for label, value in (("案例标题", obj.title), ("内容摘要", obj.summary),
                                          ("案例正文", obj.body), ("案例单位", obj.unit_name)) if not value.strip()]
    if missing:
        raise WorkflowError(f"请先填写{'、'.join(missing)}，再提交。", missing=missing)


def submitted_by_office(obj, user, reason, ctx):
    obj.submitter_level = own_level(user)
    obj.review_level = LEVEL_ABOVE[obj.submitter_level]
    obj.return_reason = ""
    return f"提交{LEVEL_WORDS[obj.review_level]}三方办审核"


def submitted_by_enterprise(obj, user, reason, ctx):
    obj.submitter_level = ""
    obj.review_level = "county"
    obj.return_reason = ""
    return "企业提交县级三方办审核"


def forwarded(obj, user, reason, ctx):
    obj.submitter_level = "county"
    obj.review_level = "city"
    return "县级审核通过，报市（州）级三方办审核"


def case_returned(obj, user, reason, ctx):
    obj.return_reason = reason[:300]
    return f"{LEVEL_WORDS[own_level(user)]}退回"


def case_published(obj, user, reason, ctx):
    obj.published_at = timezone.now()
    return "省级发布，公开页可见"


def case_unpublished(obj, user, reason, ctx):
    obj.published_at = None
    return "撤回发布，公开页不再显示"


def notify_case_reviewers(obj, user, t):
    return office_staff(obj.region_path, obj.review_level, "recognition.review_case")


def notify_case_publishers(obj, user, t):
    return office_staff(obj.region_path, "province", "recognition.publish_case")


@register
class CaseWorkflow(Workflow):
    model = Case
    name = "recognition.case"
    label = "典型案例报送"
    state_field = "status"
    select_related = ("region",)
    transitions = [
        Transition("submit", "提交上级审核", sources=[CS.DRAFT, CS.RETURNED], target=CS.SUBMITTED,
                   permission="recognition.add_case", levels=["county", "city"],
                   guard=case_complete, effect=submitted_by_office, notify=notify_case_reviewers,
                   confirm="确认将该案例提交上级三方办审核？提交后不能修改。"),
        Transition("submit_to_county", "提交县级审核", sources=[CS.DRAFT, CS.RETURNED], target=CS.COUNTY_CHECK,
                   kinds=["enterprise"], actor=case_enterprise_author, guard=case_complete,
                   effect=submitted_by_enterprise, notify=notify_case_reviewers,
                   confirm="确认将该案例提交县级三方办审核？提交后不能修改。"),
        Transition("forward", "审核通过并上报", sources=[CS.COUNTY_CHECK], target=CS.SUBMITTED,
                   permission="recognition.review_case", levels=["county"], effect=forwarded,
                   notify=lambda obj, user, t: office_staff(obj.region_path, "city", "recognition.review_case"),
                   confirm="确认该案例审核通过，报市（州）级三方办审核？", style="success"),
        Transition("return", "退回", sources=[CS.COUNTY_CHECK, CS.SUBMITTED], target=CS.RETURNED,
                   permission="recognition.review_case", levels=["county", "city", "province"],
                   reason_required=True, actor=case_reviewer, effect=case_returned, notify=creator,
                   confirm="确认退回该案例？请写明退回理由。", style="warning"),
        Transition("accept", "审核通过", sources=[CS.SUBMITTED], target=CS.ACCEPTED,
                   permission="recognition.review_case", levels=["city", "province"], actor=case_reviewer,
                   notify=lambda obj, user, t: creator(obj, user, t) + notify_case_publishers(obj, user, t),
                   confirm="确认该案例审核通过，报省级发布？", style="success"),
        Transition("publish", "发布", sources=[CS.ACCEPTED], target=CS.PUBLISHED,
                   permission="recognition.publish_case", levels=["province"], effect=case_published,
                   notify=creator, confirm="确认发布该案例？发布后任何人可在公开页阅读。", style="success"),
        Transition("unpublish", "撤回发布", sources=[CS.PUBLISHED], target=CS.ACCEPTED,
                   permission="recognition.publish_case", levels=["province"], reason_required=True,
                   effect=case_unpublished, notify=creator, confirm="确认撤回发布？请写明理由。", style="danger"),
    ]


# ------------------------------------------------------------------------------------------- commendations


def own_nomination(obj, user):
    if getattr(user, "office_id", None) and user.office.region_id != obj.nominator_region_id:
        return "只有推荐单位可以提交该推荐。"
    return ""


def nomination_complete(obj, user, ctx):
    missing = []
    if not obj.deeds.strip():
        missing.append("主要事迹")
    if obj.kind == Commendation.Kind.INDIVIDUAL and not obj.id_number:
        missing.append("身份证号")
    if not obj.attachments.exists():
        missing.append("推荐材料（至少上传推荐审批表）")
    if missing:
        raise WorkflowError(f"请先补齐{'、'.join(missing)}，再提交。", missing=missing)


def nominated(obj, user, reason, ctx):
    obj.return_reason = ""
    return "报省级三方办审定" if obj.nominator_level == "city" else "报市（州）级三方办审核"


def commendation_returned(obj, user, reason, ctx):
    obj.return_reason = reason[:300]
    return f"{LEVEL_WORDS[own_level(user)]}退回"


def city_approved(obj, user, reason, ctx):
    obj.city_opinion = reason[:300]
    return "市级审核通过，报省级审定"


def approved(obj, user, reason, ctx):
    obj.approved_on = timezone.localdate()
    return "省级审定，列入表彰名单"


@register
class CommendationWorkflow(Workflow):
    model = Commendation
    name = "recognition.commendation"
    label = "表彰推荐"
    state_field = "status"
    select_related = ("region",)
    transitions = [
        Transition("submit", "提交推荐", sources=[MS.DRAFT, MS.RETURNED],
                   target=lambda obj, ctx: MS.RECOMMENDED if obj.nominator_level == "city" else MS.SUBMITTED,
                   permission="recognition.add_commendation", levels=["county", "city"], actor=own_nomination,
                   guard=nomination_complete, effect=nominated,
                   notify=lambda obj, user, t: office_staff(
                       obj.region_path, LEVEL_ABOVE[obj.nominator_level],
                       "recognition.approve_commendation" if obj.nominator_level == "city"
                       else "recognition.review_commendation"),
                   confirm="确认提交该表彰推荐？提交后不能修改。"),
        Transition("city_approve", "审核通过并上报", sources=[MS.SUBMITTED], target=MS.RECOMMENDED,
                   permission="recognition.review_commendation", levels=["city"], effect=city_approved,
                   notify=lambda obj, user, t: office_staff(obj.region_path, "province",
                                                            "recognition.approve_commendation"),
                   confirm="确认审核通过并报省级审定？可填写审核意见。", style="success"),
        Transition("return", "退回", sources=[MS.SUBMITTED], target=MS.RETURNED,
                   permission="recognition.review_commendation", levels=["city"], reason_required=True,
                   effect=commendation_returned, notify=creator, confirm="确认退回该推荐？请写明退回理由。",
                   style="warning"),
        Transition("province_return", "省级退回", sources=[MS.RECOMMENDED], target=MS.RETURNED,
                   permission="recognition.approve_commendation", levels=["province"], reason_required=True,
                   effect=commendation_returned, notify=creator, confirm="确认退回该推荐？请写明退回理由。",
                   style="warning"),
        Transition("approve", "审定表彰", sources=[MS.RECOMMENDED], target=MS.APPROVED,
                   permission="recognition.approve_commendation", levels=["province"], effect=approved,
                   notify=creator, confirm="确认批准表彰，列入本年度表彰名单？", style="success"),
    ]
