"""Demo assessments in every state for the demo enterprises of 江岸区, a demo agency with its account and
an entrusted third-party sheet, an online ballot with codes, and a spot check drawn by the province."""

import importlib
import random
from decimal import Decimal

from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from apps.accounts.demo import DEMO_PASSWORD
from apps.accounts.models import User
from apps.enterprises.models import CreationRecord, Enterprise
from apps.regions.models import Region

from . import services, workflow
from .models import Agency, Assessment, AssessmentItem, IndicatorSet, SatisfactionBallot

YEAR = 2026
AGENCY_ACCOUNT = "agency-demo"
PLAN = ["passed", "passed", "passed", "submitted", "submitted", "returned", "not_passed", "vetoed", "draft"]


def ensure_sets():
    if not IndicatorSet.objects.filter(version=1).exists():
        importlib.import_module("apps.evaluations.migrations.0002_first_indicator_sets").load(django_apps, None)


DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _demo_file(name):
    """A small real PDF in the media storage, so that demo evidence and minutes open."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(DEMO_PDF))
    return name


def load_demo(stdout):
    ensure_sets()
    enterprises = list(Enterprise.objects.filter(region__path__startswith="42/4201/420102/").select_related(
        "subject").order_by("pk")[:12])
    if not enterprises:
        stdout.write("  评估演示数据：尚无江岸区演示企业，跳过")
        return
    if Assessment.objects.filter(subject__in=[e.subject for e in enterprises], year=YEAR).exists():
        stdout.write("  评估演示数据已存在，跳过")
        return
    rng = random.Random(20261125)
    reviewer = User.objects.filter(username="420102-hrss-reviewer").first()
    account = User.objects.filter(kind=User.Kind.ENTERPRISE, enterprise__in=enterprises).first()
    account_enterprise = account.enterprise if account else None
    others = [e for e in enterprises if e != account_enterprise]
    made = {}
    if account_enterprise:  # the demo enterprise account finds its own sheet half filled, with an online ballot
        sheet = Assessment.start(account_enterprise.subject, YEAR, Assessment.Kind.SELF, account)
        _answer(sheet, rng, "draft", share=0.5)
        ballot = services.open_online_ballot(sheet, 30)
        for code in list(ballot.codes.values_list("code", flat=True))[:12]:
            services.cast_ballot(code, {"contract": "satisfied", "rest": rng.choice(["satisfied", "basic"]),
                                        "safety": "satisfied", "voice": rng.choice(["basic", "unsatisfied"]),
                                        "overall": rng.choice(["satisfied", "satisfied", "basic", "unsatisfied"])})
        made["draft"] = 1
    for enterprise, state in zip(others, PLAN, strict=False):
        sheet = Assessment.start(enterprise.subject, YEAR, Assessment.Kind.SELF, None)
        _answer(sheet, rng, state)
        _advance(sheet, state, reviewer, rng)
        made[state] = made.get(state, 0) + 1

    agency = _agency()
    passed = list(Assessment.objects.filter(subject__in=[e.subject for e in others], year=YEAR,
                                            status=Assessment.Status.PASSED).select_related("subject")[:2])
    leader = User.objects.filter(username="42-hrss-leader").first()
    third = services.assign_agency(agency, [a.subject for a in passed], YEAR, leader)
    if third:
        _answer(third[0], rng, "draft", share=1.0, evidence=False)
    province = User.objects.filter(username="42-hrss-leader").first()
    if province:
        services.draw_spot_check(province, YEAR, "subjects", Decimal(20), seed=20261125,
                                 title="2026年度全省企业创建评估抽查（演示）")
    words = "、".join(f"{Assessment.Status(k).label}{v}份" for k, v in made.items())
    stdout.write(f"  评估表：{words}；第三方机构账号 {AGENCY_ACCOUNT}（密码 {DEMO_PASSWORD}），受托 {len(third)} 份")


def _answer(sheet, rng, state, share=1.0, evidence=True):
    """Scores as the demo state needs them: passed sheets score high, a failing one low."""
    items = list(sheet.items.select_related("indicator"))
    for n, item in enumerate(items):
        if n >= len(items) * share:
            break
        ind = item.indicator
        if ind.is_veto:
            item.self_veto = False
        else:
            drop = {"not_passed": rng.choice([0.3, 0.4, 0.5]), "draft": rng.choice([0, 0.1])}.get(
                state, rng.choice([0, 0, 0, 0.1, 0.25]))
            item.self_score = (ind.max_points * Decimal(str(1 - drop))).quantize(Decimal("0.1"))
        item.explanation = f"{ind.name}：已按要求落实，相关制度和台账齐全。" if not ind.is_veto else "近三年无此情形。"
    AssessmentItem.objects.bulk_update(items, ["self_score", "self_veto", "explanation"])
    if evidence:
        from .models import Evidence

        Evidence.objects.bulk_create([
            Evidence(item=i, file=_demo_file("evidence/demo/evidence.pdf"), original_name=f"{i.indicator.code}佐证材料.pdf",
                     file_type="pdf", size=52431, uploaded_by=None)
            for i in items if i.indicator.evidence_required and (i.self_score is not None)])


def _advance(sheet, state, reviewer, rng):
    if state == "draft":
        return
    SatisfactionBallot.objects.create(assessment=sheet, method="paper", status="closed", eligible=120,
                                      respondents=rng.randrange(96, 118), satisfied=rng.randrange(80, 95),
                                      minutes=_demo_file("ballot-minutes/demo-minutes.pdf"), held_on=timezone.localdate())
    items = list(sheet.items.select_related("indicator"))
    sheet.self_total = workflow.compute_result(sheet, items, column="self").total
    sheet.status, sheet.submitted_at = Assessment.Status.SUBMITTED, timezone.now()
    sheet._change_reason = f"提交评估表（自评合计 {sheet.self_total} 分）"
    sheet.save()
    workflow.record_year(sheet, reviewer, CreationRecord.Status.SELF_ASSESSING,
                         (CreationRecord.Status.NOT_STARTED, CreationRecord.Status.CREATING))
    if state == "submitted":
        return
    sheet.reviewed_by = reviewer
    if state == "returned":
        sheet.status, sheet.return_reason = Assessment.Status.RETURNED, "集体合同未附人社部门审查意见，请补充后重新提交。"
        sheet._change_reason = f"退回修改：{sheet.return_reason}"
        sheet.save()
        return
    for item in items:
        item.review_status = AssessmentItem.ReviewStatus.ACCEPTED
        item.review_score, item.review_veto = item.self_score, item.self_veto
    adjust = next(i for i in items if i.indicator.code == "2.1")
    adjust.review_status, adjust.review_score = AssessmentItem.ReviewStatus.ADJUSTED, adjust.self_score - 1
    adjust.review_comment = "抽查花名册发现 2 名职工未签订书面劳动合同"
    if state == "vetoed":
        veto = next(i for i in items if i.indicator.code == "V.4")
        veto.review_status, veto.review_veto = AssessmentItem.ReviewStatus.ADJUSTED, True
        veto.review_comment = "2025年8月因拖欠工资被劳动保障监察部门立案查处"
    AssessmentItem.objects.bulk_update(items, ["review_status", "review_score", "review_veto", "review_comment"])
    result = workflow.compute_result(sheet, items)
    sheet.final_total, sheet.veto_failed, sheet.grade = result.total, result.veto_failed, result.grade
    sheet.status, sheet.concluded_at = result.status, timezone.now()
    sheet.conclusion = f"最终得分 {result.total} 分" + ("；一票否决：" + "、".join(
        i.indicator.name for i in result.veto_items) if result.veto_items else "")
    sheet._change_reason = f"出具结论：{sheet.get_status_display()}"
    sheet.save()
    # the ledger follows the conclusion, as the workflow's conclude step does
    status = CreationRecord.Status.QUALIFIED if result.passed else CreationRecord.Status.NOT_PASSED
    workflow.record_year(sheet, reviewer, status, [s for s in CreationRecord.Status.values
                                                   if s not in (status, CreationRecord.Status.DEMONSTRATION)])


def _agency():
    province = Region.objects.get(code="42")
    agency, _ = Agency.objects.get_or_create(name="湖北众信劳动关系评估中心", defaults={
        "region": province, "uscc": "52420000MJH000001X", "contact_person": "陈静", "contact_phone": "027-87654321"})
    user = User.objects.filter(username=AGENCY_ACCOUNT).first()
    if user is None:
        user = User(username=AGENCY_ACCOUNT, password=make_password(DEMO_PASSWORD), full_name="众信评估员",
                    email=f"{AGENCY_ACCOUNT}@demo.invalid")
        agency.add_account(user)
    return agency
