"""The dashboard shows the plan's headline target (about 100 示范企业 and 10 parks every two years) and the
titles held and revoked; its trend never plots a year still to come."""

import datetime

import pytest
import time_machine

from apps.honours.testing import make_application, make_enterprise, make_round, make_title
from tests.conftest import make_staff
from tests.dashboards.test_dashboards import row, table

pytestmark = pytest.mark.django_db


def title(named_on, kind="enterprise", status="valid"):
    app = make_application(make_round(stage="named", kind=kind), status="named", enterprise=make_enterprise())
    return make_title(app, named_on=named_on, status=status)


def test_the_headline_target_and_the_titles_held_and_revoked(client):
    for _ in range(3):
        title(datetime.date(2025, 12, 1))
    title(datetime.date(2026, 6, 1), kind="park")
    title(datetime.date(2025, 12, 1), status="revoked")
    title(datetime.date(2023, 12, 1))  # the cycle before: not counted in 2026's two years
    client.force_login(make_staff("42"))
    page = client.get("/dashboards/?year=2026").content.decode()
    assert "4 家" in row(page, "honours.named_enterprises") and "100" in row(page, "honours.named_enterprises")
    assert "1 个" in row(page, "honours.named_parks") and "10" in row(page, "honours.named_parks")
    assert "5 个" in row(page, "honours.held")
    assert "1 个" in row(page, "honours.revoked")
    assert "示范创建模块尚未启用" not in page


def test_the_trend_stops_at_the_current_year(client):
    client.force_login(make_staff("42"))
    with time_machine.travel(datetime.datetime(2025, 6, 1, 10)):
        page = client.get("/dashboards/?year=2025").content.decode()
    years = [r[0] for r in table(page, "trend-table")]
    assert years == ["2023年", "2024年", "2025年"]
    assert "2023—2025年" in page
