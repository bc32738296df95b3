"""In a real browser: the structure page draws its charts (ECharts from static/, data by json_script, CSP on),
and a clerk files a risk report through the form, confirming the dialog."""

import datetime

import pytest
from django.utils import timezone

from apps.coordinators.models import Coordinator
from apps.enterprises.models import Enterprise
from apps.regions.models import Region
from apps.risks.models import RiskReport
from tests.conftest import browser_login, make_staff


@pytest.mark.django_db(transaction=True)
def test_structure_charts_draw_and_a_risk_is_filed_in_the_browser(page, live_server):
    region = Region.objects.get(code="420102002")
    enterprise = Enterprise.objects.create(name="江岸浏览器测试有限公司", uscc="91420102MA4K00017C", region=region,
                                           industry="C", employee_count=50)
    for n, number in enumerate(["420102198803151239", "420102199001011236"]):
        c = Coordinator(name=f"浏览{n}", education="college", workplace_type="enterprise", workplace_name="某公司",
                        region=region)
        c.set_id_number(number)
        c.save()
        c.enterprises.add(enterprise)
    make_staff("420102", username="browser-clerk", roles=("clerk",))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "favicon" not in m.text else None)
    browser_login(page, live_server, "browser-clerk")
    page.goto(live_server.url + "/coordinators/structure/")
    page.wait_for_selector("[data-chart=workplace] canvas")
    assert page.locator(".coordinator-chart canvas").count() == 6
    assert page.locator("[data-testid=coverage]").inner_text() == "100.0%"
    assert page.locator("[data-testid=table-workplace] tbody tr").first.inner_text().split() == ["企业", "2"]
    page.goto(live_server.url + "/risks/add/")
    page.select_option("#id_enterprise", str(enterprise.pk))
    page.select_option("#id_category", "wage_arrears")
    page.select_option("#id_severity", "serious")
    page.fill("#id_people_affected", "35")
    page.fill("#id_amount", "12.5")
    page.fill("#id_description", "拖欠工资一个月")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "风险已上报" in page.content()
    report = RiskReport.objects.get()
    assert report.severity == "serious" and report.due_date == timezone.localdate() + datetime.timedelta(days=3)
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
