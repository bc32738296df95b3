"""The assessment workflow: one transition function, one stage table.

Every state change of a sheet (submit, return, accept, conclude) goes through `transition()`: it checks
that this user may take this action at this stage (the stage table below is the permission table),
writes the change with its reason into the audit trail (simple-history) and notifies the people
concerned. Item-level review (accept / adjust one indicator) goes through `review_item()`, which checks
the same table. Nothing here trusts the caller: views only translate a `WorkflowError` into a message.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.scoping import is_visible
from apps.enterprises.models import CreationRecord, Subject

from .models import Assessment, AssessmentItem

S = Assessment.Status


class WorkflowError(Exception):
    """A refused action, with the reason in plain Chinese; nothing was changed."""

    def __init__(self, message, missing=()):
        super().__init__(message)
        self.missing = list(missing)


# ---------------------------------------------------------------- who is who on a sheet

def is_filler(user, assessment):
    """May fill in (and submit) the sheet's own column."""
    if not user.is_authenticated or not is_visible(user, assessment):
        return False
    if assessment.kind == Assessment.Kind.THIRD_PARTY:
        return user.kind == user.Kind.AGENCY and user.agency_id == assessment.agency_id
    if assessment.kind == Assessment.Kind.SELF and assessment.subject.kind == Subject.Kind.ENTERPRISE:
        return user.kind == user.Kind.ENTERPRISE and user.enterprise_id is not None
    # tripartite sheets, and self-assessments of parks and townships (no accounts of their own)
    return user.kind == user.Kind.STAFF and user.has_perm("evaluations.change_assessment")


REVIEW_LEVELS = {
    Assessment.Kind.SELF: ("county", "township"),
    Assessment.Kind.TRIPARTITE: ("county", "township"),
    Assessment.Kind.THIRD_PARTY: ("province", "city", "county"),
}
REVIEW_LEVEL_WORDS = {
    Assessment.Kind.SELF: "县（市、区）或乡镇（街道）",
    Assessment.Kind.TRIPARTITE: "县（市、区）或乡镇（街道）",
    Assessment.Kind.THIRD_PARTY: "省、市、县三方办",
}


def reviewer_problem(user, assessment):
    """Why this user may not review the sheet, or '' when they may."""
    if not user.is_authenticated or user.kind != user.Kind.STAFF or not user.office_id:
        return "只有三方办审核人员可以审核评估表。"
    if not is_visible(user, assessment):
        return "该评估表不在您的管辖区域内。"
    if not user.has_perm("evaluations.review_assessment"):
        return "您没有审核评估表的权限。"
    if user.region.level not in REVIEW_LEVELS[assessment.kind]:
        return f"{assessment.get_kind_display()}由{REVIEW_LEVEL_WORDS[assessment.kind]}审核。"
    return ""


def is_reviewer(user, assessment):
    return reviewer_problem(user, assessment) == ""


# ---------------------------------------------------------------- scoring rules

@dataclass
class Result:
    total: Decimal
    veto_failed: bool
    veto_items: list
    ballot_problem: str
    passed: bool
    status: str
    grade: str


def compute_result(assessment, items=None, column="final"):
    """The pass rule: total ≥ pass mark, no veto situation, and a valid ballot at or above the threshold
    (enterprise self-assessments). Any failed veto → 一票否决 whatever the total."""
    iset = assessment.indicator_set
    items = items if items is not None else list(assessment.items.select_related("indicator"))
    total = Decimal(0)
    veto_items = []
    for item in items:
        if item.indicator.is_veto:
            failed = item.final_veto if column == "final" else item.self_veto
            if failed:
                veto_items.append(item)
        else:
            score = item.final_score if column == "final" else item.self_score
            total += score or 0
    ballot_problem = ""
    ballot_veto = False
    if assessment.needs_ballot:
        ballot = getattr(assessment, "ballot", None) if hasattr(assessment, "ballot") else None
        if ballot is None:
            ballot_problem = "未开展职工满意度测评。"
        elif not ballot.is_valid:
            ballot_problem = (f"职工满意度测评参与率 {ballot.turnout:.1f}%，未达到 {iset.ballot_turnout}% 的有效比例"
                              if ballot.method == ballot.Method.PAPER or ballot.status == ballot.Status.CLOSED
                              else "职工满意度线上测评尚未结束。")
        elif not ballot.is_satisfied:
            ballot_problem = f"职工满意率 {ballot.satisfaction:.1f}%，低于 {iset.satisfaction_threshold}%。"
            ballot_veto = True
    veto_failed = bool(veto_items) or ballot_veto
    passed = not veto_failed and not ballot_problem and total >= iset.pass_mark
    status = S.VETOED if veto_failed else (S.PASSED if passed else S.NOT_PASSED)
    return Result(total=total, veto_failed=veto_failed, veto_items=veto_items, ballot_problem=ballot_problem,
                  passed=passed, status=status, grade=iset.grade_for(total) if passed else "")


