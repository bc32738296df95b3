import pytest

from tests.conftest import browser_login, make_staff


@pytest.mark.django_db(transaction=True)
def test_county_user_logs_in_and_sees_the_home_page(page, live_server):
    make_staff("420102", username="420102-hrss-clerk", roles=("clerk",))
    page.goto(live_server.url + "/")
    assert "/login/" in page.url  # not logged in: sent to the login page
    browser_login(page, live_server, "420102-hrss-clerk")
    assert page.locator("[data-testid=home-area]").inner_text().startswith("武汉市江岸区 · 人社局")
    assert "工作台" in page.content()
    # the left navigation and the stylesheet are served locally and applied
    assert page.locator("nav.portal-nav").is_visible()
    colour = page.evaluate("getComputedStyle(document.querySelector('.portal-topbar')).backgroundColor")
    assert colour == "rgb(179, 38, 30)"
