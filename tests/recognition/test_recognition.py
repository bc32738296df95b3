"""Typical cases, commendations and joint incentive measures (apps/recognition): the workflows through their
screens, the public case pages, personal data, attachments, the export, the roster PDF and bad input."""

import datetime
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from apps.accounts.models import User
from apps.documents.models import GeneratedDocument, Notification
from apps.enterprises.models import Enterprise
from apps.recognition.models import Case, Commendation, CommendationAttachment, Incentive
from apps.recognition.workflow import CaseWorkflow, CommendationWorkflow
from apps.regions.models import Region
from tests import samples
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

PDF = samples.PDF
ID_NUMBER = "11010519491231002X"  # the GB 11643 example number: checksum right


def roles(code, *names, username=None):
    return make_staff(code, roles=names, username=username or f"{code}-{'-'.join(names)}")


@pytest.fixture
def users(db):
    return {
        "clerk": roles("420102", "clerk"),
        "county_reviewer": roles("420102", "reviewer"),
        "city_reviewer": roles("4201", "reviewer"),
        "city_clerk": roles("4201", "clerk"),
        "province": roles("42", "leader"),
        "other": make_staff("420502"),
    }


@pytest.fixture
def enterprise(db):
    return Enterprise.objects.create(name="江岸和谐机械有限公司", uscc="91420102MA4KRT0011", industry="C",
                                     region=Region.objects.get(code="420102002"), employee_count=120)


def case_form(**extra):
    return {"title": "工资集体协商促共赢", "category": "enterprise", "year": "2026", "unit_name": "江岸和谐机械有限公司",
            "summary": "连续三年开展工资集体协商。", "body": "一、主要做法\n职代会审议工资专项集体合同。", "uscc": "", **extra}


def act(client, url_name, obj, action, reason=""):
    return client.post(reverse(url_name, args=[obj.pk, action]), {"reason": reason})


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# ------------------------------------------------------------------------------------------ typical cases


def test_a_county_case_goes_through_city_review_to_the_public_page(client, users, enterprise):
    client.force_login(users["clerk"])
    response = client.post(reverse("recognition:case_add"), case_form(uscc=enterprise.uscc))
    case = Case.objects.get()
    assert response.status_code == 302 and case.status == "draft" and case.enterprise == enterprise
    assert case.region.code == "420102002" and case.created_by == users["clerk"]

    assert act(client, "recognition:case_action", case, "submit").status_code == 302
    case.refresh_from_db()
    assert (case.status, case.review_level) == ("submitted", "city")
    assert Notification.objects.filter(recipient=users["city_reviewer"], title__contains="提交上级审核").exists()

    # the city returns it: a reason is required, and without it nothing changes
    client.force_login(users["city_reviewer"])
    response = act(client, "recognition:case_action", case, "return")
    assert response.status_code == 400 and "请填写理由" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "submitted"
    act(client, "recognition:case_action", case, "return", reason="请补充职工工资增长数据。")
    case.refresh_from_db()
    assert (case.status, case.return_reason) == ("returned", "请补充职工工资增长数据。")

    # the county edits and resubmits; the city accepts; the province publishes
    client.force_login(users["clerk"])
    assert client.get(reverse("recognition:case_edit", args=[case.pk])).status_code == 200
    client.post(reverse("recognition:case_edit", args=[case.pk]), case_form(uscc=enterprise.uscc, summary="工资年均增长6%。"))
    act(client, "recognition:case_action", case, "submit")
    client.force_login(users["city_reviewer"])
    act(client, "recognition:case_action", case, "accept")
    client.force_login(users["province"])
    act(client, "recognition:case_action", case, "publish")
    case.refresh_from_db()
    assert case.status == "published" and case.published_at is not None
    history = [h or "" for h in case.history.values_list("history_change_reason", flat=True)]
    assert any("已退回" in h and "请补充" in h for h in history) and any("已发布" in h for h in history)

    # anyone, without logging in, finds it by words and by city, and reads it
    client.logout()
    page = client.get(reverse("public:case_list"), {"q": "工资", "city": "4201"}).content.decode()
    assert "工资集体协商促共赢" in page and "共 1 个案例" in page
    assert "共 0 个案例" in client.get(reverse("public:case_list"), {"city": "4205"}).content.decode()
    detail = client.get(reverse("public:case_detail", args=[case.pk])).content.decode()
    assert "职代会审议工资专项集体合同" in detail and 'name="viewport"' in detail


