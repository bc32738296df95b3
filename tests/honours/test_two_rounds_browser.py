"""Two rounds at once (an enterprise round and a park round) walked in the browser from application to naming:
every level finds its work on its home page and in its notifications, opens the materials it acts on and sees
the unit's open risks; the public objects on each round's 公示; the objections are resolved; naming produces the
notice and certificates, and the titles show on the public list, the ledger and the dashboard."""

import datetime

import pytest
import time_machine

from apps.enterprises.models import CreationRecord
from apps.evaluations.models import Assessment
from apps.honours.models import Application, CityQuota, DemonstrationTitle, Naming, Objection, SelectionRound
from apps.honours.testing import indicator_set, make_enterprise, make_expert, make_round
from apps.honours.workflow import RoundWorkflow
from apps.parks.models import Park
from apps.parks.services import subject_for_park
from apps.regions.models import Region
from apps.risks.models import RiskReport
from tests.conftest import TEST_PASSWORD, make_staff
from tests.honours.test_browser import act, login_as
from tests.samples import pdf_bytes


def status_of(page, url):
    """What the logged-in browser gets for a link (relative links resolved against the page)."""
    if url.startswith("/"):
        url = "/".join(page.url.split("/", 3)[:3]) + url
    return page.request.get(url).status


@pytest.mark.django_db(transaction=True)
def test_two_rounds_from_application_to_naming_in_the_browser(page, live_server, media, tmp_path, monkeypatch):
    # the PDFs (申报表, 公示, notice, certificates) are WeasyPrint's business, tested in test_documents: here a
    # stand-in keeps the walk fast on a busy machine
    monkeypatch.setattr("apps.documents.pdf.render_pdf", lambda template, context: b"%PDF-1.4\n% stand-in\n")
    page.set_default_timeout(30000)
    page.on("dialog", lambda dialog: dialog.accept())
    ent_round = make_round(stage="applying", year=2091, kind="enterprise", quota=0, reserve=0, publicity_days=5)
    park_round = make_round(stage="applying", year=2091, kind="park", quota=0, reserve=0, publicity_days=5)
    CityQuota.objects.filter(city__code="4201").update(quota=1)
    firm = make_enterprise(name="江岸双轮示范有限公司", account=True)
    account = firm.accounts.get()
    county = make_staff("420102", username="t-county")
    make_staff("4201", username="t-city")
    province = make_staff("42", username="t-province")
    RiskReport.objects.create(enterprise=firm, region=firm.region, category="social_insurance", people_affected=12,
                              severity="serious", description="社保欠缴两个月", reported_by=county,
                              due_date=datetime.date.today() - datetime.timedelta(days=2))
    park = Park.objects.create(name="江岸双轮示范园区", level=Park.Level.PROVINCIAL, region=Region.objects.get(code="420102"))
    park_subject = subject_for_park(park)
    Assessment.objects.create(subject=park_subject, region=park_subject.region, year=2026,
                              indicator_set=indicator_set(), kind=Assessment.Kind.SELF, status="passed",
                              final_total=91)
    expert = make_expert("t-expert")
    expert.set_password(TEST_PASSWORD)
    expert.save()
    commitment = tmp_path / "承诺书.pdf"
    commitment.write_bytes(pdf_bytes("承诺书"))  # a real PDF: uploads are checked for structure
    url = live_server.url

    def apply(round_, subject_pk=None):
        page.goto(f"{url}/honours/applications/add/")
        page.select_option("#id_round", str(round_.pk))
        if subject_pk:
            page.select_option("#id_subject", str(subject_pk))
        page.fill("#id_summary", "建立劳动关系协调机制，集体合同和职代会制度健全。")
        page.set_input_files("#id_commitment", str(commitment))
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "申报已提交" in page.content()
        return page.url

    def both(step, **ctx):
        for r in (ent_round, park_round):
            RoundWorkflow.perform(SelectionRound.objects.get(pk=r.pk), step, province, **ctx)

    def home_has(*texts):
        page.goto(f"{url}/")
        body = page.locator("[data-testid=honours-waiting]").inner_text()
        for text in texts:
            assert text in body, (text, body)

    # the enterprise applies; the county applies for the park and is told of the enterprise's application
    login_as(page, live_server, account.username)
    ent_app = apply(ent_round)
    assert status_of(page, ent_app + "files/commitment/") == 200
    login_as(page, live_server, "t-county")
    park_app = apply(park_round, park_subject.pk)
    page.goto(f"{url}/notifications/")
    assert "收到示范申报：江岸双轮示范有限公司" in page.content()

    both("close_applying")
    home_has(f"{ent_round.name}：待县级推荐 1 个", f"{park_round.name}：待县级推荐 1 个")
    page.goto(ent_app)
    assert "社保欠缴" in page.locator("[data-testid=unit-risks]").inner_text()
    assert status_of(page, ent_app + "files/commitment/") == 200
    act(page, "recommend", rank=1, reason="同意推荐")
    page.goto(park_app)
    act(page, "recommend", rank=1, reason="同意推荐")

    both("close_recommending")
    login_as(page, live_server, "t-city")
    home_has(f"{ent_round.name}：待市级审核 1 个", f"{park_round.name}：待市级审核 1 个")
    for app_url in (ent_app, park_app):
        page.goto(app_url)
        assert page.locator("[data-testid=unit-risks]").count() == 1
        act(page, "approve", rank=1, reason="审核通过")

    both("close_city_review")
    login_as(page, live_server, "t-province")
    home_has(f"{ent_round.name}：待分配专家、评分 1 个", f"{park_round.name}：待分配专家、评分 1 个")
    for r in (ent_round, park_round):  # one screen per round: tick the applications and the experts
        page.goto(f"{url}/honours/rounds/{r.pk}/experts/")
        page.locator("input[name=applications]").first.check()
        page.check(f"#expert-{expert.pk}")
        page.click("[data-testid=bulk-experts] button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "已完成 1 项专家分配" in page.content()

    login_as(page, live_server, "t-expert")
    page.goto(f"{url}/notifications/")
    assert "评审任务：江岸双轮示范有限公司" in page.content() and "评审任务：江岸双轮示范园区" in page.content()
    page.goto(f"{url}/")
    tasks = page.locator("[data-testid=honours-waiting]")
    assert "江岸双轮示范有限公司" in tasks.inner_text() and "江岸双轮示范园区" in tasks.inner_text()
    for name in ("江岸双轮示范有限公司", "江岸双轮示范园区"):
        page.goto(f"{url}/")
        page.locator("[data-testid=honours-waiting]").get_by_text(name).click()
        page.wait_for_load_state("networkidle")
        assert status_of(page, page.locator("a", has_text="承诺书").get_attribute("href")) == 200
        if name.endswith("公司"):
            assert "社保欠缴" in page.locator("[data-testid=unit-risks]").inner_text()
        page.fill("#id_c0", "45")
        page.fill("#id_c1", "46")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "评分已提交" in page.content()

    both("close_expert_review")
    login_as(page, live_server, "t-province")
    home_has(f"{ent_round.name}：待省级审定 1 个", f"{park_round.name}：待省级审定 1 个")
    for r in (ent_round, park_round):
        page.goto(f"{url}/honours/rounds/{r.pk}/")
        page.click("[data-testid=decide] button")
        page.wait_for_load_state("networkidle")
        assert "审定 1 个拟命名单位" in page.content()
        act(page, "start_publicity")

    # a member of the public objects on each round's 公示
    page.context.clear_cookies()
    page.goto(f"{url}/public/honours/publicity/")
    assert page.locator("[data-testid=publicity-round]").count() == 2
    for name in ("江岸双轮示范有限公司", "江岸双轮示范园区"):
        page.goto(f"{url}/public/honours/publicity/")
        option = page.locator("#id_application option", has_text=name).get_attribute("value")
        page.select_option("#id_application", option)
        page.fill("#id_contact", "13900001111")
        page.fill("#id_text", f"反映{name}存在加班未付加班费的情况。")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "您的异议已受理" in page.content()
    assert Objection.objects.count() == 2

    login_as(page, live_server, "t-province")
    for name in ("江岸双轮示范有限公司", "江岸双轮示范园区"):
        page.goto(f"{url}/honours/objections/")
        page.click(f"text={name}")
        act(page, "dismiss", reason="经核查，异议不成立")

    end = max(SelectionRound.objects.get(pk=r.pk).publicity_end for r in (ent_round, park_round))
    with time_machine.travel(end + datetime.timedelta(days=1, hours=10), tick=True):
        login_as(page, live_server, "t-province")  # a week on: the session has lapsed
        for number, r in ((21, ent_round), (22, park_round)):
            page.goto(f"{url}/honours/rounds/{r.pk}/")
            act(page, "name", number=number)
        page.goto(f"{url}/public/honours/")
        named = page.locator("[data-testid=named-units]").inner_text()
        assert "江岸双轮示范有限公司" in named and "江岸双轮示范园区" in named
        page.goto(f"{url}/dashboards/?year={end.year}")
        assert "2 个" in page.locator("tr[data-figure='honours.held']").inner_text()
    for naming in Naming.objects.all():
        assert naming.notice_id and naming.certificates_id
    assert DemonstrationTitle.objects.filter(status="valid").count() == 2
    assert CreationRecord.objects.get(subject=firm.subject).status == "demonstration"
    assert set(Application.objects.values_list("status", flat=True)) == {"named"}
