"""Evidence files, the workers' satisfaction ballot, third-party assignment and the spot-check draw."""

import math
import random
import secrets
from collections import Counter as Tally

from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse

from apps.core.attachments import check_upload  # noqa: F401 - the one validator
from apps.core.querying import current_year
from apps.enterprises.models import CreationRecord

from .models import Assessment, BallotAnswer, BallotCode, Evidence, SatisfactionBallot, SpotCheck, SpotCheckItem


def add_evidence(item, upload, user):
    from .workflow import WorkflowError, is_filler

    if not is_filler(user, item.assessment):
        raise WorkflowError("您不能为此评估表上传材料。")
    if not item.assessment.is_editable:
        raise WorkflowError("评估表已提交并锁定，不能上传材料。")
    file_type = check_upload(upload)
    return Evidence.objects.create(item=item, file=upload, original_name=upload.name[-200:], file_type=file_type,
                                   size=upload.size, uploaded_by=user)


# ---------------------------------------------------------------- satisfaction ballot

QUESTIONS = [
    ("contract", "企业依法与您签订劳动合同、按时足额支付工资"),
    ("rest", "企业依法安排工作时间和休息休假"),
    ("safety", "企业的劳动安全卫生条件和劳动保护"),
    ("voice", "您通过职代会、工会等渠道反映意见的顺畅程度"),
    ("overall", "总体上，您对本企业劳动关系状况的满意程度"),
]
ANSWERS = [("satisfied", "满意"), ("basic", "基本满意"), ("unsatisfied", "不满意")]
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


BALLOT_DAYS = 14  # an online ballot closes by itself this long after it opens, unless the county closes it first


class BallotSizeRefused(Exception):
    pass


def ledger_headcount(assessment):
    """The ledger's 职工人数 of the enterprise the ballot judges (None when it has none)."""
    enterprise = getattr(assessment.subject, "enterprise", None)
    return enterprise.employee_count if enterprise is not None and enterprise.employee_count else None


def online_ballot_size(assessment, user, requested=None, reason=""):
    """How many codes an online ballot issues, and the reason kept in 变更记录: the ledger's headcount; another
    number only by the county (or township) reviewer of the sheet, with a reason."""
    from .workflow import reviewer_problem

    headcount = ledger_headcount(assessment)
    if requested is None or requested == headcount:
        if not headcount:
            raise BallotSizeRefused("企业台账未登记职工人数：请先在企业信息中登记，或由县（市、区）三方办审核人员"
                                    "填写测评码数量并说明原因。")
        return headcount, f"按企业台账职工人数发放 {headcount} 个匿名测评码"
    if reviewer_problem(user, assessment):
        raise BallotSizeRefused(f"测评码数量按企业台账的职工人数（{headcount or 0} 人）发放；改为其他数量须由"
                                "县（市、区）三方办审核人员批准并说明原因。")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise BallotSizeRefused("请填写调整测评码数量的原因（至少 4 个字），原因记入变更记录。")
    return requested, f"经审核人员批准，测评码由台账职工人数 {headcount or 0} 人调整为 {requested} 个：{reason}"[:100]


@transaction.atomic
def open_online_ballot(assessment, eligible, *, reason="", deadline=None):
    """Issue one one-time code per eligible worker; the ballot closes at its deadline (or by the county)."""
    from django.utils import timezone

    ballot = SatisfactionBallot(assessment=assessment, method=SatisfactionBallot.Method.ONLINE, eligible=eligible,
                                deadline=deadline or timezone.now() + timezone.timedelta(days=BALLOT_DAYS))
    ballot._change_reason = reason or f"发放 {eligible} 个匿名测评码"
    ballot.save()
    codes = set()
    while len(codes) < eligible:
        codes.add(new_code())
    BallotCode.objects.bulk_create([BallotCode(ballot=ballot, code=c) for c in codes])
    return ballot


def close_if_due(ballot):
    """Close an online ballot whose deadline has passed (pages, the answer page and a periodic task call it)."""
    from django.utils import timezone

    if (ballot is not None and ballot.status == SatisfactionBallot.Status.OPEN and ballot.deadline
            and ballot.deadline <= timezone.now()):
        close_ballot(ballot, reason="截止时间已到，自动结束")
        return True
    return False