def test_an_enterprise_submits_its_case_through_its_county(client, users, enterprise):
    account = User.objects.create_user(username="ent-case", password="x", kind=User.Kind.ENTERPRISE,
                                       enterprise=enterprise)
    client.force_login(account)
    assert client.get(reverse("recognition:case_list")).status_code == 200
    client.post(reverse("recognition:case_add"), case_form())
    case = Case.objects.get()
    assert (case.author_kind, case.enterprise, case.region.code) == ("enterprise", enterprise, "420102002")
    # the enterprise may not send it past its county
    assert "submit" not in [t.name for t in CaseWorkflow.available(case, account)]
    act(client, "recognition:case_action", case, "submit_to_county")
    case.refresh_from_db()
    assert case.status == "county_check"

    client.force_login(users["county_reviewer"])
    act(client, "recognition:case_action", case, "forward")
    case.refresh_from_db()
    assert (case.status, case.review_level) == ("submitted", "city")
    client.force_login(users["city_reviewer"])
    act(client, "recognition:case_action", case, "accept")
    case.refresh_from_db()
    assert case.status == "accepted"


def test_steps_out_of_order_or_by_the_wrong_level_change_nothing(client, users):
    case = Case.objects.create(title="案例", year=2026, summary="摘要", body="正文", unit_name="单位",
                               region=Region.objects.get(code="420102"), created_by=users["clerk"])
    client.force_login(users["province"])
    response = client.post(reverse("recognition:case_action", args=[case.pk, "publish"]), {"reason": ""}, follow=True)
    assert any("当前状态为“草稿”，不能发布" in m for m in messages_of(response))
    CaseWorkflow.perform(case, "submit", users["clerk"])
    # a county case is reviewed by its city, not by the province
    response = client.post(reverse("recognition:case_action", args=[case.pk, "accept"]), {}, follow=True)
    assert any("市（州）级三方办审核" in m for m in messages_of(response))
    case.refresh_from_db()
    assert case.status == "submitted"
    # the confirmation page says why, instead of offering the button
    page = client.get(reverse("recognition:case_action", args=[case.pk, "accept"])).content.decode()
    assert "市（州）级三方办审核" in page and "确认审核通过" not in page


def test_a_case_of_another_county_is_not_found(client, users):
    case = Case.objects.create(title="江岸案例", year=2026, summary="摘要", body="正文", unit_name="单位",
                               region=Region.objects.get(code="420102"), created_by=users["clerk"])
    client.force_login(users["other"])
    assert client.get(reverse("recognition:case_detail", args=[case.pk])).status_code == 404
    assert act(client, "recognition:case_action", case, "submit").status_code == 404
    assert "江岸案例" not in client.get(reverse("recognition:case_list")).content.decode()
    case.refresh_from_db()
    assert case.status == "draft"
    # nor on the public page until the province publishes it
    client.logout()
    assert client.get(reverse("public:case_detail", args=[case.pk])).status_code == 404


