"""The assessment workflow, declared on the one workflow mechanism (apps/core/workflow.py).

Two stage tables, because who reviews depends on the kind of sheet: self-assessments and tripartite sheets are
reviewed by the county or township, third-party sheets by the province, city or county that entrusted them.
Every state change of a sheet (submit, return, accept, conclude) is `perform(sheet, name, user, reason)`:
lock → scope → state → kind, role and level → guard → write → history with reason → notify. A concluded sheet
writes the year's creation ledger (达标 / 未达标) through the conclude step's effect, with history. Item-level
review (accept / adjust one indicator) goes through `review_item()`, which asks the same table who reviews.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.core.workflow import Transition, Workflow, WorkflowError, register
from apps.enterprises.models import CreationRecord, Subject

from .models import Assessment, AssessmentItem

S = Assessment.Status
REVIEW = "evaluations.review_assessment"

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
            ballot_problem = (f"职工满意度测评参与率 {ballot.turnout:.1f}%，未达到有效比例（职工的三分之二以上，且不低于 "
                              f"{iset.ballot_turnout}%）"
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


# ---------------------------------------------------------------- the stage tables

def filler_problem(assessment, user):
    """Who fills in (and submits) a sheet's own column; the kind of user is checked by the table."""
    if assessment.kind == Assessment.Kind.THIRD_PARTY:
        return "" if user.agency_id and user.agency_id == assessment.agency_id else "该评估表未委托给您的机构。"
    if assessment.kind == Assessment.Kind.SELF and assessment.subject.kind == Subject.Kind.ENTERPRISE:
        return "" if user.kind == user.Kind.ENTERPRISE and user.enterprise_id else "企业自评由企业账号填报。"
    # tripartite sheets, and self-assessments of parks and townships (no accounts of their own)
    if user.kind == user.Kind.STAFF and user.has_perm("evaluations.change_assessment"):
        return ""
    return "您不能填报或提交此评估表。"


def complete_guard(assessment, user, ctx):
    missing = missing_items(assessment)
    if missing:
        raise WorkflowError("评估表尚不完整，不能提交：", missing=missing)


def submit_effect(assessment, user, reason, ctx):
    items = list(assessment.items.select_related("indicator"))
    assessment.self_total = compute_result(assessment, items, column="self").total
    assessment.submitted_at = timezone.now()
    assessment.return_reason = ""
    # every item goes back to the reviewer: a resubmitted sheet is reviewed afresh
    AssessmentItem.objects.filter(assessment=assessment).update(review_status=AssessmentItem.ReviewStatus.PENDING)
    if assessment.kind != Assessment.Kind.THIRD_PARTY:
        record_year(assessment, user, CreationRecord.Status.SELF_ASSESSING,
                    only_from=(CreationRecord.Status.NOT_STARTED, CreationRecord.Status.CREATING))
    return f"提交评估表（自评合计 {assessment.self_total} 分）"


def return_effect(assessment, user, reason, ctx):
    assessment.return_reason = reason
    assessment.reviewed_by = user
    return f"退回修改：{reason}"


def accept_effect(assessment, user, reason, ctx):
    pending = list(assessment.items.select_related("indicator").filter(
        review_status=AssessmentItem.ReviewStatus.PENDING))
    for item in pending:
        item.review_status = AssessmentItem.ReviewStatus.ACCEPTED
        item.review_score, item.review_veto = item.self_score, item.self_veto
        item._change_reason = "审核采纳"
        item.save()
    assessment.reviewed_by = user
    return f"全部采纳其余 {len(pending)} 项自评分"


def conclude_guard(assessment, user, ctx):
    items = list(assessment.items.select_related("indicator"))
    pending = [i for i in items if i.review_status == AssessmentItem.ReviewStatus.PENDING]
    if pending:
        raise WorkflowError(f"尚有 {len(pending)} 项未审核，请逐项采纳或调整后再出具结论。",
                            missing=[f"{i.indicator.code} {i.indicator.name}" for i in pending])
    ctx["result"] = compute_result(assessment, items)


def conclude_effect(assessment, user, reason, ctx):
    result = ctx["result"]
    assessment.final_total = result.total
    assessment.veto_failed = result.veto_failed
    assessment.grade = result.grade
    assessment.concluded_at = timezone.now()
    assessment.reviewed_by = user
    words = [f"最终得分 {result.total} 分"]
    if result.veto_items:
        words.append("一票否决：" + "、".join(i.indicator.name for i in result.veto_items))
    if result.ballot_problem:
        words.append(result.ballot_problem)
    assessment.conclusion = "；".join(words + ([reason] if reason else []))
    # the year's ledger follows the concluded sheet: a pass makes it 达标 (a 示范 year stays 示范),
    # anything else — a veto above all — makes it 未达标, whatever it said before
    if result.passed:
        record_year(assessment, user, CreationRecord.Status.QUALIFIED,
                    only_from=(CreationRecord.Status.NOT_STARTED, CreationRecord.Status.CREATING,
                               CreationRecord.Status.SELF_ASSESSING, CreationRecord.Status.NOT_PASSED))
    else:
        record_year(assessment, user, CreationRecord.Status.NOT_PASSED,
                    only_from=[s for s in CreationRecord.Status.values if s != CreationRecord.Status.NOT_PASSED])
    return f"出具结论：{Assessment.Status(result.status).label}（{assessment.conclusion}）"


