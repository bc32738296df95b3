"""The demonstration selection from application to naming, its refusals, the re-review sweep and the documents."""

import datetime
import subprocess
import threading

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from apps.core.workflow import WorkflowError
from apps.honours import rereview, services
from apps.honours.models import (
    Application,
    CityQuota,
    DemonstrationTitle,
    Naming,
    Objection,
    ReReview,
    SelectionRound,
    TitleReminder,
)
from apps.honours.testing import make_application, make_enterprise, make_expert, make_round, make_title
from apps.honours.workflow import ApplicationWorkflow, ObjectionWorkflow, RoundWorkflow
from tests import samples
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {
        "county": make_staff("420102", username="h-county"),
        "city": make_staff("4201", username="h-city"),
        "province": make_staff("42", username="h-province"),
        "other_county": make_staff("420502", username="h-other"),
    }


def step(obj, name, user, reason="同意", **ctx):
    workflow = {SelectionRound: RoundWorkflow, Application: ApplicationWorkflow, Objection: ObjectionWorkflow}[
        type(obj)]
    return workflow.perform(obj, name, user, reason=reason, **ctx)


def test_application_refused_without_a_passed_assessment(people, media):
    round_ = make_round()
    for status, words in ((None, "没有2026年度已达标"), ("vetoed", "一票否决"), ("not_passed", "没有2026年度已达标")):
        enterprise = make_enterprise(status=status)
        with pytest.raises(WorkflowError, match=words):
            services.apply(round_, enterprise.subject, people["county"])
    assert not Application.objects.exists()


def test_application_refused_outside_area_out_of_stage_and_after_deadline(people, media):
    enterprise = make_enterprise()
    round_ = make_round()
    with pytest.raises(WorkflowError, match="不能为该单位申报"):
        services.apply(round_, enterprise.subject, people["other_county"])
    draft = make_round(stage="draft")
    with pytest.raises(WorkflowError, match="不接受申报"):
        services.apply(draft, enterprise.subject, people["county"])
    SelectionRound.objects.filter(pk=round_.pk).update(apply_deadline=datetime.date.today() - datetime.timedelta(1))
    with pytest.raises(WorkflowError, match="申报已于"):
        services.apply(round_, enterprise.subject, people["county"])
    assert not Application.objects.exists()


