"""One small round walked in the browser from application to naming by every level: the enterprise applies,
the county recommends, the city approves within its quota, an expert scores, the province decides and
publishes, a member of the public lodges an objection, the province resolves it and names."""

import datetime

import pytest
import time_machine

from apps.honours.models import CityQuota, DemonstrationTitle, SelectionRound
from apps.honours.testing import make_enterprise, make_expert, make_round
from tests import samples
from tests.conftest import TEST_PASSWORD, browser_login, make_staff


def login_as(page, live_server, username):
    page.context.clear_cookies()
    browser_login(page, live_server, username)


def act(page, testid, rank=None, reason=None, number=None):
    form = page.locator(f"[data-testid=step-{testid}]")
    if rank is not None:
        form.locator("input[name=rank]").fill(str(rank))
    if number is not None:
        form.locator("input[name=number]").fill(str(number))
    if reason is not None:
        form.locator("input[name=reason]").fill(reason)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "已办理" in page.content(), page.locator(".alert").all_inner_texts()


@pytest.mark.django_db(transaction=True)
def test_a_small_round_from_application_to_naming_in_the_browser(page, live_server, media, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    round_ = make_round(stage="applying", quota=0, reserve=0, publicity_days=5)
    CityQuota.objects.filter(round=round_, city__code="4201").update(quota=1)
    firm = make_enterprise(name="江岸和谐示范有限公司", account=True)
    account = firm.accounts.get()
    make_staff("420102", username="b-county")
    make_staff("4201", username="b-city")
    make_staff("42", username="b-province")
    expert = make_expert("b-expert")
    expert.set_password(TEST_PASSWORD)
    expert.save()
    round_url = f"{live_server.url}/honours/rounds/{round_.pk}/"

    # the enterprise applies, with its commitment letter
    login_as(page, live_server, account.username)
    page.goto(f"{live_server.url}/honours/applications/add/")
    page.select_option("#id_round", str(round_.pk))
    page.fill("#id_summary", "建立劳动关系协调机制，集体合同和职代会制度健全。")
    commitment = tmp_path / "承诺书.pdf"
    commitment.write_bytes(samples.PDF)
    page.set_input_files("#id_commitment", str(commitment))
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "申报已提交" in page.content() and "江岸和谐示范有限公司" in page.content()
    app_url = page.url

    def province_step(testid, **kw):
        login_as(page, live_server, "b-province")
        page.goto(round_url)
        act(page, testid, **kw)

    province_step("close_applying")
    login_as(page, live_server, "b-county")
    page.goto(app_url)
    act(page, "recommend", rank=1, reason="创建成效突出，同意推荐")
    province_step("close_recommending")
    login_as(page, live_server, "b-city")
    page.goto(app_url)
    act(page, "approve", rank=1, reason="审核通过")
    province_step("close_city_review")
    page.goto(app_url)
    page.select_option("select[name=expert]", str(expert.pk))
    page.click("text=分配专家")
    page.wait_for_load_state("networkidle")
    assert "已分配专家" in page.content()

    login_as(page, live_server, "b-expert")
    page.goto(f"{live_server.url}/honours/reviews/")
    page.click("text=江岸和谐示范有限公司")
    page.fill("#id_c0", "45")
    page.fill("#id_c1", "46")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "评分已提交" in page.content()

    province_step("close_expert_review")
    page.click("[data-testid=decide] button")
    page.wait_for_load_state("networkidle")
    assert "审定 1 个拟命名单位" in page.content()
    act(page, "start_publicity")
    round_.refresh_from_db()
    assert round_.stage == "publicity"

    # a member of the public objects, without logging in
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/public/honours/publicity/")
    assert "江岸和谐示范有限公司" in page.locator("[data-testid=publicity-list]").inner_text()
    page.select_option("#id_application", label="武汉市 · 江岸和谐示范有限公司")
    page.fill("#id_contact", "13900001111")
    page.fill("#id_text", "反映该公司存在加班未付加班费的情况。")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "您的异议已受理" in page.content()
    page.set_viewport_size({"width": 1366, "height": 768})

    login_as(page, live_server, "b-province")
    page.goto(f"{live_server.url}/honours/objections/")
    page.click("text=江岸和谐示范有限公司")
    act(page, "dismiss", reason="经核查，加班费已按规定支付，异议不成立")

    with time_machine.travel(round_.publicity_end + datetime.timedelta(days=1, hours=10), tick=True):
        province_step("name", number=12)
        assert "鄂劳三方〔" in page.locator("[data-testid=naming-docs]").inner_text() or \
            "命名通知" in page.content()
        assert SelectionRound.objects.get(pk=round_.pk).stage == "named"
        title = DemonstrationTitle.objects.get(subject=firm.subject)
        assert title.naming.doc_number.endswith("12号")
        page.goto(f"{live_server.url}/public/honours/?q=江岸和谐")
        assert "江岸和谐示范有限公司" in page.locator("[data-testid=named-units]").inner_text()
