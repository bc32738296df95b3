"""The ledger in a real browser: select rows, confirm the bulk change that names the count, see it applied."""

import pytest

from apps.enterprises.models import CreationRecord, Enterprise
from apps.regions.models import Region
from tests.conftest import browser_login, make_staff
from tests.enterprises.test_enterprises import code


@pytest.mark.django_db(transaction=True)
def test_bulk_status_change_in_the_browser(page, live_server):
    make_staff("420102", username="420102-hrss-clerk", roles=("clerk",))
    township = Region.objects.get(code="420102002")
    for n in range(1, 4):
        Enterprise.objects.create(name=f"浏览器企业{n}", uscc=code(n), region=township, industry="C")
    browser_login(page, live_server, "420102-hrss-clerk")
    page.goto(live_server.url + "/enterprises/")
    assert "共 3 条" in page.locator("[data-testid=result-count]").inner_text()
    page.check('input[aria-label="选择 浏览器企业1"]')
    page.check('input[aria-label="选择 浏览器企业3"]')
    page.select_option("#bulk-form select[name=status]", "self_assessing")
    page.click("#bulk-form button[type=submit]")
    assert "将把以下 2 家企业的 2026 年创建状态改为 自评中" in page.locator("[data-testid=bulk-confirm]").inner_text()
    page.click("text=确定修改 2 家")
    page.wait_for_load_state("networkidle")
    assert "已将 2 家企业的 2026 年创建状态设为“自评中”" in page.content()
    qualified = CreationRecord.objects.filter(year=2026, status="self_assessing")
    assert sorted(qualified.values_list("subject__name", flat=True)) == ["浏览器企业1", "浏览器企业3"]
    # select-all ticks every row of the page (static/js/portal.js)
    page.check('input[data-select-all="pks"]')
    assert page.locator('input[name="pks"]:checked').count() == 3