def record_year(assessment, user, status, only_from):
    """Move the subject's creation record of the sheet's year through the ledger workflow's system step
    (apps/enterprises/workflow.py; history names the sheet that moved it and the person who acted)."""
    from apps.enterprises.workflow import LedgerWorkflow

    step = {CreationRecord.Status.SELF_ASSESSING: "self_assessing", CreationRecord.Status.QUALIFIED: "qualify",
            CreationRecord.Status.NOT_PASSED: "not_pass"}[status]
    record, _ = CreationRecord.objects.get_or_create(
        subject_id=assessment.subject_id, year=assessment.year, defaults={"updated_by": user})
    if record.status in only_from and record.status != status:
        LedgerWorkflow.perform_system(
            record, step, by=user,
            reason=f"{assessment.get_kind_display()}{Assessment.Status(assessment.status).label}")


def reviewers_of(assessment, user, t):
    """The reviewers of the sheet's area, at the levels that review this kind of sheet."""
    from apps.core.policy import users_with

    workflow = sheet_workflow(assessment)
    review = workflow.transition("conclude")
    return list(users_with("evaluations.review_assessment", over=assessment.subject.region.path,
                           levels=review.levels or ("none",)))


def fillers_of(assessment, user, t):
    from apps.accounts.models import User

    if assessment.kind == Assessment.Kind.THIRD_PARTY and assessment.agency_id:
        return list(assessment.agency.accounts.filter(is_active=True))
    if assessment.subject.kind == Subject.Kind.ENTERPRISE and assessment.kind == Assessment.Kind.SELF:
        return list(User.objects.filter(is_active=True, enterprise__subject=assessment.subject_id))
    return [assessment.created_by] if assessment.created_by else []


def sheet_transitions(filler_kinds, review_levels):
    review = {"kinds": ("staff",), "permission": REVIEW, "levels": review_levels, "notify": fillers_of}
    return [
        Transition("submit", "提交", sources=[S.DRAFT, S.RETURNED], target=S.SUBMITTED, kinds=filler_kinds,
                   actor=filler_problem, guard=complete_guard, effect=submit_effect, notify=reviewers_of,
                   confirm="提交后评估表将锁定，不能再修改。确定提交？"),
        Transition("return", "退回修改", sources=[S.SUBMITTED], target=S.RETURNED, reason_required=True,
                   effect=return_effect, style="warning", confirm="确定退回整张评估表？", **review),
        Transition("accept", "全部采纳自评分", sources=[S.SUBMITTED], effect=accept_effect, **review),
        Transition("conclude", "审核通过并出具结论", sources=[S.SUBMITTED],
                   target=lambda obj, ctx: ctx["result"].status, guard=conclude_guard, effect=conclude_effect,
                   confirm="确定出具评估结论？结论出具后不能修改。", **review),
    ]


class SheetWorkflow(Workflow):
    model = Assessment
    state_field = "status"
    select_related = ("indicator_set", "subject__region")
    out_of_scope = "该评估表不在您的管辖区域内。"
    sheet_kinds: tuple = ()
    review_words = ""

    @classmethod
    def problem(cls, obj, t, user, check_state=True):
        if obj.kind not in cls.sheet_kinds:
            return f"{obj.get_kind_display()}不适用“{cls.label}”。"
        return super().problem(obj, t, user, check_state=check_state)

    @classmethod
    def state_problem(cls, obj, t, state):
        if t.name == "submit" and state == S.SUBMITTED:
            return "当前状态为“待审核”，评估表已提交并锁定，不能重复提交；如需修改，请联系审核单位退回。"
        return f"评估表当前状态为“{cls.state_label(state)}”，不能{t.label}。"

    @classmethod
    def level_problem(cls, obj, t):
        return f"{obj.get_kind_display()}由{cls.review_words}审核。"

    @classmethod
    def send(cls, obj, t, recipients, change):
        from django.urls import reverse

        from apps.documents.services import notify

        concluded = t.name == "conclude"
        notify(recipients, f"{obj}：{obj.get_status_display() if concluded else t.label}", body=change,
               url=reverse("evaluations:assessment_detail", args=[obj.pk]),
               level="warning" if t.name == "return" or obj.status in (S.NOT_PASSED, S.VETOED) else "info")


@register
class AssessmentWorkflow(SheetWorkflow):
    name = "evaluations.assessment"
    label = "自评与三方评估"
    sheet_kinds = (Assessment.Kind.SELF, Assessment.Kind.TRIPARTITE)
    review_words = "县（市、区）或乡镇（街道）"
    transitions = sheet_transitions(("enterprise", "staff"), ("county", "township"))


@register
class ThirdPartyWorkflow(SheetWorkflow):
    name = "evaluations.third_party"
    label = "第三方评估"
    sheet_kinds = (Assessment.Kind.THIRD_PARTY,)
    review_words = "省、市、县三方办"
    transitions = sheet_transitions(("agency",), ("province", "city", "county"))


def sheet_workflow(assessment):
    return ThirdPartyWorkflow if assessment.kind == Assessment.Kind.THIRD_PARTY else AssessmentWorkflow


def perform(assessment, name, user, reason=""):
    """Take a step on a sheet through its stage table. Raises WorkflowError (nothing changed) when refused."""
    return sheet_workflow(assessment).perform(assessment, name, user, reason=reason)


def available(assessment, user):
    """The steps this user may take on the sheet now (the buttons)."""
    return sheet_workflow(assessment).available(assessment, user)


def is_filler(user, assessment):
    """May fill in (and submit) the sheet's own column, whatever its state."""
    workflow = sheet_workflow(assessment)
    return workflow.problem(assessment, workflow.transition("submit"), user, check_state=False) == ""


def reviewer_problem(user, assessment):
    """Why this user may not review the sheet, or '' when they may (whatever its state)."""
    workflow = sheet_workflow(assessment)
    return workflow.problem(assessment, workflow.transition("conclude"), user, check_state=False)


def is_reviewer(user, assessment):
    return reviewer_problem(user, assessment) == ""


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
