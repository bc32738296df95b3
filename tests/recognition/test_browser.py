"""In a real browser: a county writes a typical case, its city accepts it, the province publishes it, and a
member of the public finds and reads it on a phone-sized screen without logging in."""

import pytest

from apps.recognition.models import Case
from tests.conftest import browser_login, make_staff


def take_step(page, live_server, case, label, reason=""):
    page.goto(f"{live_server.url}/recognition/cases/{case.pk}/")
    page.click(f"a:has-text('{label}')")
    if reason:
        page.fill("#id_reason", reason)
    page.click(f"button:has-text('确认{label}')")
    page.wait_for_load_state("networkidle")
    assert page.locator(".alert-success").inner_text().startswith(f"已{label}")


@pytest.mark.django_db(transaction=True)
def test_a_case_is_written_reviewed_published_and_read_on_a_phone(page, live_server, chromium):
    make_staff("420102", username="case-clerk", roles=("clerk",))
    make_staff("4201", username="case-reviewer", roles=("reviewer",))
    make_staff("42", username="case-leader", roles=("leader",))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None)

    browser_login(page, live_server, "case-clerk")
    page.goto(live_server.url + "/recognition/cases/")
    page.click("text=报送案例")
    page.fill("#id_title", "职工说事厅让诉求有处说")
    page.select_option("#id_category", "township")
    page.fill("#id_unit_name", "大智街道")
    page.fill("#id_summary", "每月开放职工说事厅，诉求办结率100%。")
    page.fill("#id_body", "一、主要做法\n每月第一个周五接待职工。")
    page.click("button:has-text('保存草稿')")
    page.wait_for_load_state("networkidle")
    case = Case.objects.get()
    assert page.locator("h1").inner_text().startswith("职工说事厅让诉求有处说") and "草稿" in page.locator("h1").inner_text()
    take_step(page, live_server, case, "提交上级审核")

    page.context.clear_cookies()
    browser_login(page, live_server, "case-reviewer")
    take_step(page, live_server, case, "审核通过")
    page.context.clear_cookies()
    browser_login(page, live_server, "case-leader")
    take_step(page, live_server, case, "发布")
    assert "已发布" in page.locator("h1").inner_text()
    assert "发布" in page.locator("[data-testid=audit-trail]").inner_text()

    phone = chromium.new_context(locale="zh-CN", viewport={"width": 375, "height": 740})
    public = phone.new_page()
    public.goto(live_server.url + "/public/cases/")
    public.fill("[name=q]", "说事厅")
    public.click("button:has-text('搜索')")
    assert public.locator("[data-testid=result-count]").inner_text() == "共 1 个案例"
    assert public.evaluate("document.documentElement.scrollWidth") <= 375
    public.click("text=职工说事厅让诉求有处说")
    assert "每月第一个周五接待职工" in public.locator("[data-testid=case-body]").inner_text()
    phone.close()
    assert not errors, errors