def test_a_small_round_from_application_to_naming(people, media, django_capture_on_commit_callbacks):
    county, city, province = people["county"], people["city"], people["province"]
    round_ = make_round(total_quota=2, quota=0, reserve=0, drop_extremes=True, publicity_days=7)
    CityQuota.objects.filter(round=round_, city__code="4201").update(quota=2, reserve=1)
    firms = [make_enterprise(name=f"江岸示范{i}有限公司", account=i == 0) for i in range(4)]
    apps_ = [services.apply(round_, f.subject, county, summary="创建工作扎实") for f in firms]
    assert apps_[0].form_document is not None

    # a stage acted on out of order is refused and nothing changes
    with pytest.raises(WorkflowError, match="不在“县级推荐”阶段"):
        step(apps_[0], "recommend", county, rank=1)
    with pytest.raises(WorkflowError, match="不能重复申报"):
        services.apply(round_, firms[0].subject, county)
    step(round_, "close_applying", province)
    with pytest.raises(WorkflowError, match="请填写排序"):
        step(apps_[0], "recommend", county)
    for i, app in enumerate(apps_):
        step(app, "recommend", county, rank=i + 1)
    # a city user may not recommend where a county office exists
    with pytest.raises(WorkflowError):
        step(make_application(round_, status="submitted"), "recommend", city, rank=1)
    step(round_, "close_recommending", province)
    step(apps_[0], "approve", city, rank=1)
    step(apps_[1], "approve", city, rank=2)
    with pytest.raises(WorkflowError, match="推荐名额共 2 个，已用完"):
        step(apps_[2], "approve", city, rank=3)
    assert Application.objects.get(pk=apps_[2].pk).status == "recommended"
    step(apps_[2], "reserve", city, rank=3)
    with pytest.raises(WorkflowError, match="候补名额共 1 个"):
        step(apps_[3], "reserve", city, rank=4)
    step(apps_[3], "reject", city, reason="材料不全")
    step(round_, "close_city_review", province)

    experts = [make_expert() for _ in range(3)]
    assignments = {}
    for app in apps_[:2]:
        for expert in experts:
            assignments[(app.pk, expert.pk)] = services.assign_expert(Application.objects.get(pk=app.pk), expert,
                                                                      province)
    # an expert sees only assigned applications, and cannot score another's assignment
    outsider = make_expert()
    assert not Application.objects.visible_to(outsider).exists()
    assert set(Application.objects.visible_to(experts[0])) == {apps_[0], apps_[1]}
    with pytest.raises(WorkflowError, match="未分配给您"):
        services.score(assignments[(apps_[0].pk, experts[0].pk)].pk, outsider, {"劳动关系协调机制": 40})
    with pytest.raises(WorkflowError, match="结束专家评审"):
        step(round_, "close_expert_review", province)
    with pytest.raises(WorkflowError, match="分数须在 0 至 50"):
        services.score(assignments[(apps_[0].pk, experts[0].pk)].pk, experts[0], {"劳动关系协调机制": 99})
    marks = {apps_[0].pk: (40, 45, 20), apps_[1].pk: (35, 35, 35)}
    for app in apps_[:2]:
        for expert, mark in zip(experts, marks[app.pk], strict=True):
            services.score(assignments[(app.pk, expert.pk)].pk, expert,
                           {"劳动关系协调机制": mark, "职工权益保障": 40})
    with pytest.raises(WorkflowError, match="已提交评分"):
        services.score(assignments[(apps_[0].pk, experts[0].pk)].pk, experts[0], {"劳动关系协调机制": 1})
    step(round_, "close_expert_review", province)
    a0, a1 = Application.objects.get(pk=apps_[0].pk), Application.objects.get(pk=apps_[1].pk)
    assert a0.expert_score == 80 and a1.expert_score == 75  # the middle marks (40+40, 35+40)
    assert (a0.expert_rank, a1.expert_rank) == (1, 2)

    services.decide_by_rank(round_, province)
    step(round_, "start_publicity", province)
    round_.refresh_from_db()
    assert round_.publicity_end > round_.publicity_start

    # the public objects to one candidate; the objection must be resolved before naming
    objection = services.lodge_objection(a1.pk, name="", contact="13900000000", text="<script>alert(1)</script>拖欠工资")
    with time_machine.travel(round_.publicity_end + datetime.timedelta(days=1)):
        with pytest.raises(WorkflowError, match="未办结"):
            step(round_, "name", province, number=9)
    with pytest.raises(WorkflowError, match="公示期满后"):
        step(round_, "name", province, number=9)
    step(objection, "uphold", province, reason="经核查属实")
    step(a1, "withdraw", province, reason="公示异议成立")
    step(Application.objects.get(pk=apps_[2].pk), "promote", province)

    with time_machine.travel(round_.publicity_end + datetime.timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            step(round_, "name", province, number=9, named_on=datetime.date(2026, 12, 20))
        with pytest.raises(WorkflowError, match="已命名"):
            step(SelectionRound.objects.get(pk=round_.pk), "name", province, number=4)
    naming = Naming.objects.get(round=round_)
    # (9: the 公示 and its two 补充公示 took 鄂劳三方〔2026〕1–3号 from the one register)
    assert naming.doc_number == "鄂劳三方〔2026〕9号" and Naming.objects.count() == 1
    titles = DemonstrationTitle.objects.filter(naming=naming)
    assert {t.subject_id for t in titles} == {firms[0].subject_id, firms[2].subject_id}
    assert all(t.valid_until == datetime.date(2029, 12, 20) for t in titles)
    naming.notice.refresh_from_db()
    assert naming.notice.status == "done" and naming.certificates.file


def test_two_clicks_at_once_cannot_exceed_the_city_quota(transactional_db, media, ensure_regions):
    city = make_staff("4201", username="h-city-concurrent")
    round_ = make_round(stage="city_review", quota=0)
    CityQuota.objects.filter(round=round_, city__code="4201").update(quota=1)
    apps_ = [make_application(round_, status="recommended") for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def click(app):
        barrier.wait()
        try:
            ApplicationWorkflow.perform(app, "approve", city, rank=1)
            outcomes.append("ok")
        except WorkflowError as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(a,)) for a in apps_]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert outcomes.count("ok") == 1 and "已用完" in "".join(outcomes), outcomes
    assert Application.objects.filter(round=round_, status="approved").count() == 1