def close_due_ballots():
    from django.utils import timezone

    due = SatisfactionBallot.objects.filter(status=SatisfactionBallot.Status.OPEN, deadline__lte=timezone.now())
    return sum(close_if_due(ballot) for ballot in due.select_related("assessment"))


class BallotRefused(Exception):
    pass


def find_open_code(code):
    code = (code or "").strip().upper().replace(" ", "")
    row = BallotCode.objects.select_related("ballot__assessment__subject").filter(code=code).first()
    if row is None:
        raise BallotRefused("测评码不存在，请核对后重新输入。")
    if row.used:
        raise BallotRefused("该测评码已经使用过，每个测评码只能答卷一次。")
    close_if_due(row.ballot)
    if row.ballot.status != SatisfactionBallot.Status.OPEN:
        raise BallotRefused("本次测评已经结束。")
    return row


def cast_ballot(code, answers):
    """Mark the code used and store the answers apart from it: nothing links the two. A ballot past its
    deadline is closed first (and stays closed: the refusal below does not undo it)."""
    code = (code or "").strip().upper().replace(" ", "")
    row = BallotCode.objects.select_related("ballot__assessment").filter(code=code).first()
    if row is not None:
        close_if_due(row.ballot)
    _cast(code, answers)


@transaction.atomic
def _cast(code, answers):
    from django.utils import timezone

    updated = BallotCode.objects.filter(code=code, used=False, ballot__status=SatisfactionBallot.Status.OPEN).filter(
        Q(ballot__deadline__isnull=True) | Q(ballot__deadline__gt=timezone.now())).update(used=True)
    if not updated:
        find_open_code(code)  # raises the precise reason
        raise BallotRefused("该测评码已经使用过，每个测评码只能答卷一次。")
    ballot_id = BallotCode.objects.filter(code=code).values_list("ballot_id", flat=True).get()
    satisfied = answers.get("overall") in ("satisfied", "basic")
    BallotAnswer.objects.create(ballot_id=ballot_id, answers=answers, satisfied=satisfied)
    SatisfactionBallot.objects.filter(pk=ballot_id).update(
        respondents=F("respondents") + 1, satisfied=F("satisfied") + (1 if satisfied else 0))


# ---- who handles the codes: the county office, never the enterprise the ballot judges

DISTRIBUTOR_LEVELS = ("county", "township")


def code_distributor_problem(user, assessment):
    """Why this user may not see or print the ballot's codes, or '' when they may.

    Codes reach workers through the office of the enterprise's county (or township): its staff print them
    and hand them out, directly or through the union office of the area. The enterprise account judged by
    the ballot never sees a code, so it cannot answer for its workers.
    """
    from apps.core.scoping import is_visible

    if not user.is_authenticated or user.kind != user.Kind.STAFF or not user.office_id:
        return "测评码由县（市、区）三方办或总工会打印分发，企业账号看不到测评码。"
    if not is_visible(user, assessment):
        return "该评估表不在您的管辖区域内。"
    if user.region.level not in DISTRIBUTOR_LEVELS:
        return "测评码由企业所在县（市、区）或乡镇（街道）的三方办分发。"
    if not user.has_perm("evaluations.view_assessment"):
        return "您没有查看评估表的权限。"
    return ""


def union_offices_for(assessment):
    """The union offices (总工会 / 工会) of the enterprise's county and township that have staff accounts:
    the union route by which codes can reach the workers."""
    from apps.accounts.models import MemberUnit, Office

    codes = assessment.subject.region.path.strip("/").split("/")  # the region and every one above it
    return list(Office.objects.filter(member_unit=MemberUnit.UNION, region__code__in=codes,
                                      region__level__in=DISTRIBUTOR_LEVELS, users__is_active=True)
                .select_related("region").distinct())


def ballot_counts(ballot):
    """What everyone may see of an online ballot's codes: how many were issued, used and remain."""
    counts = ballot.codes.aggregate(issued=Count("id"), used=Count("id", filter=Q(used=True)))
    counts["remaining"] = counts["issued"] - counts["used"]
    return counts


class BallotCancelRefused(Exception):
    pass


