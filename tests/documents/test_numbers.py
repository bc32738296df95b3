"""文号: one register, unique per issuing body and year across every document kind; forms propose the next free
number; revocations and 公示 take theirs; 表彰决定 sentences follow the counts; download names are safe."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.core.workflow import WorkflowError
from apps.documents import numbering
from apps.documents.models import GeneratedDocument, IssuedNumber
from apps.honours.testing import make_application, make_enterprise, make_round, make_title
from apps.regions.models import Region
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_a_number_is_taken_once_across_every_kind():
    province = Region.objects.get(code="42")
    assert numbering.next_free("鄂劳三方", 2026) == "鄂劳三方〔2026〕1号"
    assert numbering.claim("鄂劳三方〔2026〕5号", kind="bulletin", title="通报", region=province) == "鄂劳三方〔2026〕5号"
    # the same number for a 表彰决定 (another kind) is refused, and the message names the next free one
    with pytest.raises(WorkflowError, match="已被“通报”使用，下一个可用文号为 鄂劳三方〔2026〕6号"):
        numbering.claim("鄂劳三方〔2026〕5号", kind="commendation_roster")
    # another year or another body is free
    assert numbering.claim("鄂劳三方〔2025〕5号") and numbering.claim("武劳三方〔2026〕5号")
    assert numbering.allocate(province, "鄂劳三方", 2026) == "鄂劳三方〔2026〕6号"
    for bad in ("鄂劳三方[2026]7号", "鄂劳三方〔26〕7号", "鄂劳三方〔2026〕07号", "鄂劳三方〔2026〕第7号", ""):
        with pytest.raises(WorkflowError, match="格式不正确"):
            numbering.claim(bad)
    assert IssuedNumber.objects.filter(prefix="鄂劳三方", year=2026).count() == 2


def test_the_roster_form_proposes_the_next_number_and_refuses_a_taken_one(client, media):
    from apps.recognition.models import Commendation

    region = Region.objects.get(code="420102")
    Commendation.objects.create(year=2025, kind="individual", name="李娜", deeds="事迹", region=region,
                                nominator_region=region, nominator_level="county", status="approved")
    numbering.claim("鄂劳三方〔2026〕12号", kind="recognition-2025", title="2025年度表彰决定")
    from apps.core.policy import can
    from apps.recognition import roster
    from apps.recognition.models import Commendation

    province = make_staff("42", username="p-roster")
    assert can(province, "issue", Commendation)
    client.force_login(province)
    page = client.get(reverse("recognition:commendation_roster"), {"year": "2025"}).content.decode()
    assert 'value="鄂劳三方〔2026〕13号"' in page
    with pytest.raises(WorkflowError, match="已被“2025年度表彰决定”使用"):
        roster.request_pdf(province, 2025, "鄂劳三方〔2026〕12号")
    assert not GeneratedDocument.objects.exists()
    assert numbering.next_free("鄂劳三方", 2026) == "鄂劳三方〔2026〕13号"


def test_the_decision_says_only_what_it_grants():
    from apps.recognition.roster import context_for

    region = SimpleNamespace(full_name="湖北省武汉市江岸区", name="江岸区")
    only_people = context_for(2026, "鄂劳三方〔2026〕12号", [],
                              [SimpleNamespace(name="李娜", workplace="协调员", region=region)],
                              datetime.date(2026, 12, 1))
    text = "".join(only_people["paragraphs"])
    assert "0个集体" not in text and "集体" not in text.split("决定")[-1].split("。")[0]
    assert "授予1名同志“全省和谐劳动关系创建工作先进个人”称号" in text
    assert "湖北省协调劳动关系三方委员会审定" in text
    assert only_people["title"] == "关于表彰2026年度全省和谐劳动关系创建工作先进个人的决定"
    assert only_people["individual_heading"] == "一、先进个人（1名）" and not only_people["collective_heading"]
    both = context_for(2026, "鄂劳三方〔2026〕12号", [SimpleNamespace(name="江岸集体", region=region)],
                       [SimpleNamespace(name="李娜", workplace="协调员", region=region)], datetime.date(2026, 12, 1))
    assert "授予1个集体“全省和谐劳动关系创建工作先进集体”称号，授予1名同志" in "".join(both["paragraphs"])
    assert both["individual_heading"] == "二、先进个人（1名）"


def test_a_revocation_notice_carries_the_next_number(media):
    from apps.honours.workflow import TitleWorkflow

    numbering.claim(f"鄂劳三方〔{datetime.date.today().year}〕3号", kind="honour-naming")
    title = make_title(make_application(make_round(stage="named"), status="named",
                                        enterprise=make_enterprise(name="撤销文号有限公司")),
                       named_on=datetime.date.today() - datetime.timedelta(days=10))
    TitleWorkflow.perform(title, "revoke", make_staff("42", username="p-revoke"), reason="发生重大欠薪事件",
                          cause="major_risk")
    title.refresh_from_db()
    number = f"鄂劳三方〔{datetime.date.today().year}〕4号"
    assert title.revocation.doc_number == number
    assert title.revocation.notice.doc_number == number and title.revocation.notice.context["doc_number"] == number
    assert IssuedNumber.objects.get(doc_number=number).kind == "honour-revocation"


def test_download_name_is_safe_and_keeps_the_chinese_title(client, media):
    user = make_staff("42", roles=("leader",), username="p-dl")
    document = GeneratedDocument(title="关于<script>/x的通知", template_name="documents/official_notice.html",
                                 region=user.region, created_by=user, status="done", kind="notice")
    document.file.save("x.pdf", ContentFile(b"%PDF-1.4 x"), save=True)
    client.force_login(user)
    header = client.get(reverse("documents:document_download", args=[document.pk]))["Content-Disposition"]
    assert header.startswith(f'inline; filename="notice-{document.pk}.pdf"; filename*=UTF-8\'\'')
    assert "%E5%85%B3%E4%BA%8E_script_x%E7%9A%84%E9%80%9A%E7%9F%A5.pdf" in header
    document.doc_number = "鄂劳三方〔2026〕5号"
    document.save()
    header = client.get(reverse("documents:document_download", args=[document.pk]))["Content-Disposition"]
    assert header.endswith("%E9%84%82%E5%8A%B3%E4%B8%89%E6%96%B9%E3%80%942026%E3%80%955%E5%8F%B7.pdf")


def test_a_change_of_candidates_issues_a_supplementary_publicity_shown_to_the_public(client, media):
    from apps.honours import services
    from apps.honours.workflow import ApplicationWorkflow, RoundWorkflow

    province = make_staff("42", username="p-publicity")
    round_ = make_round(stage="deciding", keep_reserve=True)
    keep = make_application(round_, status="approved", enterprise=make_enterprise(name="留下有限公司"))
    gone = make_application(round_, status="approved", enterprise=make_enterprise(name="撤下有限公司"))
    reserve = make_application(round_, status="reserve", enterprise=make_enterprise(name="候补有限公司"))
    reserve.city = gone.city
    reserve.save()
    for app in (keep, gone):
        ApplicationWorkflow.perform(app, "select", province)
    RoundWorkflow.perform(round_, "start_publicity", province)
    first = services.current_publicity_notice(round_)
    assert first.doc_number == f"鄂劳三方〔{datetime.date.today().year}〕1号"
    ApplicationWorkflow.perform(gone, "withdraw", province, reason="公示异议成立")
    ApplicationWorkflow.perform(reserve, "promote", province)
    notice = services.current_publicity_notice(round_)
    year = datetime.date.today().year
    assert notice.doc_number == f"鄂劳三方〔{year}〕3号"
    assert notice.context["title"].endswith("的补充公示")
    assert f"鄂劳三方〔{year}〕2号" in notice.context["paragraphs"][0]
    listed = [name for g in notice.context["unit_groups"] for _, name in g["units"]]
    assert sorted(listed) == ["候补有限公司", "留下有限公司"]
    assert GeneratedDocument.objects.filter(kind="honour-publicity").count() == 3
    page = client.get(reverse("public:publicity")).content.decode()
    assert f"鄂劳三方〔{year}〕3号" in page and "补充公示" in page
    assert "候补有限公司" in page and "撤下有限公司" not in page


def test_the_notice_form_proposes_the_next_number_and_refuses_a_taken_one(client, media):
    leader = make_staff("42", roles=("leader",), username="p-notice")
    numbering.claim(f"鄂劳三方〔{datetime.date.today().year}〕1号", kind="bulletin", title="通报",
                    region=leader.region)
    client.force_login(leader)
    year = datetime.date.today().year
    page = client.get(reverse("documents:notice_add")).content.decode()
    assert f'value="鄂劳三方〔{year}〕2号"' in page
    response = client.post(reverse("documents:notice_add"), {
        "units": ["hrss"], "doc_number": f"鄂劳三方〔{year}〕1号", "title": "关于年度总结的通知",
        "addressee": "各市三方办", "body": "请按时报送。", "issue_date": f"{year}-11-25"})
    assert response.status_code == 200 and "已被“通报”使用" in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_a_second_bulletin_cannot_reuse_a_number(client):
    from apps.supervision.models import Bulletin

    client.force_login(make_staff("42", username="p-bulletin"))
    data = {"year": 2026, "title": "关于2026年全省和谐劳动关系创建活动情况的通报", "doc_number": "鄂劳三方〔2026〕5号",
            "opening": "现将有关情况通报如下。"}
    assert client.post(reverse("supervision:bulletin_add"), data).status_code == 302
    assert 'value="鄂劳三方〔2026〕6号"' in client.get(reverse("supervision:bulletin_add")).content.decode()
    response = client.post(reverse("supervision:bulletin_add"), {**data, "title": "第二份通报"})
    assert response.status_code == 200 and "文号 鄂劳三方〔2026〕5号 已被" in response.content.decode()
    response = client.post(reverse("supervision:bulletin_add"), {**data, "doc_number": "鄂劳三方[2026]7号"})
    assert "格式不正确" in response.content.decode()
    assert Bulletin.objects.count() == 1
    assert IssuedNumber.objects.get(doc_number="鄂劳三方〔2026〕5号").kind == "bulletin"


def test_an_incentive_measure_takes_its_number_from_the_register(client):
    from apps.recognition.models import Incentive

    client.force_login(make_staff("42", username="p-incentive"))
    data = {"title": "示范企业信用贷款支持", "kind": "finance", "member_units": ["hrss", "union"],
            "other_departments": "", "doc_number": "鄂劳三方〔2026〕2号", "issued_on": "2026-03-01",
            "valid_until": "2027-12-31", "content": "合作银行优先给予信用贷款支持。", "beneficiary_codes": ""}
    assert client.post(reverse("recognition:incentive_add"), data).status_code == 302
    measure = Incentive.objects.get()
    assert IssuedNumber.objects.get(doc_number="鄂劳三方〔2026〕2号").owner == f"recognition.incentive:{measure.pk}"
    # editing the same measure keeps its own number; another measure may not take it
    assert client.post(reverse("recognition:incentive_edit", args=[measure.pk]),
                       {**data, "title": "信用贷款支持（修订）"}).status_code == 302
    response = client.post(reverse("recognition:incentive_add"), {**data, "title": "另一项措施"})
    assert response.status_code == 200 and "已被" in response.content.decode()
    assert Incentive.objects.count() == 1