def test_objection_form_refuses_a_large_file_and_escapes_script(client, media, people):
    round_ = make_round(stage="publicity", publicity_start=datetime.date.today(),
                        publicity_end=datetime.date.today() + datetime.timedelta(days=9))
    app = make_application(round_, status="selected")
    url = reverse("public:publicity")
    page = client.get(url)
    assert page.status_code == 200 and app.subject.name in page.content.decode()
    big = SimpleUploadedFile("big.pdf", b"0" * (30 * 1024 * 1024), content_type="application/pdf")
    response = client.post(url, {"application": app.pk, "contact": "13900000000", "text": "异议", "attachment": big})
    body = response.content.decode()
    assert response.status_code == 200 and "文件不能超过 10 MB" in body and "13900000000" in body
    assert not Objection.objects.exists()
    response = client.post(url, {"application": app.pk, "contact": "13900000000",
                                 "text": "<script>alert(1)</script>未签劳动合同"}, follow=True)
    assert "您的异议已受理" in response.content.decode()
    objection = Objection.objects.get()
    client.force_login(people["province"])
    detail = client.get(objection.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail and "<script>alert(1)" not in detail


def test_rereview_sweep_across_the_three_year_boundary_is_idempotent(people, media):
    from apps.documents.models import Notification

    account_firm = make_enterprise(account=True)
    title = make_title(make_application(make_round(stage="named"), status="named", enterprise=account_firm),
                       named_on=datetime.date(2025, 12, 1))
    due = title.valid_until
    assert due == datetime.date(2028, 12, 1)
    recipients = {account_firm.accounts.first().pk, people["county"].pk}

    def notes():
        return Notification.objects.filter(recipient__in=recipients).count()

    with time_machine.travel(due - datetime.timedelta(days=91)):
        assert rereview.run() == {"d90": 0, "d30": 0, "due": 0}
    with time_machine.travel(due - datetime.timedelta(days=90)):
        assert rereview.run()["d90"] == 1
        assert rereview.run()["d90"] == 0  # run twice: nothing sent twice
    assert notes() == 2
    with time_machine.travel(due - datetime.timedelta(days=30)):
        assert rereview.run() == {"d90": 0, "d30": 1, "due": 0}
        rereview.run()
    assert notes() == 4
    with time_machine.travel(due - datetime.timedelta(days=1)):
        assert not ReReview.objects.exists() and rereview.run()["due"] == 0
    with time_machine.travel(due):
        assert rereview.run()["due"] == 1
        assert rereview.run()["due"] == 0
    rr = ReReview.objects.get()
    assert rr.due_on == due and rr.status == "open"
    title.refresh_from_db()
    assert title.status == "under_review" and title.is_held
    assert TitleReminder.objects.filter(title=title).count() == 3 and notes() == 6
    assert all(r.letter_id for r in TitleReminder.objects.all())


def test_rereview_letters_take_their_numbers_from_the_one_register(people, media):
    """The reminder and re-review letters are official documents: each takes the next 文号 of 鄂劳三方 from the
    register every other document draws from, consecutive in a batch, and a second run takes none."""
    from apps.documents.models import GeneratedDocument, IssuedNumber
    from apps.documents.numbering import allocate

    titles = [make_title(make_application(make_round(stage="named"), status="named"),
                         named_on=datetime.date(2025, 12, 1)) for _ in range(2)]
    due = titles[0].valid_until
    with time_machine.travel(due - datetime.timedelta(days=90)):
        year = datetime.date.today().year
        taken = allocate(None, "鄂劳三方", year, kind="honour-publicity", title="某公示")  # another kind's number
        assert rereview.run()["d90"] == 2
        assert rereview.run()["d90"] == 0
    letters = GeneratedDocument.objects.filter(kind="honour-rereview-letter").order_by("pk")
    numbers = [d.doc_number for d in letters]
    assert taken == f"鄂劳三方〔{year}〕1号"
    assert sorted(numbers) == [f"鄂劳三方〔{year}〕2号", f"鄂劳三方〔{year}〕3号"]
    assert [d.context["doc_number"] for d in letters] == numbers  # printed on the letter
    for letter in letters:
        reminder = TitleReminder.objects.get(letter=letter)
        issued = IssuedNumber.objects.get(doc_number=letter.doc_number)
        assert issued.kind == "honour-rereview-letter" and issued.owner == f"honours.reminder:{reminder.pk}"
        assert issued.title == letter.title
    assert IssuedNumber.objects.filter(prefix="鄂劳三方", year=year).count() == 3


def test_the_unit_opens_its_own_reminder_letter_and_no_other_unit_can(client, people, media):
    from django.core.files.base import ContentFile

    from apps.documents.models import GeneratedDocument

    firm = make_enterprise(account=True)
    other = make_enterprise(account=True)
    title = make_title(make_application(make_round(stage="named"), status="named", enterprise=firm),
                       named_on=datetime.date(2025, 12, 1))
    with time_machine.travel(title.valid_until - datetime.timedelta(days=90)):
        assert rereview.run()["d90"] == 1
    letter = TitleReminder.objects.get(title=title).letter
    letter.file.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"), save=False)
    GeneratedDocument.objects.filter(pk=letter.pk).update(file=letter.file.name, status="done")
    url = reverse("documents:document_download", args=[letter.pk])
    client.force_login(firm.accounts.first())
    assert client.get(url).status_code == 200  # the notification's link opens for the unit itself
    client.force_login(other.accounts.first())
    assert client.get(url).status_code == 404


def test_naming_pdf_text_and_png(people, media, tmp_path):
    from apps.documents.services import render_document_now

    round_ = make_round(stage="named")
    apps_ = [make_application(round_, status="selected",
                              enterprise=make_enterprise(township_code=code, name=f"示范单位{code}有限公司"))
             for code in ("420102002", "420502001")]
    naming = services.confer_titles(round_, people["province"], 7, datetime.date(2026, 12, 20))
    first = render_document_now(naming.notice)
    pdf = tmp_path / "naming.pdf"
    pdf.write_bytes(first.file.read())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "鄂劳三方〔2026〕7号" in text and "湖北省人力资源和社会保障厅" in text
    assert "武汉市（1个）" in text and "宜昌市（1个）" in text and "示范单位420502001有限公司" in text
    assert "2026年12月20日" in text
    again = render_document_now(naming.notice)
    pdf2 = tmp_path / "again.pdf"
    pdf2.write_bytes(again.file.read())
    text2 = subprocess.run(["pdftotext", "-layout", str(pdf2), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert text2 == text  # same document, same text
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 2000
    certs = render_document_now(naming.certificates)
    (tmp_path / "c.pdf").write_bytes(certs.file.read())
    ctext = subprocess.run(["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True, text=True).stdout
    assert ctext.count("证书编号") == 2 and all(a.subject.name in ctext for a in apps_)


def test_revocation_removes_the_unit_from_the_public_list(client, people, media):
    from apps.honours.workflow import TitleWorkflow

    title = make_title(make_application(make_round(stage="named"), status="named",
                                        enterprise=make_enterprise(name="撤销测试有限公司")),
                       named_on=datetime.date.today() - datetime.timedelta(days=10))
    assert "撤销测试有限公司" in client.get(reverse("public:named_units")).content.decode()
    with pytest.raises(WorkflowError, match="请选择撤销原因"):
        TitleWorkflow.perform(title, "revoke", people["province"], reason="重大欠薪")
    with pytest.raises(WorkflowError):
        TitleWorkflow.perform(title, "revoke", people["county"], reason="重大欠薪", cause="major_risk")
    TitleWorkflow.perform(title, "revoke", people["province"], reason="发生重大欠薪事件", cause="major_risk")
    title.refresh_from_db()
    assert title.status == "revoked" and title.revocation.notice_id
    assert "撤销测试有限公司" not in client.get(reverse("public:named_units")).content.decode()
    assert not DemonstrationTitle.objects.valid().filter(pk=title.pk).exists()


def test_lists_keep_a_bounded_query_count_and_survive_bad_filters(client, people, media,
                                                                    django_assert_max_num_queries):
    round_ = make_round(stage="recommending")
    for _ in range(30):
        make_application(round_)
    client.force_login(people["province"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("honours:application_list"))
    assert response.status_code == 200 and "共 30 条" in response.content.decode()
    for query in ("?q=%00", "?round=-1", "?round=999999999999999999999", "?city=abc", "?status=%00"):
        assert client.get(reverse("honours:application_list") + query).status_code == 200
        assert client.get(reverse("honours:title_list") + query).status_code == 200
    assert client.get(reverse("public:named_units") + "?q=%00&city=%00&year=-1&page=99999").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("honours:national_list")).status_code == 200


def test_the_ledger_shows_demonstration_only_through_a_title(client, people, media):
    from apps.enterprises.forms import BulkStatusForm, CreationRecordForm
    from apps.enterprises.models import CreationRecord
    from apps.honours.workflow import TitleWorkflow

    firm = make_enterprise(name="台账示范有限公司")
    form = CreationRecordForm({"year": 2026, "status": "demonstration", "started_on": "2026-03-01"},
                              subject=firm.subject)
    assert not form.is_valid() and "只能由省级命名产生" in str(form.errors)
    bulk = BulkStatusForm({"pks": [firm.pk], "year": 2026, "status": "demonstration"}, user=people["county"])
    assert not bulk.is_valid() and "status" in bulk.errors
    assert not CreationRecord.objects.filter(status="demonstration").exists()

    round_ = make_round(stage="named")
    app = make_application(round_, status="selected", enterprise=firm)
    services.confer_titles(round_, people["province"], 11, datetime.date(2026, 12, 20))
    record = CreationRecord.objects.get(subject=firm.subject, year=2026)
    assert record.status == "demonstration" and "命名为示范单位" in record.history.first().history_change_reason
    TitleWorkflow.perform(DemonstrationTitle.objects.get(application=app), "revoke", people["province"],
                          reason="抽查发现未签劳动合同", cause="spot_check")
    record.refresh_from_db()
    assert record.status == "qualified"


def test_province_opens_a_round_with_quotas_and_the_county_applies_on_a_units_behalf(client, people, media):
    client.force_login(people["county"])
    assert client.get(reverse("honours:round_add")).status_code == 403
    client.force_login(people["province"])
    data = {"year": 2031, "kind": "enterprise", "name": "2031年度示范企业评选", "total_quota": 100,
            "assessment_year": 2026, "min_score_years": 1, "publicity_days": 7, "keep_reserve": "on",
            "apply_deadline": "2031-03-01", "recommend_deadline": "2031-02-01", "city_review_deadline": "2031-04-01",
            "expert_deadline": "2031-05-01", "decision_deadline": "2031-06-01",
            "criteria_text": "劳动关系协调机制|60\n职工权益保障|40"}
    response = client.post(reverse("honours:round_add"), data)
    assert "各阶段截止日期须依次排列" in response.content.decode() and not SelectionRound.objects.exists()
    data["recommend_deadline"] = "2031-03-15"
    response = client.post(reverse("honours:round_add"), data, follow=True)
    round_ = SelectionRound.objects.get()
    assert "评选活动已创建" in response.content.decode()
    assert round_.quotas.count() == 17 and sum(q.quota for q in round_.quotas.all()) == 100
    quota_data = {f"q_{q.city.code}": 10 for q in round_.quotas.select_related("city")}
    quota_data.update({f"r_{q.city.code}": 1 for q in round_.quotas.select_related("city")})
    response = client.post(reverse("honours:round_quota", args=[round_.pk]), quota_data)
    assert "超过命名总名额 100 个" in response.content.decode()
    RoundWorkflow.perform(round_, "open", people["province"])

    firm = make_enterprise(name="代为申报有限公司", status="vetoed")
    client.force_login(people["county"])
    commitment = SimpleUploadedFile("承诺书.pdf", samples.PDF, content_type="application/pdf")
    response = client.post(reverse("honours:application_add"), {
        "round": round_.pk, "subject": firm.subject_id, "summary": "我们的创建做法", "commitment": commitment})
    body = response.content.decode()
    assert "一票否决，不能申报" in body and "我们的创建做法" in body and not Application.objects.exists()
    ok = make_enterprise(name="代为申报二有限公司")
    commitment = SimpleUploadedFile("承诺书.pdf", samples.PDF, content_type="application/pdf")
    response = client.post(reverse("honours:application_add"), {
        "round": round_.pk, "subject": ok.subject_id, "summary": "做法", "commitment": commitment}, follow=True)
    assert "申报已提交" in response.content.decode()
    app = Application.objects.get()
    assert app.submitted_by == people["county"] and app.commitment and app.city.code == "4201"
    # another county's user cannot see it, nor act on it
    client.force_login(people["other_county"])
    assert client.get(app.get_absolute_url()).status_code == 404


def test_national_list_export_holds_only_valid_titles(client, people, media):
    import io

    from openpyxl import load_workbook

    valid = make_title(make_application(make_round(stage="named"), status="named",
                                        enterprise=make_enterprise(name="全国推荐有效有限公司")),
                       named_on=datetime.date.today() - datetime.timedelta(days=30))
    make_title(make_application(make_round(stage="named"), status="named",
                                enterprise=make_enterprise(name="已撤销有限公司")),
               named_on=datetime.date.today() - datetime.timedelta(days=30), status="revoked")
    client.force_login(people["province"])
    page = client.get(reverse("honours:national_list")).content.decode()
    assert "全国推荐有效有限公司" in page and "已撤销有限公司" not in page
    response = client.get(reverse("honours:national_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                     else response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "单位名称" and [r[1] for r in rows[1:]] == ["全国推荐有效有限公司"]
    assert rows[1][5] == valid.certificate_number


def test_a_province_administered_unit_recommends_at_city_level(people, media):
    """仙桃、潜江、天门、神农架 have no county offices: their city-level office recommends directly."""
    xiantao = make_staff("429004", username="h-xiantao")
    round_ = make_round(stage="recommending")
    app = make_application(round_, enterprise=make_enterprise(township_code="429004001"))
    assert app.city.code == "429004"
    step(app, "recommend", xiantao, rank=1)
    assert Application.objects.get(pk=app.pk).status == "recommended"
    wuhan_app = make_application(round_)
    with pytest.raises(WorkflowError, match="应由县级推荐"):
        step(wuhan_app, "recommend", people["city"], rank=1)


def test_a_step_after_its_stage_deadline_is_refused(people, media):
    round_ = make_round(stage="recommending")
    SelectionRound.objects.filter(pk=round_.pk).update(recommend_deadline=datetime.date.today()
                                                       - datetime.timedelta(days=1))
    app = make_application(round_)
    with pytest.raises(WorkflowError, match="“县级推荐”已于 .* 截止"):
        step(app, "recommend", people["county"], rank=1)
    assert Application.objects.get(pk=app.pk).status == "submitted" and app.history.count() == 1