@transaction.atomic
def cancel_ballot(ballot, user, reason):
    """撤销 a ballot so that it can be held again: only the county reviewer, always with a reason, which the
    ballot's 变更记录 keeps (the history row of the deletion) and the enterprise is told."""
    from apps.documents.services import notify

    from .workflow import reviewer_problem

    problem = reviewer_problem(user, ballot.assessment)
    if problem:
        raise BallotCancelRefused("只有县（市、区）三方办的审核人员可以撤销满意度测评。" + problem)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise BallotCancelRefused("请填写撤销原因（至少 4 个字），撤销原因记入变更记录。")
    if ballot.assessment.is_concluded:
        raise BallotCancelRefused("评估已有结论，不能撤销测评。")
    answered = ballot.respondents
    ballot._change_reason = f"撤销测评（已有 {answered} 人参加）：{reason}"[:100]
    assessment = ballot.assessment
    ballot.delete()
    accounts = list(assessment.subject.enterprise.accounts.filter(is_active=True)) \
        if hasattr(assessment.subject, "enterprise") else []
    if accounts:
        notify(accounts, "职工满意度测评已被撤销", body=f"撤销原因：{reason}",
               url=reverse("evaluations:ballot_manage", args=[assessment.pk]), level="warning")


def ballot_log(assessment):
    """The 变更记录 of the assessment's ballots, cancelled ones included (their rows outlive them)."""
    from apps.core.audit import ACTIONS

    records = SatisfactionBallot.history.filter(assessment_id=assessment.pk).select_related(
        "history_user").order_by("-history_date", "-history_id")[:50]
    return [{"when": r.history_date, "action": ACTIONS.get(r.history_type, r.history_type),
             "who": (r.history_user.get_full_name() if r.history_user else "系统"),
             "reason": r.history_change_reason or "", "method": r.get_method_display(),
             "status": r.get_status_display()} for r in records]


def close_ballot(ballot, reason=""):
    counts = ballot.answers.aggregate(n=Count("id"), s=Count("id", filter=Q(satisfied=True)))
    ballot.respondents, ballot.satisfied = counts["n"], counts["s"]
    ballot.status = SatisfactionBallot.Status.CLOSED
    ballot._change_reason = (f"结束线上测评（{reason}）" if reason else "结束线上测评") + \
        f"：{ballot.respondents} 人参加，{ballot.satisfied} 人满意"
    ballot.save()
    return ballot


def ballot_closer_problem(user, assessment):
    """Why this user may not close an online ballot early, or '' when they may: the county office of the
    enterprise (the enterprise never closes its own ballot; it closes by itself at its deadline)."""
    problem = code_distributor_problem(user, assessment)
    if problem:
        return "线上测评到截止时间自动结束，或由企业所在县（市、区）三方办提前结束。"
    if user.region.level != "county":
        return "线上测评由企业所在县（市、区）三方办提前结束。"
    return ""


def paper_recorder_problem(user, assessment):
    """Why this user may not enter a paper ballot's result, or '' when they may: the county or township office
    (the union's included) with the signed minutes — never the enterprise the ballot judges."""
    if code_distributor_problem(user, assessment):
        return "纸质测评结果由县（市、区）或乡镇（街道）三方办（或工会）凭签字的测评会议记录录入，企业不能自行录入。"
    return ""


def ballot_breakdown(ballot):
    """Answers per question (the only view of answers anyone gets: counts, never rows)."""
    tallies = {key: Tally() for key, _ in QUESTIONS}
    for answers in ballot.answers.values_list("answers", flat=True):
        for key in tallies:
            tallies[key][answers.get(key)] += 1
    return [{"question": text, "counts": [(label, tallies[key][value]) for value, label in ANSWERS]}
            for key, text in QUESTIONS]


# ---------------------------------------------------------------- third-party assignment

@transaction.atomic
def assign_agency(agency, subjects, year, user):
    """Open a third-party sheet per subject and grant it (and the subject) to the agency's accounts."""
    from guardian.shortcuts import assign_perm

    created = []
    for subject in subjects:
        assessment = Assessment.start(subject, year, Assessment.Kind.THIRD_PARTY, user, agency=agency)
        for perm in ("evaluations.view_assessment", "evaluations.change_assessment"):
            assign_perm(perm, agency.group, assessment)
        assign_perm("enterprises.view_subject", agency.group, subject)
        created.append(assessment)
    return created


