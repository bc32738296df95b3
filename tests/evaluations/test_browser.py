"""The browser walk: the enterprise fills and submits, the county reviews, the agency fills its own sheet."""

import pytest

from apps.accounts.models import User
from apps.enterprises.models import CreationRecord
from apps.evaluations.models import Agency, Assessment
from tests.conftest import TEST_PASSWORD, browser_login, make_staff
from tests.evaluations.test_evaluations import PDF, ensure_sets, make_enterprise

FILL_TO_MAX = """() => document.querySelectorAll('input[name^=score_]').forEach(function (el) {
  el.value = el.getAttribute('placeholder').split('–')[1];
})"""


def logout(page, live_server):
    page.context.clear_cookies()


def fill_sheet(page, overrides=None, evidence=True):
    page.evaluate(FILL_TO_MAX)
    for code, value in (overrides or {}).items():
        page.fill(f"tr[data-code='{code}'] input[name^=score_]", value)
    for select in page.locator("select[name^=veto_]").all():
        select.select_option("no")
    if evidence:
        for upload in page.locator("tr:has(.required-mark) input[type=file]").all():
            upload.set_input_files(files=[{"name": "佐证.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("[data-testid=save-draft]")
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_enterprise_submits_county_reviews_agency_fills_its_sheet(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_sets()
    page.on("dialog", lambda dialog: dialog.accept())
    enterprise, enterprise_user = make_enterprise(name="江岸浏览器测试有限公司")
    reviewer = make_staff("420102", username="420102-hrss-reviewer", roles=("reviewer",))
    make_staff("42", username="42-hrss-leader", roles=("leader",))
    agency = Agency.objects.create(name="湖北众信评估咨询有限公司", region=reviewer.region.parent.parent)
    agent = User(username="agency-user", full_name="众信评估员")
    agent.set_password(TEST_PASSWORD)
    agency.add_account(agent)

    # 1. the enterprise fills, records its paper ballot and submits
    browser_login(page, live_server, enterprise_user.username)
    page.goto(f"{live_server.url}/evaluations/assessments/")
    page.click("text=开始2026年度自评")
    page.wait_for_load_state("networkidle")
    assert "/fill/" in page.url
    page.fill("tr[data-code='2.1'] input[name^=score_]", "12")  # above the maximum of 8
    page.click("[data-testid=save-draft]")
    assert "自评分须在 0 至 8.0 分之间，您填写的是 12" in page.locator("[data-testid=form-errors]").inner_text()
    fill_sheet(page, overrides={"2.1": "7"})
    assert "草稿已保存" in page.content()
    assessment = Assessment.objects.get(subject=enterprise.subject, kind="self")
    # the paper ballot's result is entered by the county office, with the signed minutes
    logout(page, live_server)
    make_staff("420102", username="ballot-paper-clerk", roles=("clerk",))
    browser_login(page, live_server, "ballot-paper-clerk")
    page.goto(f"{live_server.url}/evaluations/assessments/{assessment.pk}/ballot/")
    page.fill("#id_paper-eligible", "120")
    page.fill("#id_paper-respondents", "110")
    page.fill("#id_paper-satisfied", "100")
    page.fill("#id_paper-held_on", "2026-11-10")
    page.set_input_files("#id_paper-minutes", files=[{"name": "测评记录.pdf", "mimeType": "application/pdf",
                                                      "buffer": PDF}])
    page.click("[data-testid=save-paper-ballot]")
    page.wait_for_load_state("networkidle")
    assert "满意率 90.9%" in page.locator("[data-testid=ballot-figures]").inner_text()
    logout(page, live_server)
    browser_login(page, live_server, enterprise_user.username)
    page.goto(f"{live_server.url}/evaluations/assessments/{assessment.pk}/")
    assert page.locator("[data-testid=self-total]").inner_text() == "99.0"
    page.click("[data-testid=submit-sheet]")
    page.wait_for_load_state("networkidle")
    assert "已提交" in page.content() and "待审核" in page.content()
    logout(page, live_server)

    # 2. the county reviewer adjusts one item with a reason, accepts the rest and concludes
    browser_login(page, live_server, reviewer.username)
    page.goto(f"{live_server.url}/evaluations/assessments/{assessment.pk}/review/")
    row = "tr[data-code='3.1']"
    page.select_option(f"{row} select[name^=action_]", "adjust")
    page.fill(f"{row} input[name^=rscore_]", "3")
    page.fill(f"{row} input[name^=comment_]", "集体合同未报人社部门审查")
    page.click("[data-testid=save-review]")
    page.wait_for_load_state("networkidle")
    assert page.locator(f"{row} [data-col=final]").inner_text() == "3.0"
    assert page.locator(f"{row} [data-col=self]").inner_text() == "6.0"
    page.click("[data-testid=accept-all]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=pending-count]").inner_text() == "0"
    page.click("[data-testid=conclude]")
    page.wait_for_load_state("networkidle")
    assert "达标" in page.locator("[data-testid=conclusion]").inner_text()
    assert "最终得分 96.0 分" in page.locator("[data-testid=conclusion]").inner_text()
    assert CreationRecord.objects.get(subject=enterprise.subject, year=2026).status == "qualified"
    logout(page, live_server)

    # 3. the province entrusts the agency; the agency sees only that sheet and fills its own
    browser_login(page, live_server, "42-hrss-leader")
    page.goto(f"{live_server.url}/evaluations/agencies/assign/?agency={agency.pk}&year=2026")
    page.check(f"input[name=subjects][value='{enterprise.subject_id}']")
    page.click("button:has-text('委托评估')")
    page.wait_for_load_state("networkidle")
    assert "已委托" in page.content()
    logout(page, live_server)

    browser_login(page, live_server, "agency-user")
    page.goto(f"{live_server.url}/evaluations/assessments/")
    assert page.locator("[data-testid=result-count]").inner_text() == "共 1 条"
    page.click("text=江岸浏览器测试有限公司")
    third = Assessment.objects.get(kind="third_party")
    page.goto(f"{live_server.url}/evaluations/assessments/{third.pk}/fill/")
    fill_sheet(page, overrides={"2.1": "5", "6.1": "6"}, evidence=False)
    page.goto(f"{live_server.url}/evaluations/assessments/{third.pk}/")
    diff_codes = [r.get_attribute("data-code") for r in page.locator("[data-testid=diff-row]").all()]
    assert diff_codes == ["2.1"]  # 7 in the self-assessment, 5 here; 6.1 equals the self score
    page.click("[data-testid=submit-sheet]")
    page.wait_for_load_state("networkidle")
    third.refresh_from_db()
    assert third.status == "submitted" and third.self_total == 97
    # the agency cannot open the enterprise's own sheet
    response = page.goto(f"{live_server.url}/evaluations/assessments/{assessment.pk}/")
    assert response.status == 404
