"""Indicator sets, assessments (self / tripartite / third-party), ballots and spot checks."""

import datetime
import importlib
import io
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import User
from apps.enterprises.models import CreationRecord, Enterprise, Subject
from apps.evaluations import services, workflow
from apps.evaluations.models import (
    Agency,
    Assessment,
    AssessmentItem,
    BallotAnswer,
    BallotCode,
    Evidence,
    Indicator,
    IndicatorSet,
    SatisfactionBallot,
    SpotCheck,
)
from apps.evaluations.workflow import WorkflowError
from tests import samples
from tests.conftest import TEST_PASSWORD, make_staff

pytestmark = pytest.mark.django_db

PDF = samples.PDF
PNG = samples.png_bytes()


def ensure_sets():
    """Transactional tests flush the data migration's rows: put the first sets back when missing."""
    if not IndicatorSet.objects.filter(version=1).exists():
        module = importlib.import_module("apps.evaluations.migrations.0002_first_indicator_sets")
        module.load(django_apps, None)


@pytest.fixture(autouse=True)
def first_sets(db):
    ensure_sets()


def office_file(kind):
    """The same bytes on every call (a fixed date in the zip): they name a parametrized test, which the parallel
    test workers must collect alike."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in [("[Content_Types].xml", "<Types/>"),
                           ("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")]:
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


_uscc = iter(range(1000, 99999))


def make_enterprise(code="420102002", name="江岸测试机械有限公司"):
    from apps.regions.models import Region

    n = next(_uscc)
    enterprise = Enterprise.objects.create(name=name, uscc=f"91420102MA4K{n:05d}X"[:18], region=Region.objects.get(
        code=code), industry="C", employee_count=100)
    user = User.objects.create_user(username=f"ent-{n}", password=TEST_PASSWORD, kind=User.Kind.ENTERPRISE,
                                    enterprise=enterprise, full_name=f"{name}填报员")
    return enterprise, user


def fill(assessment, score_for=lambda ind: ind.max_points, veto_for=lambda ind: False, evidence=True, user=None):
    """Answer every item directly (the browser test goes through the page)."""
    for item in assessment.items.select_related("indicator"):
        if item.indicator.is_veto:
            item.self_veto = veto_for(item.indicator)
        else:
            item.self_score = score_for(item.indicator)
        item.save()
        if evidence and item.indicator.evidence_required:
            Evidence.objects.create(item=item, file="evidence/x.pdf", original_name="x.pdf", file_type="pdf", size=10,
                                    uploaded_by=user)


def paper_ballot(assessment, eligible=100, respondents=80, satisfied=70):
    return SatisfactionBallot.objects.create(assessment=assessment, method="paper", status="closed",
                                             eligible=eligible, respondents=respondents, satisfied=satisfied,
                                             minutes="ballot-minutes/m.pdf", held_on="2026-11-01")


def submitted_self(county_user, score_for=lambda ind: ind.max_points, veto_for=lambda ind: False, ballot=True,
                   **ballot_kw):
    enterprise, user = make_enterprise()
    assessment = Assessment.start(enterprise.subject, 2026, Assessment.Kind.SELF, user)
    fill(assessment, score_for, veto_for, user=user)
    if ballot:
        paper_ballot(assessment, **ballot_kw)
    workflow.perform(assessment, "submit", user)
    assessment.refresh_from_db()
    return assessment, user


# ---------------------------------------------------------------- indicator sets

def test_first_enterprise_set_has_nine_aspects_one_hundred_points_and_veto_items():
    iset = IndicatorSet.objects.current_for("enterprise")
    aspects = iset.indicators.filter(parent__isnull=True).exclude(code="V")
    assert aspects.count() == 9
    assert sum(i.max_points for i in iset.scored_indicators().filter(is_veto=False)) == Decimal(100)
    assert iset.indicators.filter(is_veto=True).count() == 7
    assert iset.problems() == []
    park = IndicatorSet.objects.current_for("park")
    assert park.indicators.filter(parent__isnull=True).exclude(code="V").count() == 7
    assert sum(i.max_points for i in park.scored_indicators()) == Decimal(100)
    assert IndicatorSet.objects.current_for("township").problems() == []


def test_published_set_is_never_changed_in_place_and_new_version_copies_it(client, province_user):
    iset = IndicatorSet.objects.current_for("enterprise")
    indicator = iset.indicators.get(code="2.1")
    client.force_login(province_user)
    response = client.post(reverse("evaluations:indicator_edit", args=[indicator.pk]),
                           {"code": "2.1", "name": "改名", "max_points": "8", "order": 1})
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.name == "劳动合同签订率"

    response = client.post(reverse("evaluations:indicatorset_action", args=[iset.pk, "new-version"]))
    copy = IndicatorSet.objects.get(subject_kind="enterprise", version=2)
    assert response.status_code == 302 and copy.status == "draft" and copy.based_on == iset
    assert copy.indicators.count() == iset.indicators.count()
    new_indicator = copy.indicators.get(code="2.1")
    response = client.post(reverse("evaluations:indicator_edit", args=[new_indicator.pk]), {
        "parent": new_indicator.parent_id, "code": "2.1", "name": "劳动合同签订率（含电子合同）", "max_points": "8",
        "order": 5, "scoring_rule": "每低 1 个百分点扣 1 分"})
    assert response.status_code == 302
    # the published version keeps its wording; an assessment started before keeps version 1
    assert iset.indicators.get(code="2.1").name == "劳动合同签订率"
    enterprise, user = make_enterprise()
    old = Assessment.start(enterprise.subject, 2026, "self", user)
    client.post(reverse("evaluations:indicatorset_action", args=[copy.pk, "publish"]))
    copy.refresh_from_db()
    assert copy.status == "published"
    assert IndicatorSet.objects.current_for("enterprise") == copy
    old.refresh_from_db()
    assert old.indicator_set == iset


def test_draft_with_wrong_total_cannot_be_published(client, province_user):
    iset = IndicatorSet.objects.current_for("park").new_version(province_user)
    iset.indicators.filter(code="7.2").delete()
    client.force_login(province_user)
    response = client.post(reverse("evaluations:indicatorset_action", args=[iset.pk, "publish"]), follow=True)
    iset.refresh_from_db()
    assert iset.status == "draft"
    assert "二级指标分值合计 93.0 分，与总分 100.0 分不一致" in response.content.decode()


def test_county_staff_cannot_edit_the_province_set(client, county_user):
    iset = IndicatorSet.objects.current_for("park").new_version(county_user)
    client.force_login(county_user)
    assert client.get(reverse("evaluations:indicatorset_edit", args=[iset.pk])).status_code in (403, 404)


# ---------------------------------------------------------------- pass and veto rules (hand-computed sheets)

def test_full_marks_pass_with_grade_and_creation_record_becomes_qualified(county_user):
    assessment, _ = submitted_self(county_user)
    assert assessment.status == "submitted" and assessment.self_total == Decimal(100)
    assert county_user.notifications.filter(title__contains="提交").exists()  # the county's reviewers are told
    assert CreationRecord.objects.get(subject=assessment.subject, year=2026).status == "self_assessing"
    workflow.perform(assessment, "accept", county_user)
    workflow.perform(assessment, "conclude", county_user)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.final_total, assessment.grade) == ("passed", Decimal(100), "AAA")
    assert CreationRecord.objects.get(subject=assessment.subject, year=2026).status == "qualified"


def test_hand_computed_sheet_with_adjustments(county_user):
    # self: every item full marks except 2.1 (8 → 5) and 5.4 (4 → 2): 100 - 3 - 2 = 95
    def score(ind):
        return {"2.1": Decimal(5), "5.4": Decimal(2)}.get(ind.code, ind.max_points)

    assessment, _ = submitted_self(county_user, score_for=score)
    assert assessment.self_total == Decimal(95)
    items = {i.indicator.code: i for i in assessment.items.select_related("indicator")}
    # reviewer adjusts 6.1 (6 → 1) and 4.1 (5 → 0.5): 95 - 5 - 4.5 = 85.5 → AA
    workflow.review_item(items["6.1"], county_user, "adjust", score=Decimal(1), comment="未签订工资专项集体合同")
    workflow.review_item(items["4.1"], county_user, "adjust", score=Decimal("0.5"), comment="职代会未按期召开")
    workflow.perform(assessment, "accept", county_user)
    workflow.perform(assessment, "conclude", county_user)
    assessment.refresh_from_db()
    assert assessment.final_total == Decimal("85.5")
    assert (assessment.status, assessment.grade) == ("passed", "AA")


def test_below_pass_mark_is_not_passed(county_user):
    # 20 points off: 2.1 (8→0), 5.1 (5→0), 6.1 (6→0), 9.2 (4→3) = 100 - 8 - 5 - 6 - 1 = 80 exactly passes;
    # one more half point off makes 79.5 and fails
    def score(ind):
        return {"2.1": 0, "5.1": 0, "6.1": 0, "9.2": Decimal("2.5")}.get(ind.code, ind.max_points)

    assessment, _ = submitted_self(county_user, score_for=score)
    assert assessment.self_total == Decimal("79.5")
    workflow.perform(assessment, "accept", county_user)
    workflow.perform(assessment, "conclude", county_user)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.grade) == ("not_passed", "")
    # issue 10: the year's ledger follows the concluded sheet (was: left at 自评中)
    assert CreationRecord.objects.get(subject=assessment.subject, year=2026).status == "not_passed"


def test_any_failed_veto_fails_whatever_the_total(county_user):
    assessment, _ = submitted_self(county_user)  # 100 points, no veto declared by the enterprise
    veto_item = assessment.items.get(indicator__code="V.4")  # 拖欠职工工资, found by the county
    workflow.review_item(veto_item, county_user, "adjust", veto=True, comment="2025年被劳动监察查处欠薪")
    workflow.perform(assessment, "accept", county_user)
    workflow.perform(assessment, "conclude", county_user)
    assessment.refresh_from_db()
    assert assessment.final_total == Decimal(100)
    assert (assessment.status, assessment.veto_failed) == ("vetoed", True)
    assert "拖欠职工工资" in assessment.conclusion
    assert CreationRecord.objects.get(subject=assessment.subject, year=2026).status != "qualified"


def test_satisfaction_below_threshold_vetoes_and_low_turnout_cannot_pass(county_user):
    low, _ = submitted_self(county_user, eligible=100, respondents=80, satisfied=47)  # 58.75% < 60%
    workflow.perform(low, "accept", county_user)
    workflow.perform(low, "conclude", county_user)
    low.refresh_from_db()
    assert low.status == "vetoed" and "职工满意率 58.8%" in low.conclusion

    few, _ = submitted_self(county_user, eligible=100, respondents=59, satisfied=59)  # turnout 59% < 60%
    workflow.perform(few, "accept", county_user)
    workflow.perform(few, "conclude", county_user)
    few.refresh_from_db()
    assert few.status == "not_passed" and "参与率 59.0%" in few.conclusion

    # exactly two thirds (the minimum turnout, above the set's 60%) and 60% satisfied
    exactly, _ = submitted_self(county_user, eligible=300, respondents=200, satisfied=120)
    workflow.perform(exactly, "accept", county_user)
    workflow.perform(exactly, "conclude", county_user)
    exactly.refresh_from_db()
    assert exactly.status == "passed"


def test_conclusion_needs_every_item_reviewed(county_user):
    assessment, _ = submitted_self(county_user)
    with pytest.raises(WorkflowError, match="尚有 .* 项未审核"):
        workflow.perform(assessment, "conclude", county_user)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


# ---------------------------------------------------------------- filling: bad input changes nothing

def fill_post(item, score, **extra):
    return {f"score_{item.pk}": score, f"note_{item.pk}": "说明", **extra}


def test_score_outside_range_is_refused_and_nothing_saved(client, media):
    enterprise, user = make_enterprise()
    assessment = Assessment.start(enterprise.subject, 2026, "self", user)
    items = {i.indicator.code: i for i in assessment.items.select_related("indicator")}
    client.force_login(user)
    url = reverse("evaluations:assessment_fill", args=[assessment.pk])
    data = {f"score_{items['1.1'].pk}": "3", f"score_{items['2.1'].pk}": "9", f"score_{items['2.2'].pk}": "-1",
            f"note_{items['1.1'].pk}": "已建立党支部"}
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "2.1 劳动合同签订率：自评分须在 0 至 8.0 分之间，您填写的是 9。" in body
    assert "2.2 劳动合同管理规范：自评分须在 0 至 3.0 分之间" in body
    assert 'value="3"' in body and "已建立党支部" in body  # what was typed is kept
    assert not AssessmentItem.objects.filter(assessment=assessment, self_score__isnull=False).exists()
    assert not AssessmentItem.objects.filter(assessment=assessment).exclude(explanation="").exists()

    response = client.post(url, {f"score_{items['2.1'].pk}": "7.5", f"note_{items['2.1'].pk}": "签订率 99.5%"})
    assert response.status_code == 302
    items["2.1"].refresh_from_db()
    assert items["2.1"].self_score == Decimal("7.5")


@pytest.mark.parametrize("name,content,message", [
    ("制度.pdf", PNG, "内容与扩展名不符"),
    ("程序.exe", b"MZ\x90\x00", "类型不受支持"),
    ("表格.xlsx", office_file("docx"), "内容与扩展名不符"),
    ("伪装.docx", b"PK\x03\x04 not a zip", "内容与扩展名不符"),
])
def test_wrong_file_type_is_refused(client, media, name, content, message):
    enterprise, user = make_enterprise()
    assessment = Assessment.start(enterprise.subject, 2026, "self", user)
    item = assessment.items.get(indicator__code="1.1")
    client.force_login(user)
    response = client.post(reverse("evaluations:assessment_fill", args=[assessment.pk]), {
        **fill_post(item, "4"), f"files_{item.pk}": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()
    item.refresh_from_db()
    assert item.self_score is None


def test_too_large_file_is_refused_and_good_files_are_kept(client, media, settings):
    settings.EVALUATION_EVIDENCE_MAX_MB = 1
    enterprise, user = make_enterprise()
    assessment = Assessment.start(enterprise.subject, 2026, "self", user)
    item = assessment.items.get(indicator__code="1.1")
    client.force_login(user)
    url = reverse("evaluations:assessment_fill", args=[assessment.pk])
    big = SimpleUploadedFile("大文件.pdf", PDF + b"0" * (1024 * 1024 + 1))
    response = client.post(url, {**fill_post(item, "4"), f"files_{item.pk}": big})
    assert response.status_code == 400 and "超过 1 MB 的上限" in response.content.decode()
    assert not Evidence.objects.exists()
    files = [SimpleUploadedFile("党组织.pdf", PDF), SimpleUploadedFile("照片.png", PNG),
             SimpleUploadedFile("台账.xlsx", office_file("xlsx")), SimpleUploadedFile("制度.docx", office_file("docx"))]
    response = client.post(url, {**fill_post(item, "4"), f"files_{item.pk}": files})
    assert response.status_code == 302
    assert sorted(Evidence.objects.values_list("file_type", flat=True)) == ["docx", "pdf", "png", "xlsx"]
    evidence = Evidence.objects.get(file_type="pdf")
    download = client.get(reverse("evaluations:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_submission_lists_what_is_missing_and_locks_the_sheet(client, media):
    enterprise, user = make_enterprise()
    assessment = Assessment.start(enterprise.subject, 2026, "self", user)
    client.force_login(user)
    submit = reverse("evaluations:assessment_transition", args=[assessment.pk, "submit"])
    response = client.post(submit, follow=True)
    body = response.content.decode()
    assert "评估表尚不完整，不能提交" in body and "1.1 建立党组织或实现党的工作覆盖：未填写自评分" in body
    assert "职工满意度测评：尚未录入纸质测评结果或开展线上测评" in body
    assessment.refresh_from_db()
    assert assessment.status == "draft"

    fill(assessment, user=user)
    paper_ballot(assessment)
    assert client.post(submit).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    # a second submission of the locked sheet: a clear message, nothing changed
    submitted_at = assessment.submitted_at
    response = client.post(submit, follow=True)
    assert "评估表已提交并锁定，不能重复提交" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.submitted_at == submitted_at and assessment.history.count() == 2
    # and the locked sheet cannot be changed
    item = assessment.items.get(indicator__code="1.1")
    response = client.post(reverse("evaluations:assessment_fill", args=[assessment.pk]), fill_post(item, "1"))
    item.refresh_from_db()
    assert item.self_score == Decimal(4)
    with pytest.raises(WorkflowError, match="不能重复提交"):
        workflow.perform(assessment, "submit", user)


# ---------------------------------------------------------------- review

def test_county_reviewer_returns_with_reason_then_passes_and_history_keeps_reasons(client, county_user,
                                                                                   django_capture_on_commit_callbacks):
    assessment, enterprise_user = submitted_self(county_user)
    client.force_login(county_user)
    review_url = reverse("evaluations:assessment_review", args=[assessment.pk])
    page = client.get(review_url)
    assert page.status_code == 200 and "劳动合同签订率" in page.content.decode()
    # a reason is required to return
    client.post(reverse("evaluations:assessment_transition", args=[assessment.pk, "return"]), {"reason": ""})
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    client.post(reverse("evaluations:assessment_transition", args=[assessment.pk, "return"]),
                {"reason": "集体合同未附审查意见书"})
    assessment.refresh_from_db()
    assert assessment.status == "returned" and assessment.return_reason == "集体合同未附审查意见书"
    assert enterprise_user.notifications.filter(title__contains="退回修改").exists()
    workflow.perform(assessment, "submit", enterprise_user)
    # adjust needs a reason; a bad review score changes nothing
    item = assessment.items.get(indicator__code="3.1")
    response = client.post(review_url, {f"action_{item.pk}": "adjust", f"rscore_{item.pk}": "7",
                                        f"comment_{item.pk}": "未报审查"})
    assert response.status_code == 400 and "审核分须在 0 至 6.0 分之间" in response.content.decode()
    response = client.post(review_url, {f"action_{item.pk}": "adjust", f"rscore_{item.pk}": "3",
                                        f"comment_{item.pk}": ""})
    assert response.status_code == 400 and "调整须填写理由" in response.content.decode()
    item.refresh_from_db()
    assert item.review_status == "pending"
    client.post(review_url, {f"action_{item.pk}": "adjust", f"rscore_{item.pk}": "3", f"comment_{item.pk}": "未报审查"})
    client.post(reverse("evaluations:assessment_transition", args=[assessment.pk, "accept"]))
    client.post(reverse("evaluations:assessment_transition", args=[assessment.pk, "conclude"]))
    assessment.refresh_from_db()
    assert (assessment.status, assessment.final_total) == ("passed", Decimal(97))
    reasons = list(assessment.history.values_list("history_change_reason", flat=True))
    assert any("退回修改：集体合同未附审查意见书" in (r or "") for r in reasons)
    assert any("出具结论：达标" in (r or "") for r in reasons)
    item.refresh_from_db()
    assert item.history.filter(history_change_reason__contains="审核调整：未报审查").exists()
    detail = client.get(reverse("evaluations:assessment_detail", args=[assessment.pk])).content.decode()
    assert 'data-col="self">6.0' in detail and "调整为 3.0" in detail and 'data-col="final">3.0' in detail


def test_review_by_a_user_of_another_county_is_refused_and_changes_nothing(client, county_user, other_county_user):
    assessment, _ = submitted_self(county_user)
    client.force_login(other_county_user)
    item = assessment.items.get(indicator__code="1.1")
    assert client.get(reverse("evaluations:assessment_review", args=[assessment.pk])).status_code == 404
    assert client.post(reverse("evaluations:assessment_review", args=[assessment.pk]),
                       {f"action_{item.pk}": "adjust", f"rscore_{item.pk}": "0",
                        f"comment_{item.pk}": "x"}).status_code == 404
    for action in ("return", "accept", "conclude"):
        response = client.post(reverse("evaluations:assessment_transition", args=[assessment.pk, action]),
                               {"reason": "越权"})
        assert response.status_code == 404
    with pytest.raises(WorkflowError, match="不在您的管辖区域内"):
        workflow.perform(assessment, "conclude", other_county_user)
    assessment.refresh_from_db()
    item.refresh_from_db()
    assert (assessment.status, item.review_status) == ("submitted", "pending")


def test_enterprise_cannot_review_and_city_cannot_review_self_assessments(city_user, county_user):
    assessment, enterprise_user = submitted_self(county_user)
    with pytest.raises(WorkflowError):
        workflow.perform(assessment, "accept", enterprise_user)
    with pytest.raises(WorkflowError, match="由县（市、区）或乡镇（街道）审核"):
        workflow.perform(assessment, "accept", city_user)
    township_reviewer = make_staff("420102002")
    workflow.perform(assessment, "accept", township_reviewer)  # the township reviews its own units


def test_enterprise_sees_only_its_own_sheets(client, county_user):
    mine, user = submitted_self(county_user)
    other, _ = submitted_self(county_user)
    client.force_login(user)
    listing = client.get(reverse("evaluations:assessment_list")).content.decode()
    assert f"/evaluations/assessments/{mine.pk}/" in listing and f"/evaluations/assessments/{other.pk}/" not in listing
    assert client.get(reverse("evaluations:assessment_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("evaluations:assessment_detail", args=[mine.pk])).status_code == 200


# ---------------------------------------------------------------- third party

def test_agency_sees_only_assigned_subjects_and_differences_are_highlighted(client, county_user, province_user):
    assessment, _ = submitted_self(county_user)
    other, _ = submitted_self(county_user)
    agency = Agency.objects.create(name="湖北众信评估咨询有限公司", region=province_user.region)
    agent = User(username="agent-1", full_name="评估员")
    agent.set_password(TEST_PASSWORD)
    agency.add_account(agent)
    client.force_login(province_user)
    response = client.post(reverse("evaluations:agency_assign"),
                           {"agency": agency.pk, "year": 2026, "subjects": [assessment.subject_id]})
    assert response.status_code == 302
    third = Assessment.objects.get(kind="third_party", subject=assessment.subject)
    assert third.agency == agency and third.status == "draft"

    client.force_login(agent)
    listing = client.get(reverse("evaluations:assessment_list")).content.decode()
    assert "第三方评估" in listing and f"/evaluations/assessments/{third.pk}/" in listing
    assert f"/evaluations/assessments/{assessment.pk}/" not in listing
    assert client.get(reverse("evaluations:assessment_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("evaluations:assessment_detail", args=[assessment.pk])).status_code == 404
    items = {i.indicator.code: i for i in third.items.select_related("indicator")}
    data = {}
    for code, item in items.items():
        if item.indicator.is_veto:
            data[f"veto_{item.pk}"] = "no"
        else:
            data[f"score_{item.pk}"] = "4" if code == "2.1" else str(item.indicator.max_points)
    assert client.post(reverse("evaluations:assessment_fill", args=[third.pk]), data).status_code == 302
    detail = client.get(reverse("evaluations:assessment_detail", args=[third.pk])).content.decode()
    assert detail.count('data-testid="diff-row"') == 1 and 'data-code="2.1"' in detail.split('data-testid="diff-row"')[1][:40]
    # the agency submits; the province reviewer concludes (the self-assessment is untouched)
    workflow.perform(third, "submit", User.objects.get(pk=agent.pk))
    workflow.perform(third, "accept", province_user)
    workflow.perform(third, "conclude", province_user)
    third.refresh_from_db()
    assert (third.status, third.final_total) == ("passed", Decimal(96))
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_agency_list_counts_only_assessments_of_the_users_area(client, province_user, city_user):
    from apps.regions.models import Region

    agency = Agency.objects.create(name="武汉评估咨询有限公司", region=Region.objects.get(code="4201"))
    wuhan = make_enterprise()[0].subject
    yichang = make_enterprise("420502", "宜昌测试有限公司")[0].subject
    services.assign_agency(agency, [wuhan, yichang], 2026, province_user)
    client.force_login(city_user)
    body = client.get(reverse("evaluations:agency_list")).content.decode()
    row = body.split("武汉评估咨询有限公司")[1].split("</tr>")[0]
    assert [c.split(">")[-1] for c in row.split("</td>")[1:4]] == ["武汉市", "—", "1"]


# ---------------------------------------------------------------- satisfaction ballot

def test_online_ballot_codes_answer_once_anonymously_and_count_only_with_turnout(client, county_user):
    enterprise, user = make_enterprise()
    assessment = Assessment.start(enterprise.subject, 2026, "self", user)
    ballot = services.open_online_ballot(assessment, 5)
    codes = list(ballot.codes.values_list("code", flat=True))
    assert len(set(codes)) == 5
    url = reverse("public:ballot")
    answers = {"contract": "satisfied", "rest": "basic", "safety": "satisfied", "voice": "unsatisfied"}
    # no login: the code page, then the questionnaire
    page = client.post(url, {"step": "code", "code": codes[0].lower()})
    assert page.status_code == 200 and "提交答卷" in page.content.decode()
    done = client.post(url, {"step": "answer", "code": codes[0], **answers, "overall": "satisfied"})
    assert "答卷已提交" in done.content.decode()
    # the same code a second time: refused, nothing counted
    again = client.post(url, {"step": "code", "code": codes[0]})
    assert again.status_code == 400 and "该测评码已经使用过" in again.content.decode()
    replay = client.post(url, {"step": "answer", "code": codes[0], **answers, "overall": "satisfied"})
    assert replay.status_code == 400 and "该测评码已经使用过" in replay.content.decode()
    assert BallotAnswer.objects.filter(ballot=ballot).count() == 1
    assert client.post(url, {"step": "code", "code": "ZZZZZZZZ"}).status_code == 400
    client.post(url, {"step": "answer", "code": codes[1], **answers, "overall": "unsatisfied"})
    # answers are stored apart from the codes: no field of an answer points to a code, a user or a time
    answer_fields = {f.name for f in BallotAnswer._meta.get_fields()}
    assert answer_fields == {"id", "ballot", "answers", "satisfied"}
    assert {f.name for f in BallotCode._meta.get_fields()} == {"id", "ballot", "code", "used"}
    ballot.refresh_from_db()
    assert (ballot.respondents, ballot.satisfied) == (2, 1)
    services.close_ballot(ballot)
    ballot.refresh_from_db()
    assert ballot.turnout == Decimal(40) and not ballot.is_valid  # 2 of 5 < 60%: does not count
    closed = client.post(url, {"step": "code", "code": codes[2]})
    assert "本次测评已经结束" in closed.content.decode()
    assert "职工满意度测评参与率 40.0%" in workflow.compute_result(assessment).ballot_problem


def test_paper_ballot_needs_minutes_and_consistent_figures(client, media):
    enterprise, user = make_enterprise()
    assessment = Assessment.start(enterprise.subject, 2026, "self", user)
    client.force_login(make_staff("420102", username="paper-ballot-clerk"))  # the county office enters it
    url = reverse("evaluations:ballot_manage", args=[assessment.pk])
    response = client.post(url, {"what": "paper", "paper-eligible": "100", "paper-respondents": "120",
                                 "paper-satisfied": "90", "paper-held_on": "2026-11-01"})
    body = response.content.decode()
    assert response.status_code == 400 and "实际参加人数不能多于应参加人数" in body and "测评会议记录" in body
    assert not SatisfactionBallot.objects.exists()
    response = client.post(url, {"what": "paper", "paper-eligible": "100", "paper-respondents": "90",
                                 "paper-satisfied": "80", "paper-held_on": "2026-11-01",
                                 "paper-minutes": SimpleUploadedFile("记录.pdf", PDF)})
    assert response.status_code == 302
    ballot = SatisfactionBallot.objects.get()
    assert ballot.is_satisfied and ballot.method == "paper"


def test_the_county_office_downloads_the_ballot_codes_as_a_workbook(client):
    from openpyxl import load_workbook

    enterprise, user = make_enterprise()
    assessment = Assessment.start(enterprise.subject, 2026, "self", user)
    ballot = services.open_online_ballot(assessment, 3)
    client.force_login(make_staff("420102", username="county-distributor"))
    response = client.get(reverse("evaluations:ballot_manage", args=[assessment.pk]), {"format": "xlsx"})
    assert response.status_code == 200 and f"ballot-codes-{assessment.pk}.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("序号", "测评码", "答卷地址")
    assert [r[1] for r in rows[1:]] == sorted(ballot.codes.values_list("code", flat=True))


# ---------------------------------------------------------------- spot checks

def test_spot_check_draw_is_reproducible_from_its_seed(client, province_user):
    population = list(range(1, 501))
    first = services.draw_sample(population, Decimal(10), 20261125)
    assert len(first) == 50
    assert services.draw_sample(list(reversed(population)), Decimal(10), 20261125) == first
    assert services.draw_sample(population, Decimal(10), 20261126) != first

    client.force_login(province_user)
    response = client.post(reverse("evaluations:spotcheck_draw"), {"year": 2026, "target": "localities",
                                                                     "proportion": "20", "seed": "42"})
    check = SpotCheck.objects.get()
    assert response.status_code == 302 and check.seed == 42 and check.population == 105  # 101 counties + the 4 city-level units without counties (issue 25)
    drawn = sorted(check.items.values_list("region_id", flat=True))
    assert len(drawn) == 21
    again = services.draw_spot_check(province_user, 2026, "localities", Decimal(20), seed=42)
    assert sorted(again.items.values_list("region_id", flat=True)) == drawn
    detail = client.get(reverse("evaluations:spotcheck_detail", args=[check.pk])).content.decode()
    assert "随机种子 <code>42</code>" in detail and "武汉市" in detail
    item = check.items.first()
    response = client.post(reverse("evaluations:spotcheckitem_edit", args=[item.pk]),
                           {"checker": province_user.pk, "result": "discrepancy", "findings": "台账与实际不符",
                            "checked_on": "2026-11-20"})
    assert response.status_code == 302
    summary = services.spot_check_summary(check)
    assert sum(r["discrepancy"] for r in summary) == 1 and sum(r["sampled"] for r in summary) == 21


def test_spot_check_of_assessed_subjects_draws_concluded_ones(county_user, province_user):
    passed, _ = submitted_self(county_user)
    workflow.perform(passed, "accept", county_user)
    workflow.perform(passed, "conclude", county_user)
    submitted_self(county_user)  # still under review: not in the population
    check = services.draw_spot_check(province_user, 2026, "subjects", Decimal(50), seed=1)
    assert check.population == 1
    assert list(check.items.values_list("subject_id", flat=True)) == [passed.subject_id]


def test_spot_check_checker_choices_are_reviewers_and_leaders_of_the_area(client, province_user):
    from apps.evaluations.forms import SpotCheckItemForm

    check = services.draw_spot_check(province_user, 2026, "localities", Decimal(5), seed=7)
    item = check.items.first()
    reviewer = make_staff("420102", roles=("reviewer",))
    leader = make_staff("4205", roles=("leader",))
    clerk = make_staff("420102", roles=("clerk",))
    choices = set(SpotCheckItemForm(instance=item, user=province_user).fields["checker"].queryset)
    assert {reviewer, leader, province_user} <= choices and clerk not in choices
    city = make_staff("4201", roles=("reviewer",))
    assert set(SpotCheckItemForm(instance=item, user=city).fields["checker"].queryset) == {city, reviewer}
    item.checker = clerk  # an earlier choice stays selectable
    assert clerk in SpotCheckItemForm(instance=item, user=province_user).fields["checker"].queryset
    client.force_login(province_user)
    response = client.post(reverse("evaluations:spotcheckitem_edit", args=[item.pk]),
                           {"checker": make_staff("420502", roles=("clerk",)).pk, "result": "pending"})
    assert response.status_code == 200 and "checker" in response.context["form"].errors


def test_indicator_set_usage_counts_only_visible_assessments(client, city_user):
    from apps.regions.models import Region

    iset = IndicatorSet.objects.current_for("enterprise")
    IndicatorSet.objects.filter(pk=iset.pk).update(region=Region.objects.get(code="4201"))
    Assessment.start(make_enterprise()[0].subject, 2026, Assessment.Kind.SELF, None)
    Assessment.start(make_enterprise("420502", "宜昌测试有限公司")[0].subject, 2026, Assessment.Kind.SELF, None)
    assert iset.assessments.count() == 2
    client.force_login(city_user)
    body = client.get(reverse("evaluations:indicatorset_detail", args=[iset.pk])).content.decode()
    assert "已有 1 份评估表使用此版本" in body


# ---------------------------------------------------------------- report and results

def test_assessment_report_pdf_has_three_columns_veto_and_signatures(client, county_user, tmp_path, media,
                                                                     django_capture_on_commit_callbacks):
    from apps.documents.models import GeneratedDocument

    assessment, _ = submitted_self(county_user)
    workflow.review_item(assessment.items.get(indicator__code="V.7"), county_user, "adjust", veto=True,
                         comment="2025年发生重大安全生产事故")
    workflow.perform(assessment, "accept", county_user)
    workflow.perform(assessment, "conclude", county_user)
    client.force_login(county_user)
    # the report is made by the document job: the request goes to the document's page, which polls
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("evaluations:assessment_report", args=[assessment.pk]))
    document = GeneratedDocument.objects.get(kind="assessment-report")
    assert response.status_code == 302 and response["Location"] == reverse("documents:document_detail",
                                                                             args=[document.pk])
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "r.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    for words in ("自评", "审核", "最终", "一票否决项", "发生重大安全生产事故", "审核人签字", "江岸测试机械有限公司"):
        assert words in text, words


def test_results_by_city_for_the_province(client, county_user, province_user, django_assert_max_num_queries):
    passed, _ = submitted_self(county_user)
    workflow.perform(passed, "accept", county_user)
    workflow.perform(passed, "conclude", county_user)
    submitted_self(county_user)
    client.force_login(province_user)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("evaluations:results"), {"year": 2026, "kind": "self"}).content.decode()
    row = body.split("<td>武汉市</td>")[1].split("</tr>")[0]
    assert [c.split(">")[-1] for c in row.split("</td>")[:7]] == ["2", "0", "1", "1", "0", "0", "100.0%"]
    row = body.split("<td>宜昌市</td>")[1].split("</tr>")[0]  # every city is listed, with zeros
    assert [c.split(">")[-1] for c in row.split("</td>")[:7]] == ["0", "0", "0", "0", "0", "0", "—"]
    assert body.count("<tr><td>") == 17 + 1  # 17 city-level units and the total
    from openpyxl import load_workbook

    xlsx = client.get(reverse("evaluations:results"), {"year": 2026, "kind": "self", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "区划" and ("武汉市", 2, 0, 1, 1, 0, 0, "100.0%") in rows and rows[-1][0] == "合计"


def test_park_self_assessment_is_filled_by_staff(client, county_user):
    from apps.regions.models import Region

    subject = Subject.objects.create(kind="township", name="大智街道", region=Region.objects.get(code="420102002"))
    client.force_login(county_user)
    response = client.post(reverse("evaluations:assessment_start"), {"subject": subject.pk, "year": 2026,
                                                                       "kind": "self"})
    assessment = Assessment.objects.get(subject=subject)
    assert response.status_code == 302 and assessment.indicator_set.subject_kind == "township"
    assert assessment.items.count() == Indicator.objects.filter(indicator_set=assessment.indicator_set,
                                                                parent__isnull=False).count()
    assert workflow.is_filler(county_user, assessment) and not assessment.needs_ballot


def test_editing_a_draft_keeps_aspect_points_and_publish_rules(client, province_user):
    draft = IndicatorSet.objects.current_for("enterprise").new_version(province_user)
    aspect = draft.indicators.get(code="9")
    client.force_login(province_user)
    response = client.post(reverse("evaluations:indicator_add", args=[draft.pk]), {
        "parent": aspect.pk, "code": "9.3", "name": "职工心理健康服务", "max_points": "2", "order": 99,
        "evidence_required": "on"})
    assert response.status_code == 302
    aspect.refresh_from_db()
    assert aspect.max_points == Decimal(10)
    assert draft.problems() == ["二级指标分值合计 102.0 分，与总分 100.0 分不一致。"]
    bad = client.post(reverse("evaluations:indicator_add", args=[draft.pk]), {
        "parent": aspect.pk, "code": "9.3", "name": "重复", "max_points": "1", "order": 1})
    assert bad.status_code == 200 and "本版本中已有相同编号的指标" in bad.content.decode()
    veto = client.post(reverse("evaluations:indicator_add", args=[draft.pk]), {
        "code": "V.9", "name": "否决", "max_points": "3", "is_veto": "on", "order": 1})
    assert "一票否决项须是二级指标" in veto.content.decode() and "一票否决项不计分" in veto.content.decode()
    client.post(reverse("evaluations:indicator_delete", args=[draft.indicators.get(code="9.3").pk]))
    aspect.refresh_from_db()
    assert aspect.max_points == Decimal(8) and draft.problems() == []


def test_demo_loads_assessments_in_every_state(media):
    from apps.accounts.demo import load_demo as accounts_demo
    from apps.enterprises.demo import load_demo as enterprises_demo
    from apps.evaluations.demo import load_demo

    out = io.StringIO()
    accounts_demo(out)
    enterprises_demo(out)
    load_demo(out)
    states = set(Assessment.objects.filter(kind="self").values_list("status", flat=True))
    assert {"draft", "submitted", "returned", "passed", "not_passed", "vetoed"} <= states
    assert User.objects.get(username="agency-demo").agency.assessments.count() == 2
    assert SpotCheck.objects.count() == 1
    vetoed = Assessment.objects.get(status="vetoed")
    assert vetoed.veto_failed and vetoed.final_total >= 80
    load_demo(out)  # twice: skipped, nothing duplicated
    assert "已存在，跳过" in out.getvalue()


def test_assessments_follow_their_enterprise_when_it_moves(client, county_user, other_county_user):
    from apps.regions.models import Region

    assessment, _ = submitted_self(county_user)
    assert assessment.region.code == "420102002"
    enterprise = Enterprise.objects.get(subject=assessment.subject)
    enterprise.region = Region.objects.get(code="420502")
    enterprise.save()
    assessment.refresh_from_db()
    assert assessment.region.code == "420502"
    assert not Assessment.objects.visible_to(county_user).filter(pk=assessment.pk).exists()
    assert Assessment.objects.visible_to(other_county_user).filter(pk=assessment.pk).exists()


def test_export_writes_exactly_the_filtered_rows_of_the_area(client, county_user, other_county_user, media,
                                                             django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    from apps.core.models import BackgroundJob

    passed, _ = submitted_self(county_user)
    workflow.perform(passed, "accept", county_user)
    workflow.perform(passed, "conclude", county_user)
    submitted_self(county_user)
    elsewhere, _ = make_enterprise(code="420502001", name="=HYPERLINK(\"x\")西陵公司")
    Assessment.start(elsewhere.subject, 2026, "self", None)
    client.force_login(county_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluations:assessment_export"), {"query": "status=passed"})
    job = BackgroundJob.objects.get(owner=county_user)
    assert response.status_code == 302 and job.status == "done", job.message
    sheet = load_workbook(job.result_file.open("rb")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "创建主体" and len(rows) == 2
    assert rows[1][0] == "江岸测试机械有限公司" and rows[1][6] == "达标" and rows[1][8] == 100
    client.force_login(other_county_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluations:assessment_export"), {"query": ""})
    rows = list(load_workbook(BackgroundJob.objects.get(owner=other_county_user).result_file.open("rb")).active
                .iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"x\")西陵公司"]


# ---------------------------------------------------------------- the ledger follows the conclusion (issue 10)

def test_a_county_review_ending_in_a_veto_takes_a_demonstration_year_to_not_passed_with_history(client, county_user):
    assessment, _ = submitted_self(county_user)
    record = CreationRecord.objects.get(subject=assessment.subject, year=2026)
    record.status = "demonstration"
    record.save()
    veto_item = assessment.items.get(indicator__code="V.4")  # 拖欠职工工资
    workflow.review_item(veto_item, county_user, "adjust", veto=True, comment="2026年被劳动监察查处欠薪")
    workflow.perform(assessment, "accept", county_user)
    workflow.perform(assessment, "conclude", county_user)
    record.refresh_from_db()
    assert record.status == "not_passed" and record.updated_by == county_user
    latest = record.history.first()
    assert latest.history_user == county_user
    assert latest.history_change_reason == "示范 → 未达标：自评一票否决"
    # the enterprise's page shows the year as 未达标
    client.force_login(county_user)
    page = client.get(reverse("enterprises:enterprise_detail", args=[assessment.subject.enterprise.pk])).content.decode()
    assert "未达标" in page


def test_a_pass_after_a_failed_year_makes_it_qualified_and_a_demonstration_year_stays(county_user):
    failed, _ = submitted_self(county_user, veto_for=lambda ind: ind.code == "V.4")
    workflow.perform(failed, "accept", county_user)
    workflow.perform(failed, "conclude", county_user)
    record = CreationRecord.objects.get(subject=failed.subject, year=2026)
    assert record.status == "not_passed"
    tripartite = Assessment.start(failed.subject, 2026, Assessment.Kind.TRIPARTITE, county_user)
    fill(tripartite, user=county_user)
    workflow.perform(tripartite, "submit", county_user)
    workflow.perform(tripartite, "accept", county_user)
    workflow.perform(tripartite, "conclude", county_user)
    record.refresh_from_db()
    assert record.status == "qualified"

    shown, _ = submitted_self(county_user)
    CreationRecord.objects.filter(subject=shown.subject, year=2026).update(status="demonstration")
    workflow.perform(shown, "accept", county_user)
    workflow.perform(shown, "conclude", county_user)
    assert CreationRecord.objects.get(subject=shown.subject, year=2026).status == "demonstration"


def test_review_screen_shows_the_units_open_risk_reports_beside_the_veto_items(client, county_user):
    from apps.risks.models import RiskReport

    assessment, _ = submitted_self(county_user)
    enterprise = assessment.subject.enterprise
    RiskReport.objects.create(enterprise=enterprise, region=enterprise.region, category="wage_arrears",
                              people_affected=86, severity="major", description="拖欠86名职工三个月工资",
                              reported_by=county_user, due_date=datetime.date(2026, 12, 20))
    RiskReport.objects.create(enterprise=enterprise, region=enterprise.region, category="other",
                              people_affected=1, severity="general", description="已化解的旧事",
                              reported_by=county_user, due_date=datetime.date(2026, 1, 20), status="resolved")
    client.force_login(county_user)
    page = client.get(reverse("evaluations:assessment_review", args=[assessment.pk])).content.decode()
    block = page[page.index('data-testid="open-risks"'):]
    block = block[:block.index("</div></div>")]
    assert "重大" in block and "拖欠86名职工三个月工资" in block and "2026-12-20" in block
    assert "已化解的旧事" not in block
