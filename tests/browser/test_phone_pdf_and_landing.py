"""Issue 13 in a real browser: what a person sees on a phone, while a PDF is made, on an enterprise's landing."""

import datetime

import pytest

from apps.coordinators.models import Coordinator
from apps.documents.models import GeneratedDocument
from apps.regions.models import Region
from apps.stations.models import Station
from tests.conftest import browser_login, make_staff


@pytest.mark.django_db(transaction=True)
def test_public_coordinator_list_is_cards_on_a_phone_with_the_plan_title_and_a_station_phone(chromium,
                                                                                             live_server,
                                                                                             ensure_regions,
                                                                                             settings):
    settings.DEBUG = True
    township = Region.objects.get(code="420102002")
    Station.objects.create(name="大智街道劳动关系公共服务站", kind="street", region=township, address="大智路 58 号",
                           phone="027-82771234", acceptance_result="passed", acceptance_date=datetime.date(2025, 6, 1))
    from stdnum.cn import ric

    for name, body in [("欧阳晓明", "42010219880315123"), ("司马文静", "42010219900101124")]:
        number = body + ric.calc_check_digit(body)
        c = Coordinator(name=name, education="college", workplace_type="enterprise",
                        workplace_name="武汉大智百货有限公司工会委员会", region=township, phone="13912345678",
                        confirmation="confirmed")  # the public list shows only coordinators a reviewer confirmed
        c.set_id_number(number)
        c.save()
    context = chromium.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/public/coordinators/?county=420102")
        cards = page.locator("[data-testid=coordinator-card]")
        assert cards.count() == 2
        assert page.locator("table[data-testid=public-list]").count() == 0
        # no sideways scrolling, and a name stays on one line
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        name = cards.first.locator(".fw-semibold")
        line = page.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 24", name.element_handle())
        assert name.bounding_box()["height"] < 1.6 * line
        text = page.locator("[data-testid=plan-citation]").inner_text()
        assert "《湖北省推进新时代和谐劳动关系创建活动工作方案》" in text and "实施方案" not in text
        station = cards.first.locator("[data-testid=contact-station]")
        assert "027-82771234" in station.inner_text()
        assert station.locator("a[href='tel:027-82771234']").count() == 1
        assert "13912345678" not in page.content()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_pdf_being_made_turns_into_its_link_and_the_bell_counts_it(page, live_server, media):
    from apps.documents.tasks import render_document

    clerk = make_staff("420102", username="browser-leader", roles=("leader",))
    document = GeneratedDocument.objects.create(
        title="关于开展和谐劳动关系创建活动的通知", template_name="documents/official_notice.html",
        context={"title": "关于开展和谐劳动关系创建活动的通知", "paragraphs": ["请各单位认真落实。"], "issuers": [],
                 "doc_number": "", "addressee": "", "date_text": "", "contact": ""},
        region=Region.objects.get(code="420102"), created_by=clerk)
    browser_login(page, live_server, "browser-leader")
    page.goto(live_server.url + "/documents/")
    assert page.locator("[data-testid=document-pending]").is_visible()
    assert page.locator("[data-testid=unread-count]").count() == 0
    render_document(document.pk)  # the worker finishes while the page is open
    page.wait_for_selector("text=查看 PDF", timeout=10000)
    assert page.locator("[data-testid=document-pending]").count() == 0
    page.wait_for_selector("[data-testid=unread-count]", timeout=5000)
    assert page.locator("[data-testid=unread-count]").inner_text().startswith("1")


@pytest.mark.django_db(transaction=True)
def test_enterprise_sees_its_waiting_self_assessment_and_opens_it(page, live_server):
    from apps.enterprises.models import CreationRecord
    from apps.evaluations.models import Assessment
    from apps.evaluations.views.common import current_year
    from tests.evaluations.test_evaluations import ensure_sets
    from tests.evaluations.test_evaluations import make_enterprise as make_enterprise_account

    ensure_sets()
    enterprise, user = make_enterprise_account()
    CreationRecord.objects.create(subject=enterprise.subject, year=current_year(), status="creating")
    browser_login(page, live_server, user.username)
    task = page.locator("[data-testid=self-assessment-task]")
    assert "年度自评待开始" in task.inner_text()
    task.locator("button", has_text="开始自评").click()
    page.wait_for_load_state("networkidle")
    sheet = Assessment.objects.get(subject=enterprise.subject)
    assert page.url.endswith(f"/evaluations/assessments/{sheet.pk}/fill/")
    page.goto(live_server.url + "/")
    assert "年度自评待填报" in page.locator("[data-testid=self-assessment-task]").inner_text()
