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

from .conftest import make_staff

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
    from apps.recognition import roster

    province = make_staff("42", username="p-roster")
    assert roster.can_issue(province)
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
    assert "%E5%85%B3%E4%BA%8E%3Cscript%3E_x%E7%9A%84%E9%80%9A%E7%9F%A5.pdf" in header
    document.doc_number = "鄂劳三方〔2026〕5号"
    document.save()
    header = client.get(reverse("documents:document_download", args=[document.pk]))["Content-Disposition"]
    assert header.endswith("%E9%84%82%E5%8A%B3%E4%B8%89%E6%96%B9%E3%80%942026%E3%80%955%E5%8F%B7.pdf")