def missing_items(assessment):
    """What still has to be answered or evidenced before the sheet may be submitted."""
    missing = []
    items = assessment.items.select_related("indicator").prefetch_related("evidence")
    for item in items:
        label = f"{item.indicator.code} {item.indicator.name}"
        if not item.is_answered:
            missing.append(f"{label}：未填写{'是否存在否决情形' if item.indicator.is_veto else '自评分'}")
        elif (item.indicator.evidence_required and assessment.kind == Assessment.Kind.SELF
              and not item.evidence.all()):
            missing.append(f"{label}：须上传佐证材料")
    if assessment.needs_ballot:
        ballot = getattr(assessment, "ballot", None) if hasattr(assessment, "ballot") else None
        if ballot is None:
            missing.append("职工满意度测评：尚未录入纸质测评结果或开展线上测评")
        elif ballot.method == ballot.Method.ONLINE and ballot.status != ballot.Status.CLOSED:
            missing.append("职工满意度测评：线上测评尚未结束")
        elif ballot.method == ballot.Method.PAPER and not ballot.minutes:
            missing.append("职工满意度测评：须上传测评会议记录")
    return missing


# ---------------------------------------------------------------- the stage table

@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    actor: str  # "filler" or "reviewer"
    needs_reason: bool = False


TRANSITIONS = {
    "submit": Transition("submit", "提交", (S.DRAFT, S.RETURNED), "filler"),
    "return": Transition("return", "退回修改", (S.SUBMITTED,), "reviewer", needs_reason=True),
    "accept": Transition("accept", "全部采纳自评分", (S.SUBMITTED,), "reviewer"),
    "conclude": Transition("conclude", "审核通过并出具结论", (S.SUBMITTED,), "reviewer"),
}


def allowed_actions(user, assessment):
    actions = []
    for t in TRANSITIONS.values():
        if assessment.status in t.sources and _actor_ok(user, assessment, t):
            actions.append(t)
    return actions


def _actor_ok(user, assessment, t):
    return is_filler(user, assessment) if t.actor == "filler" else is_reviewer(user, assessment)


def _stage_check(user, assessment, t):
    if t.actor == "filler" and not is_filler(user, assessment):
        raise WorkflowError("您不能填报或提交此评估表。")
    if t.actor == "reviewer":
        problem = reviewer_problem(user, assessment)
        if problem:
            raise WorkflowError(problem)
    if assessment.status not in t.sources:
        if t.name == "submit" and assessment.status == S.SUBMITTED:
            raise WorkflowError("评估表已提交并锁定，不能重复提交；如需修改，请联系审核单位退回。")
        raise WorkflowError(f"评估表当前为“{assessment.get_status_display()}”，不能{t.label}。")


def _recipients(assessment, t):
    from apps.accounts.models import User

    if t.actor == "filler":  # tell the reviewers of the area
        region = assessment.subject.region
        paths = [p for p in _ancestor_paths(region.path)]
        users = User.objects.filter(is_active=True, kind=User.Kind.STAFF, office__region__path__in=paths,
                                    office__region__level__in=REVIEW_LEVELS[assessment.kind],
                                    groups__permissions__codename="review_assessment").distinct()
        return list(users)
    if assessment.kind == Assessment.Kind.THIRD_PARTY and assessment.agency_id:
        return list(assessment.agency.accounts.filter(is_active=True))
    if assessment.subject.kind == Subject.Kind.ENTERPRISE and assessment.kind == Assessment.Kind.SELF:
        return list(User.objects.filter(is_active=True, enterprise__subject=assessment.subject_id))
    return [assessment.created_by] if assessment.created_by else []


def _ancestor_paths(path):
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