# ---------------------------------------------------------------- spot checks

def spot_check_population(user, year, target, region):
    """What can be drawn, in a fixed order (so that the same seed gives the same sample)."""
    from apps.regions.models import Region

    if target == SpotCheck.Target.LOCALITIES:
        # county-level units, 仙桃、潜江、天门、神农架林区 included (they have no counties beneath them)
        return list(Region.objects.inside(region.path).counties().order_by("code")
                    .values_list("pk", flat=True))
    return list(Assessment.objects.visible_to(user).filter(year=year, status__in=Assessment.CONCLUDED)
                .inside(region.path).order_by("subject_id").values_list("subject_id", flat=True).distinct())


def draw_sample(population, proportion, seed):
    """A reproducible sample: the same population, proportion and seed always give the same rows."""
    if not population:
        return []
    k = max(1, math.ceil(len(population) * float(proportion) / 100))
    return sorted(random.Random(seed).sample(sorted(population), min(k, len(population))))


@transaction.atomic
def draw_spot_check(user, year, target, proportion, seed=None, title=""):
    from apps.enterprises.models import Subject

    region = user.region
    seed = seed if seed is not None else secrets.randbelow(2**62)
    population = spot_check_population(user, year, target, region)
    chosen = draw_sample(population, proportion, seed)
    check = SpotCheck.objects.create(
        year=year, target=target, proportion=proportion, seed=seed, region=region, population=len(population),
        drawn_by=user, title=title or f"{year}年度{region.name}创建活动抽查（{proportion}%）")
    if target == SpotCheck.Target.LOCALITIES:
        rows = [SpotCheckItem(spot_check=check, region_id=pk) for pk in chosen]
    else:
        regions = dict(Subject.objects.filter(pk__in=chosen).values_list("pk", "region_id"))
        rows = [SpotCheckItem(spot_check=check, subject_id=pk, region_id=regions[pk]) for pk in chosen]
    SpotCheckItem.objects.bulk_create(rows)
    return check


def spot_check_summary(check):
    """Sampled, checked and problems found, by city (the second segment of the region path)."""
    from apps.regions.models import Region

    rows = {}
    for path, result in check.items.values_list("region__path", "result"):
        parts = path.split("/")
        city_code = parts[1] if len(parts) > 2 and parts[1] else parts[0]
        row = rows.setdefault(city_code, {"sampled": 0, "checked": 0, "discrepancy": 0})
        row["sampled"] += 1
        row["checked"] += result != SpotCheckItem.Result.PENDING
        row["discrepancy"] += result == SpotCheckItem.Result.DISCREPANCY
    names = dict(Region.objects.filter(code__in=rows).values_list("code", "name"))
    return [{"code": code, "name": names.get(code, code), **row} for code, row in sorted(rows.items())]


def ballot_codes_xlsx(ballot):
    from apps.core.spreadsheets import workbook_bytes

    codes = ballot.codes.order_by("code").values_list("code", flat=True)
    address = reverse("public:ballot")
    return workbook_bytes([("测评码", ["序号", "测评码", "答卷地址"],
                            ([n, code, address] for n, code in enumerate(codes, 1)))])


# ---------------------------------------------------------------- the enterprise's landing page

def self_assessment_task(enterprise):
    """What the enterprise has to do about this year's self-assessment, for its landing page: a sheet to fill
    (or to correct after a return), one to start, or one waiting for the county; None when nothing is due."""
    year = current_year()
    sheet = (Assessment.objects.filter(subject_id=enterprise.subject_id, year=year, kind=Assessment.Kind.SELF)
             .only("pk", "status", "return_reason").first())
    if sheet is None:
        taking_part = CreationRecord.objects.filter(
            subject_id=enterprise.subject_id, year=year,
            status__in=[CreationRecord.Status.CREATING, CreationRecord.Status.SELF_ASSESSING]).exists()
        return {"state": "start", "year": year} if taking_part else None
    if sheet.status in Assessment.EDITABLE:
        return {"state": sheet.status, "year": year, "sheet": sheet}
    if sheet.status == Assessment.Status.SUBMITTED:
        return {"state": "submitted", "year": year, "sheet": sheet}
    return None
