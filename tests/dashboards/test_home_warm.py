"""The province and city home pages (counters and target strip) under edits (issue 23): served from the figures
cache, which the warm-up job refreshes; an edit never makes the next home page aggregate the province's ledger in
the request, and the warm-up runs one at a time however many edits there are."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core import figures
from apps.core.figures import figures_cache
from apps.dashboards.testing import FigureWorld
from apps.enterprises.models import Enterprise
from tests.conftest import make_staff
from tests.html_tree import parse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _warm_ups_on(settings):
    settings.DASHBOARD_WARMUP = True  # as in production: a worker keeps the province's and cities' figures
    figures_cache().clear()
    yield
    figures_cache().clear()


def enterprise_aggregates(queries):
    """Statements that count or sum over the enterprise ledger (a counter, a figure, the township threshold)."""
    return [q["sql"] for q in queries.captured_queries
            if '"enterprises_enterprise"' in q["sql"] and re.search(r"\b(COUNT|SUM)\(", q["sql"])]


def counter(page, label):
    return parse(page).find(data_counter=label).find(data_testid="counter-value").text().split()[0]


def test_after_an_edit_the_province_home_aggregates_nothing_and_shows_the_edit_once_the_warm_up_ran(
        client, django_capture_on_commit_callbacks):
    world = FigureWorld()
    world.enterprise()
    client.force_login(make_staff("42"))
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/")  # the first look ever (nothing cached yet) computes, and queues a warm-up
    before = Enterprise.objects.count()
    assert counter(client.get("/").content.decode(), "企业") == f"{before:,}"

    with django_capture_on_commit_callbacks(execute=False) as warm_up:
        world.enterprise()  # a clerk's edit: the warm-up is queued for when it commits, not run yet
    assert warm_up
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert enterprise_aggregates(queries) == []  # no aggregate over the ledger in the request …
    assert counter(page, "企业") == f"{before:,}"  # … what the last warm-up counted, until the next one runs
    assert 'data-testid="target-strip"' in page

    for callback in warm_up:
        callback()  # the change commits: the warm-up job runs (eager here)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert counter(page, "企业") == f"{before + 1:,}"
    assert enterprise_aggregates(queries) == []


def test_a_warm_up_queued_while_another_runs_waits_for_it(monkeypatch):
    from apps.dashboards import tasks

    queued = []
    monkeypatch.setattr(tasks.warm_figures, "apply_async", lambda **kwargs: queued.append(kwargs))
    figures_cache().add(figures.WARM_RUNNING, 1, 60)  # another worker is computing
    assert tasks.warm_figures() == 0  # nothing computed side by side …
    assert queued == [{"countdown": figures.WARM_EVERY_SECONDS}]  # … it runs again after
    figures_cache().delete(figures.WARM_RUNNING)
    assert tasks.warm_figures() > 0
    assert figures_cache().get(figures.WARM_RUNNING) is None


def test_warm_ups_start_at_most_every_warm_every_seconds():
    assert figures.warm_countdown(None) == figures.WARM_DELAY_SECONDS  # the first change: after the delay
    assert figures.warm_countdown(1000.0, now=1002.0) == figures.WARM_EVERY_SECONDS - 2  # one just started
    assert figures.warm_countdown(1000.0, now=2000.0) == figures.WARM_DELAY_SECONDS  # long ago


def test_an_edit_queues_the_warm_up_after_the_last_one_plus_the_interval(monkeypatch,
                                                                         django_capture_on_commit_callbacks):
    import time

    from apps.dashboards import tasks

    queued = []
    monkeypatch.setattr(tasks.warm_figures, "apply_async", lambda **kwargs: queued.append(kwargs))
    figures_cache().set(figures.WARM_STARTED, time.time() - 10)  # a warm-up started 10 s ago
    with django_capture_on_commit_callbacks(execute=True):
        FigureWorld().enterprise()
        FigureWorld().enterprise()  # a second edit before it starts: nothing more queued
    assert len(queued) == 1 and figures.WARM_EVERY_SECONDS - 11 <= queued[0]["countdown"] <= figures.WARM_EVERY_SECONDS - 9


def test_a_long_warm_up_puts_the_next_one_off_so_that_warm_ups_take_at_most_their_share(monkeypatch):
    from apps.core import dashboard
    from apps.dashboards import tasks

    clock = [1000.0]
    monkeypatch.setattr(tasks.time, "time", lambda: clock[0])
    monkeypatch.setattr(dashboard, "warm_counters", lambda regions: 0)

    def warm(regions, took):
        clock[0] += took
        return 1

    monkeypatch.setattr(figures, "warm", lambda regions: warm(regions, 20.0))  # 20 s of computing
    tasks.warm_figures()
    spacing_from = figures_cache().get(figures.WARM_STARTED)
    # the next starts 20 / WARM_SHARE = 80 s after this one started, not WARM_EVERY_SECONDS after
    assert figures.warm_countdown(spacing_from, now=1020.0) == 1000 + 20 / tasks.WARM_SHARE - 1020

    clock[0] = 2000.0
    monkeypatch.setattr(figures, "warm", lambda regions: warm(regions, 1.0))  # a short one
    tasks.warm_figures()
    assert figures_cache().get(figures.WARM_STARTED) == 2000.0  # WARM_EVERY_SECONDS after its start, as before


def test_figure_counters_show_the_dashboards_count_at_every_level_and_to_a_superuser(client, django_user_model):
    """企业, 本年创建达标企业, 工业园区, 在岗协调员 and 在办风险 are the figures' own counts (one definition, warmed with
    the figures and folded for the cities): by hand, 江岸区 has 3 enterprises (2 qualified this year), a park and
    2 coordinators on duty; 西陵区 (宜昌市) 1 enterprise (qualified). Each level counts its own area."""
    from apps.core import dashboard
    from apps.core.figures import current_year
    from apps.regions.models import Region

    world, year = FigureWorld(), current_year()
    jiangan = [world.enterprise() for _ in range(3)]
    for enterprise in jiangan[:2]:
        world.record(enterprise.subject, status="qualified", year=year)
    world.record(jiangan[2].subject, status="creating", year=year)
    world.park()
    world.coordinator(), world.coordinator()
    xiling = world.enterprise(region=Region.objects.get(code="420502001"))
    world.record(xiling.subject, status="demonstration", year=year)

    figure_counters = {c.label for c in dashboard._counters if c.is_figure}
    assert {"企业", "本年创建达标企业", "工业园区", "在岗协调员", "在办风险", "待建站点的园区和乡镇"} <= figure_counters
    warmed = {source.key for source in figures.all_sources()}
    counted = {ref.source.key for c in dashboard._counters if c.is_figure
               for ref in (*figures.refs_of(c.count), *c.less)}
    assert counted <= warmed  # the warm-up keeps every source a counter reads

    expected = {"420102": (3, 2, 1, 2), "4201": (3, 2, 1, 2), "4205": (1, 1, 0, 0), "42": (4, 3, 1, 2)}
    for code, (firms, qualified, parks, on_duty) in expected.items():
        figures.warm([Region.objects.get(code="42"), *Region.objects.filter(level="city")])
        client.force_login(make_staff(code))
        page = client.get("/").content.decode()
        shown = [counter(page, label) for label in ("企业", "本年创建达标企业", "工业园区", "在岗协调员", "在办风险")]
        assert shown == [str(firms), str(qualified), str(parks), str(on_duty), "0"], code
    client.force_login(django_user_model.objects.create_superuser("root-counters", password="x-Secret-2026"))
    page = client.get("/").content.decode()
    assert [counter(page, label) for label in ("企业", "本年创建达标企业")] == ["4", "3"]