@transaction.atomic
def transition(assessment, action, user, reason=""):
    """Take a workflow step on a sheet. Raises WorkflowError (nothing changed) when refused."""
    from apps.documents.services import notify

    t = TRANSITIONS.get(action)
    if t is None:
        raise WorkflowError("未知操作。")
    assessment = Assessment.objects.select_for_update().select_related("indicator_set", "subject").get(
        pk=assessment.pk)
    _stage_check(user, assessment, t)
    reason = (reason or "").strip()
    if t.needs_reason and not reason:
        raise WorkflowError(f"{t.label}须填写理由。")
    now = timezone.now()
    items = list(assessment.items.select_related("indicator"))

    if action == "submit":
        missing = missing_items(assessment)
        if missing:
            raise WorkflowError("评估表尚不完整，不能提交：", missing=missing)
        assessment.self_total = compute_result(assessment, items, column="self").total
        assessment.status = S.SUBMITTED
        assessment.submitted_at = now
        assessment.return_reason = ""
        # every item goes back to the reviewer: a resubmitted sheet is reviewed afresh
        AssessmentItem.objects.filter(assessment=assessment).update(review_status=AssessmentItem.ReviewStatus.PENDING)
        _touch_creation_record(assessment, user, CreationRecord.Status.SELF_ASSESSING,
                               only_from=(CreationRecord.Status.NOT_STARTED, CreationRecord.Status.CREATING))
        change = f"提交评估表（自评合计 {assessment.self_total} 分）"
    elif action == "return":
        assessment.status = S.RETURNED
        assessment.return_reason = reason
        assessment.reviewed_by = user
        change = f"退回修改：{reason}"
    elif action == "accept":
        pending = [i for i in items if i.review_status == AssessmentItem.ReviewStatus.PENDING]
        for item in pending:
            item.review_status = AssessmentItem.ReviewStatus.ACCEPTED
            item.review_score, item.review_veto = item.self_score, item.self_veto
            item._change_reason = "审核采纳"
            item.save()
        assessment.reviewed_by = user
        change = f"全部采纳其余 {len(pending)} 项自评分"
    else:  # conclude
        pending = [i for i in items if i.review_status == AssessmentItem.ReviewStatus.PENDING]
        if pending:
            raise WorkflowError(f"尚有 {len(pending)} 项未审核，请逐项采纳或调整后再出具结论。",
                                missing=[f"{i.indicator.code} {i.indicator.name}" for i in pending])
        result = compute_result(assessment, items)
        assessment.final_total = result.total
        assessment.veto_failed = result.veto_failed
        assessment.grade = result.grade
        assessment.status = result.status
        assessment.concluded_at = now
        assessment.reviewed_by = user
        words = [f"最终得分 {result.total} 分"]
        if result.veto_items:
            words.append("一票否决：" + "、".join(i.indicator.name for i in result.veto_items))
        if result.ballot_problem:
            words.append(result.ballot_problem)
        assessment.conclusion = "；".join(words + ([reason] if reason else []))
        if result.passed:
            _touch_creation_record(assessment, user, CreationRecord.Status.QUALIFIED,
                                   only_from=(CreationRecord.Status.NOT_STARTED, CreationRecord.Status.CREATING,
                                              CreationRecord.Status.SELF_ASSESSING))
        change = f"出具结论：{assessment.get_status_display()}（{assessment.conclusion}）"
    assessment._change_reason = change[:100]
    assessment.save()

    recipients = [u for u in _recipients(assessment, t) if u.pk != user.pk]
    if recipients:
        notify(recipients, f"{assessment}：{t.label}" if action != "conclude"
               else f"{assessment}：{assessment.get_status_display()}",
               body=change, url=reverse("evaluations:assessment_detail", args=[assessment.pk]),
               level="warning" if action == "return" or assessment.status in (S.NOT_PASSED, S.VETOED) else "info")
    return assessment


def _touch_creation_record(assessment, user, status, only_from):
    """The result updates the subject's creation record for the year (a pass makes it 达标)."""
    if assessment.kind == Assessment.Kind.THIRD_PARTY and status != CreationRecord.Status.QUALIFIED:
        return
    record, _ = CreationRecord.objects.get_or_create(subject_id=assessment.subject_id, year=assessment.year,
                                                     defaults={"updated_by": user})
    if record.status in only_from:
        record.status = status
        record.updated_by = user
        record._change_reason = f"{assessment.get_kind_display()}：{Assessment.Status(assessment.status).label}"
        record.save()


# ---------------------------------------------------------------- filling and reviewing items

def save_self_item(item, user, score=None, veto=None, explanation=""):
    """The filler's answer to one item (validated by the form; the stage is checked here)."""
    assessment = item.assessment
    if not is_filler(user, assessment):
        raise WorkflowError("您不能填报此评估表。")
    if not assessment.is_editable:
        raise WorkflowError("评估表已提交并锁定，不能修改。")
    if item.indicator.is_veto:
        item.self_veto = veto
    else:
        item.self_score = score
    item.explanation = explanation
    item._change_reason = "填报"
    item.save()
    return item


@transaction.atomic
def review_item(item, user, action, score=None, veto=None, comment=""):
    """Accept the filler's answer, or adjust it with a reason."""
    assessment = Assessment.objects.select_for_update().get(pk=item.assessment_id)
    problem = reviewer_problem(user, assessment)
    if problem:
        raise WorkflowError(problem)
    if assessment.status != S.SUBMITTED:
        raise WorkflowError(f"评估表当前为“{assessment.get_status_display()}”，不能审核。")
    comment = (comment or "").strip()
    if action == "accept":
        item.review_status = AssessmentItem.ReviewStatus.ACCEPTED
        item.review_score, item.review_veto = item.self_score, item.self_veto
        item.review_comment = comment
        item._change_reason = "审核采纳"
    elif action == "adjust":
        if not comment:
            raise WorkflowError("调整分数须填写理由。")
        if item.indicator.is_veto:
            if veto is None:
                raise WorkflowError("请选择是否存在否决情形。")
            item.review_veto, item.review_score = veto, None
        else:
            if score is None or score < 0 or score > item.indicator.max_points:
                raise WorkflowError(f"审核分须在 0 至 {item.indicator.max_points} 分之间。")
            item.review_score, item.review_veto = score, None
        item.review_status = AssessmentItem.ReviewStatus.ADJUSTED
        item.review_comment = comment
        item._change_reason = f"审核调整：{comment}"[:100]
    else:
        raise WorkflowError("未知操作。")
    item.save()
    return item
