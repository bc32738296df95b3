"""In a real browser under the CSP: the dashboard draws Hubei's map from static/maps, coloured by the chosen
figure; a click on 武汉市 drills down to its counties; no console error, no inline script or style refused."""

import pytest

from apps.dashboards.testing import FigureWorld
from tests.conftest import browser_login, make_staff


def _click_on(page, lon_lat):
    """Click the map where a longitude/latitude is drawn (ECharts converts it to pixels)."""
    x, y = page.evaluate("""(coord) => {
        const holder = document.getElementById('area-map');
        holder.scrollIntoView({block: 'center', behavior: 'instant'});  // not Bootstrap's smooth scrolling
        const point = echarts.getInstanceByDom(holder).convertToPixel({seriesIndex: 0}, coord);
        const box = holder.getBoundingClientRect();
        return [box.left + point[0], box.top + point[1]];
    }""", lon_lat)
    page.mouse.click(x, y)


@pytest.mark.django_db(transaction=True)
def test_map_draws_and_drills_down_to_a_citys_counties(page, live_server):
    world = FigureWorld()
    world.record(world.enterprise().subject)  # 江岸区: one enterprise, taking part this year
    world.enterprise()
    make_staff("42", username="browser-province", roles=("leader",))
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "favicon" not in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    browser_login(page, live_server, "browser-province")

    page.goto(live_server.url + "/dashboards/")
    page.wait_for_selector("#area-map[data-drawn='1'] canvas")
    assert page.locator("#trend-chart canvas").count() == 1 and page.locator("#areas-chart canvas").count() == 1
    drawn = page.evaluate("echarts.getInstanceByDom(document.getElementById('area-map')).getOption().series[0]")
    assert len(drawn["data"]) == 17
    wuhan = next(d for d in drawn["data"] if d["name"] == "4201")
    assert wuhan["value"] == 50.0  # 1 of the 2 enterprises of 武汉市 takes part

    _click_on(page, [114.3, 30.6])  # central 武汉
    page.wait_for_url("**area=4201**")
    page.wait_for_selector("#area-map[data-drawn='1'] canvas")
    assert "武汉市" in page.locator("[data-testid=board-area]").inner_text()
    drawn = page.evaluate("echarts.getInstanceByDom(document.getElementById('area-map')).getOption().series[0]")
    assert len(drawn["data"]) == 13  # 武汉市's 13 districts
    assert next(d for d in drawn["data"] if d["name"] == "420102")["value"] == 50.0
    assert problems == []