def test_script_in_a_case_is_shown_as_text(client, users):
    body = '<script>alert("x")</script>正文'
    case = Case.objects.create(title="<b>标题</b>", year=2026, summary="<img src=x onerror=alert(1)>", body=body,
                               unit_name="单位", region=Region.objects.get(code="420102"), status="published")
    client.force_login(users["clerk"])
    page = client.get(reverse("recognition:case_detail", args=[case.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    client.logout()
    public = client.get(reverse("public:case_detail", args=[case.pk])).content.decode()
    assert "<script>alert" not in public and "<img src=x" not in public and "&lt;b&gt;标题" in public


def test_case_form_errors_keep_what_was_typed(client, users):
    client.force_login(users["clerk"])
    response = client.post(reverse("recognition:case_add"),
                           case_form(uscc="91420502MA4K000171", body="很长" * 6000, title="保留的标题"))
    page = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert "本辖区企业台账中没有该统一社会信用代码的企业" in page and "案例正文不能超过 10,000 字" in page
    assert 'value="保留的标题"' in page


@pytest.mark.parametrize("query", [{"q": "a\x00b"}, {"year": "99999999999999999999"}, {"region": "-1"},
                                   {"status": "nonsense"}, {"page": "-5"}])
def test_bad_filter_input_never_breaks_the_lists(client, users, query):
    client.force_login(users["province"])
    for name in ("recognition:case_list", "recognition:commendation_list", "recognition:incentive_list"):
        assert client.get(reverse(name), query).status_code in (200, 404)
    client.logout()
    assert client.get(reverse("public:case_list"), {**query, "city": "\x00"}).status_code == 200


def test_case_list_query_count_does_not_grow_with_rows(client, users, django_assert_max_num_queries):
    region = Region.objects.get(code="420102")
    Case.objects.bulk_create([Case(title=f"案例{i}", year=2026, summary="摘要", body="正文", unit_name="单位",
                                   region=region, region_path=region.path, status="published") for i in range(60)])
    client.force_login(users["province"])
    with django_assert_max_num_queries(16):
        assert client.get(reverse("recognition:case_list")).status_code == 200
    client.logout()
    with django_assert_max_num_queries(6):
        assert "共 60 个案例" in client.get(reverse("public:case_list")).content.decode()


# ------------------------------------------------------------------------------------------- commendations


def commendation_form(**extra):
    return {"year": "2026", "kind": "individual", "name": "王敏", "workplace": "江岸和谐机械有限公司工会主席",
            "gender": "f", "id_number": ID_NUMBER, "phone": "13912345678", "deeds": "推动建立工资正常增长机制。",
            "uscc": "", **extra}


def test_a_nomination_is_reviewed_by_the_city_and_approved_by_the_province(client, users, media):
    client.force_login(users["clerk"])
    response = client.post(reverse("recognition:commendation_add"), commendation_form())
    item = Commendation.objects.get()
    assert response.status_code == 302 and (item.nominator_level, item.status) == ("county", "draft")
    # personal data: encrypted in the database, masked on the page
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM recognition_commendation WHERE id = %s", [item.pk])
        raw_id, raw_phone = cursor.fetchone()
    assert ID_NUMBER not in raw_id and "13912345678" not in raw_phone
    page = client.get(item.get_absolute_url()).content.decode()
    assert ID_NUMBER not in page and "1101**********002X" in page and "139****5678" in page

    # no materials yet: refused, nothing changed
    response = act(client, "recognition:commendation_action", item, "submit")
    item.refresh_from_db()
    assert item.status == "draft"
    response = client.get(item.get_absolute_url())
    assert any("推荐材料" in m for m in messages_of(response))

    # a 30 MB file is refused with a message; a real PDF is kept
    big = SimpleUploadedFile("事迹材料.pdf", b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024), content_type="application/pdf")
    response = client.post(reverse("recognition:attachment_add", args=[item.pk]), {"file": big})
    assert response.status_code == 400 and "超过 10 MB 的上限" in response.content.decode()
    fake = SimpleUploadedFile("推荐表.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("recognition:attachment_add", args=[item.pk]), {"file": fake})
    assert response.status_code == 400 and "内容与扩展名不符" in response.content.decode()
    assert not CommendationAttachment.objects.exists()
    client.post(reverse("recognition:attachment_add", args=[item.pk]),
                {"file": SimpleUploadedFile("推荐审批表.pdf", PDF, content_type="application/pdf")})
    attachment = CommendationAttachment.objects.get()
    assert client.get(reverse("recognition:attachment_download", args=[attachment.pk])).status_code == 200

    act(client, "recognition:commendation_action", item, "submit")
    item.refresh_from_db()
    assert item.status == "submitted"
    # submitted: the county can no longer change it or add files
    assert client.get(reverse("recognition:commendation_edit", args=[item.pk])).status_code == 302
    client.force_login(users["other"])
    assert client.get(reverse("recognition:attachment_download", args=[attachment.pk])).status_code == 404
    assert act(client, "recognition:commendation_action", item, "city_approve").status_code == 404

    client.force_login(users["city_reviewer"])
    act(client, "recognition:commendation_action", item, "city_approve", reason="事迹属实，同意推荐。")
    client.force_login(users["province"])
    act(client, "recognition:commendation_action", item, "approve")
    item.refresh_from_db()
    assert (item.status, item.city_opinion, item.approved_on) == ("approved", "事迹属实，同意推荐。",
                                                                   datetime.date.today())


def test_a_city_nomination_goes_to_the_province_directly(client, users, media):
    client.force_login(users["city_clerk"])
    client.post(reverse("recognition:commendation_add"),
                commendation_form(kind="collective", name="武汉市某街道劳动保障所", id_number="", gender="", workplace=""))
    item = Commendation.objects.get()
    CommendationAttachment.objects.create(commendation=item, file=SimpleUploadedFile("a.pdf", PDF),
                                          original_name="a.pdf", file_type="pdf", size=len(PDF))
    act(client, "recognition:commendation_action", item, "submit")
    item.refresh_from_db()
    assert item.status == "recommended"
    client.force_login(users["province"])
    act(client, "recognition:commendation_action", item, "province_return", reason="请补充事迹材料。")
    item.refresh_from_db()
    assert (item.status, item.return_reason) == ("returned", "请补充事迹材料。")


def test_nomination_input_is_checked(client, users):
    client.force_login(users["clerk"])
    response = client.post(reverse("recognition:commendation_add"),
                           commendation_form(id_number="110105194912310021", phone="12345", name="保留的姓名"))
    page = response.content.decode()
    assert "身份证号校验码不正确" in page and "手机号码应为以1开头的11位数字" in page and 'value="保留的姓名"' in page
    response = client.post(reverse("recognition:commendation_add"), commendation_form(id_number="", gender=""))
    assert "推荐先进个人须填写身份证号" in response.content.decode()
    assert not Commendation.objects.exists()
    # one person, one nomination a year — even when the other lies in another area, which is not named
    region = Region.objects.get(code="420502")
    Commendation.objects.create(year=2026, kind="individual", name="王敏", deeds="事迹", id_number=ID_NUMBER,
                                region=region, nominator_region=region, nominator_level="county")
    response = client.post(reverse("recognition:commendation_add"), commendation_form())
    page = response.content.decode()
    assert "同一人同一年度不能重复推荐" in page and "西陵" not in page
    assert Commendation.objects.count() == 1
    # the province does not nominate
    client.force_login(make_staff("42", username="province-all-roles"))
    assert "表彰推荐由县（市、区）或市（州）三方办提出" in client.post(
        reverse("recognition:commendation_add"), commendation_form(year="2027")).content.decode()


def approved(region_code, name, kind="individual", **extra):
    region = Region.objects.get(code=region_code)
    return Commendation.objects.create(year=2025, kind=kind, name=name, deeds="事迹", region=region,
                                       nominator_region=region, nominator_level="county", status="approved",
                                       approved_on=datetime.date(2025, 12, 1), **extra)


def test_the_export_holds_the_filtered_visible_rows_masked(client, users):
    approved("420102", "王敏", id_number=ID_NUMBER, phone="13912345678", workplace="=HYPERLINK(\"x\")")
    approved("420102", "江岸集体", kind="collective")
    approved("420502", "西陵某人", id_number="110105194912310037")
    client.force_login(users["clerk"])
    response = client.get(reverse("recognition:commendation_export"), {"kind": "individual"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("表彰年度", "表彰类别", "集体名称或个人姓名")
    assert [r[2] for r in rows[1:]] == ["王敏"]
    assert rows[1][5] == "1101**********002X" and rows[1][6] == "139****5678"
    assert not str(rows[1][4]).startswith("=")


def test_commendation_list_query_count_does_not_grow_with_rows(client, users, django_assert_max_num_queries):
    region = Region.objects.get(code="420102")
    Commendation.objects.bulk_create([
        Commendation(year=2025, kind="collective", name=f"集体{i}", deeds="事迹", region=region,
                     region_path=region.path, nominator_region=region, nominator_level="county") for i in range(60)])
    client.force_login(users["province"])
    with django_assert_max_num_queries(16):
        page = client.get(reverse("recognition:commendation_list")).content.decode()
    assert "共 60 条" in page


def pdf_text(data, tmp_path):
    path = tmp_path / "roster.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_province_issues_the_roster_as_a_pdf(client, users, media, tmp_path, django_capture_on_commit_callbacks):
    approved("420102", "李娜", workplace="大智街道劳动关系公共服务站协调员")
    approved("420502", "宜昌西陵经济开发区管委会", kind="collective")
    Commendation.objects.create(year=2025, kind="individual", name="未审定者", deeds="事迹",
                                region=Region.objects.get(code="420102"), nominator_level="county",
                                nominator_region=Region.objects.get(code="420102"), status="recommended")
    client.force_login(users["clerk"])
    page = client.get(reverse("recognition:commendation_roster"), {"year": "2025"}).content.decode()
    assert "李娜" in page and "宜昌西陵" not in page and "生成表彰名单 PDF" not in page
    assert client.post(reverse("recognition:commendation_roster"), {"year": "2025", "doc_number": "x"}).status_code == 403

    client.force_login(users["province"])
    response = client.post(reverse("recognition:commendation_roster"), {"year": "2025", "doc_number": ""})
    assert response.status_code == 400 and not GeneratedDocument.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recognition:commendation_roster"), {"year": "2025", "doc_number": "鄂劳三方〔2025〕9号"})
    document = GeneratedDocument.objects.get()
    assert document.status == "done" and document.kind == "commendation_roster"
    text = pdf_text(document.file.read(), tmp_path)
    for words in ("鄂劳三方〔2025〕9号", "先进集体（1个）", "先进个人（1名）", "宜昌西陵经济开发区管委会", "李娜",
                  "大智街道劳动关系公共服务站协调员", "湖北省人力资源和社会保障厅"):
        assert words in text.replace(" ", ""), words
    assert "未审定者" not in text
    # a year without an approved list gives no document
    response = client.post(reverse("recognition:commendation_roster"), {"year": "2024", "doc_number": "鄂劳三方〔2024〕1号"},
                           follow=True)
    assert any("尚无经省级审定的表彰对象" in m for m in messages_of(response))
    assert GeneratedDocument.objects.count() == 1


# ----------------------------------------------------------------------------------- joint incentive measures


def demonstration_title(enterprise):
    """A valid provincial title for the enterprise, built the way a naming leaves it."""
    from apps.evaluations.models import Assessment, IndicatorSet
    from apps.honours.models import Application, DemonstrationTitle, Naming, SelectionRound

    day = datetime.date(2025, 12, 1)
    iset = IndicatorSet.objects.create(subject_kind="enterprise", version=950, name="指标", region=Region.objects.get(code="42"))
    assessment = Assessment.objects.create(subject=enterprise.subject, region=enterprise.region, year=2025,
                                           indicator_set=iset, status=Assessment.Status.PASSED)
    round_ = SelectionRound.objects.create(year=2025, assessment_year=2025, name="2025年度示范企业评选", apply_deadline=day,
                                           recommend_deadline=day, city_review_deadline=day, expert_deadline=day,
                                           decision_deadline=day)
    naming = Naming.objects.create(round=round_, number=3, doc_number="鄂劳三方〔2025〕3号", named_on=day)
    city = Region.objects.get(code="4201")
    application = Application.objects.create(round=round_, subject=enterprise.subject, region=enterprise.region,
                                             city=city, assessment=assessment, status="named")
    return DemonstrationTitle.objects.create(subject=enterprise.subject, kind="enterprise", region=enterprise.region,
                                             city=city, naming=naming, application=application,
                                             certificate_number="HBSF-2025-001", valid_from=day,
                                             valid_until=datetime.date(2028, 12, 1))


def incentive_form(**extra):
    return {"title": "示范企业信用贷款支持", "kind": "finance", "member_units": ["hrss", "union"],
            "other_departments": "中国人民银行湖北省分行", "doc_number": "鄂劳三方〔2026〕2号", "issued_on": "2026-03-01",
            "valid_until": "2027-12-31", "content": "合作银行优先给予信用贷款支持。", "beneficiary_codes": "", **extra}


def test_a_measure_is_recorded_with_the_titles_and_units_it_benefits(client, users, enterprise):
    title = demonstration_title(enterprise)
    province = make_staff("42", username="province-all-roles")
    client.force_login(province)
    response = client.post(reverse("recognition:incentive_add"),
                           incentive_form(beneficiary_codes=f"{enterprise.uscc}\n{enterprise.uscc.lower()}",
                                          titles=[title.pk]))
    measure = Incentive.objects.get()
    assert response.status_code == 302
    assert list(measure.beneficiaries.all()) == [enterprise] and list(measure.titles.all()) == [title]
    assert measure.issuers == ["省人社厅", "省总工会", "中国人民银行湖北省分行"]
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "HBSF-2025-001" in page and enterprise.name in page
    assert "适用示范称号 1 个，受益企业 1 家" in page  # the links, in words, on the 变更记录
    assert client.get(reverse("recognition:incentive_edit", args=[measure.pk])).status_code == 200

    # a county sees the province's measure and the enterprises of its own area, but cannot change it
    client.force_login(users["clerk"])
    assert "示范企业信用贷款支持" in client.get(reverse("recognition:incentive_list")).content.decode()
    assert enterprise.name in client.get(measure.get_absolute_url()).content.decode()
    assert client.get(reverse("recognition:incentive_edit", args=[measure.pk])).status_code == 404
    assert "示范企业信用贷款支持" in client.get(reverse("recognition:incentive_list"),
                                           {"uscc": enterprise.uscc}).content.decode()
    # another county's measure stays out of sight
    # its own 文号: 鄂劳三方〔2026〕2号 is the province's, and a 文号 is issued once (apps/documents/numbering.py)
    client.post(reverse("recognition:incentive_add"), incentive_form(title="江岸区工会经费返还",
                                                                      doc_number="江劳三方〔2026〕1号"))
    client.force_login(users["other"])
    listing = client.get(reverse("recognition:incentive_list")).content.decode()
    assert "江岸区工会经费返还" not in listing and "示范企业信用贷款支持" in listing
    assert "0 家" in listing  # the province's measure benefits 江岸's enterprise: not counted in 西陵
    county_measure = Incentive.objects.get(title="江岸区工会经费返还")
    assert client.get(county_measure.get_absolute_url()).status_code == 404


def test_measure_input_is_checked(client, users, enterprise):
    client.force_login(users["other"])  # 西陵区: 江岸's enterprise is not in its ledger
    response = client.post(reverse("recognition:incentive_add"), incentive_form(
        member_units=[], other_departments="", valid_until="2025-01-01", beneficiary_codes=enterprise.uscc,
        title="保留的措施名称"))
    page = response.content.decode()
    assert "请至少选择一个三方成员单位或填写其他部门" in page and "有效期不能早于发布日期" in page
    assert f"本辖区企业台账中没有这些代码：{enterprise.uscc}" in page and 'value="保留的措施名称"' in page
    assert not Incentive.objects.exists()


def test_the_workflow_tables_refuse_an_enterprise_acting_for_another(users, enterprise):
    other = Enterprise.objects.create(name="另一公司", uscc="91420102MA4KRT0029", industry="C",
                                      region=Region.objects.get(code="420102002"))
    account = User.objects.create_user(username="ent-other", password="x", kind="enterprise", enterprise=other)
    case = Case.objects.create(title="案例", year=2026, summary="摘要", body="正文", unit_name="单位",
                               enterprise=enterprise, region=enterprise.region, author_kind="enterprise")
    assert CaseWorkflow.problem(case, CaseWorkflow.transition("submit_to_county"), account)
    item = Commendation.objects.create(year=2026, kind="collective", name="集体", deeds="事迹",
                                       region=Region.objects.get(code="420102"),
                                       nominator_region=Region.objects.get(code="420102"), nominator_level="county")
    # a city clerk may not submit the county's nomination
    assert "只有推荐单位" in CommendationWorkflow.problem(item, CommendationWorkflow.transition("submit"),
                                                         roles("4201", "clerk", username="city-clerk-2"))


def test_reviewers_see_what_waits_for_them_on_the_home_page(client, users):
    case = Case.objects.create(title="案例", year=2026, summary="摘要", body="正文", unit_name="单位",
                               region=Region.objects.get(code="420102"), created_by=users["clerk"])
    CaseWorkflow.perform(case, "submit", users["clerk"])
    client.force_login(users["city_reviewer"])
    counters = {c["label"]: c["value"] for c in client.get("/").context["counters"]}
    assert counters["待审核的典型案例"] == 1
    client.force_login(users["county_reviewer"])
    counters = {c["label"]: c["value"] for c in client.get("/").context["counters"]}
    assert counters["待审核的典型案例"] == 0  # the county submitted it: the city reviews


def test_editing_a_nomination_keeps_the_id_number_unless_retyped(client, users):
    client.force_login(users["clerk"])
    client.post(reverse("recognition:commendation_add"), commendation_form())
    item = Commendation.objects.get()
    form_page = client.get(reverse("recognition:commendation_edit", args=[item.pk])).content.decode()
    assert ID_NUMBER not in form_page and "已登记：1101**********002X" in form_page
    client.post(reverse("recognition:commendation_edit", args=[item.pk]),
                commendation_form(id_number="", phone="", deeds="补充后的事迹。"))
    item.refresh_from_db()
    assert (item.id_number, item.phone, item.deeds) == (ID_NUMBER, "13912345678", "补充后的事迹。")


def test_incentive_list_query_count_does_not_grow_with_rows(client, users, enterprise, django_assert_max_num_queries):
    region = Region.objects.get(code="42")
    measures = Incentive.objects.bulk_create([
        Incentive(title=f"措施{i}", kind="policy", member_units=["hrss"], issued_on=datetime.date(2026, 1, 1),
                  content="内容", region=region, region_path=region.path) for i in range(40)])
    for measure in measures:
        measure.beneficiaries.add(enterprise)
    client.force_login(users["clerk"])
    with django_assert_max_num_queries(16):
        page = client.get(reverse("recognition:incentive_list")).content.decode()
    assert "共 40 条" in page and "1 家" in page


def test_the_roster_says_the_same_thing_twice():
    from apps.recognition import roster

    approved("420102", "李娜", workplace="协调员")
    approved("420102", "江岸集体", kind="collective")
    province = make_staff("42", username="roster-twice")
    first = roster.context_for(2025, "鄂劳三方〔2025〕9号", *roster.approved(province, 2025), datetime.date(2025, 12, 20))
    second = roster.context_for(2025, "鄂劳三方〔2025〕9号", *roster.approved(province, 2025), datetime.date(2025, 12, 20))
    assert first == second and first["individuals"] == [{"name": "李娜", "workplace": "协调员", "place": "武汉市江岸区"}]


def test_demo_loads_cases_commendations_and_measures(client, media):
    from apps.accounts.demo import load_demo as accounts_demo
    from apps.enterprises.demo import load_demo as enterprises_demo
    from apps.recognition.demo import load_demo

    out = io.StringIO()
    accounts_demo(out)
    enterprises_demo(out)
    load_demo(out)
    assert Case.objects.published().count() == 3
    assert set(Case.objects.values_list("status", flat=True)) == {"published", "submitted", "returned", "county_check"}
    assert Commendation.objects.approved().filter(year=2025).count() == 7
    assert Incentive.objects.count() == 4
    # reached through the workflows: the published cases carry their steps in 变更记录
    published = Case.objects.published().first()
    assert published.history.filter(history_change_reason__contains="省级发布").exists()
    # the public page shows the three, without logging in
    assert "共 3 个案例" in client.get(reverse("public:case_list")).content.decode()
    load_demo(out)  # twice: skipped, nothing duplicated
    assert "已存在，跳过" in out.getvalue() and Case.objects.count() == 6
