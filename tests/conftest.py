from contextlib import contextmanager

import pytest
from django.conf import settings
from django.test import override_settings

from apps.accounts.models import MemberUnit, Office, User
from apps.accounts.roles import ROLES, role_group
from apps.regions.models import Region
from config import celery_app

# imported here, before pytest-django creates the test database: db_baseline tells a database this run created
# (and migrated) from one kept from an earlier run by the time it was first imported; imported later, inside
# django_db_setup, it took the database just created for an old one and created and migrated it a second time
from . import db_baseline

TEST_PASSWORD = "Test@2026pass"


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_keepdb, django_db_createdb,
                    django_db_modify_db_settings):
    """The test database in its migrated state, kept aside for the transactional tests (tests/db_baseline.py).
    Under pytest-xdist the migrations run once for all the workers, each gets a copy (db_baseline.py)."""
    from django.db import connection
    from django.test.utils import setup_databases

    # the tests' sessions do not wait for each commit to reach the disk (1.6 ms a commit on the shared server):
    # a crash of the server could lose the last commits of a test database, never corrupt it
    options = connection.settings_dict.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
    keepdb = django_db_keepdb and not django_db_createdb
    worker = getattr(request.config, "workerinput", None)
    with django_db_blocker.unblock():
        if worker:
            db_baseline.setup_worker_database(worker["workerid"], worker["testrunuid"], keepdb)
        else:
            setup_databases(verbosity=request.config.option.verbose, interactive=False, aliases={"default"},
                            keepdb=keepdb)
            db_baseline.prepare()
    db_baseline.install()


@contextmanager
def fast_and_eager():
    """Cheap password hashing, plain static files, Celery tasks run in the caller, no dashboard warm-up."""
    from apps.core.figures import figures_cache

    # dashboard figures: no warm-up after each change (tests/dashboards/test_dashboards.py turns it on where it tests it),
    # and no figures cached by an earlier test (version tokens roll back with each test's transaction)
    with override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            STORAGES={**settings.STORAGES,
                      "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
            DASHBOARD_WARMUP=False):
        celery_app.conf.task_always_eager = True
        celery_app.conf.task_eager_propagates = True
        figures_cache().clear()
        yield


@pytest.fixture(autouse=True)
def _fast_and_eager():
    with fast_and_eager():
        yield


@pytest.fixture(scope="session", autouse=True)
def _media_per_worker(tmp_path_factory):
    """Files saved by tests without the `media` fixture land in this run's (this worker's) own directory."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_staff(code, *, unit=MemberUnit.HRSS, roles=tuple(ROLES), username=None, email=""):
    """A staff user of the office of `unit` in the region with this code, holding these roles."""
    region = Region.objects.get(code=code)
    office, _ = Office.objects.get_or_create(region=region, member_unit=unit)
    user = User.objects.create_user(username=username or f"{code}-{unit}-{'-'.join(roles) or 'none'}",
                                    password=TEST_PASSWORD, office=office, full_name=f"{region.name}测试员",
                                    email=email)
    user.groups.set([role_group(r) for r in roles])
    return User.objects.get(pk=user.pk)


@pytest.fixture
def staff_factory(db):
    return make_staff


@pytest.fixture
def county_user(db):
    return make_staff("420102")  # 武汉市江岸区, all roles


@pytest.fixture
def other_county_user(db):
    return make_staff("420502")  # 宜昌市西陵区, all roles


@pytest.fixture
def province_user(db):
    return make_staff("42")


@pytest.fixture
def city_user(db):
    return make_staff("4201")


@pytest.fixture
def ensure_regions(transactional_db):
    """The region tree in a transactional test (live server, real worker): there since migrate, and put back
    after each such test with the rest of the migrated state (tests/db_baseline.py)."""
    assert Region.objects.exists(), "the test database has lost its region tree"


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright (never `playwright install`: no browser download)."""
    import os

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, ensure_regions, settings):
    settings.DEBUG = True  # serve static files from the finders under the live server
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def browser_login(page, live_server, username, password=TEST_PASSWORD):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _server(settings_dict):
    """(host, port) of the test database's server: HOST/PORT, or the socket directory the embedded server's URL
    gives as `?host=` (django-environ puts it in OPTIONS)."""
    options = settings_dict.get("OPTIONS") or {}
    return (settings_dict["HOST"] or options.get("host") or "",
            str(settings_dict["PORT"] or options.get("port") or ""))


def _conninfo(settings_dict, dbname):
    from psycopg.conninfo import make_conninfo

    host, port = _server(settings_dict)
    return make_conninfo(dbname=dbname, host=host, port=port,
                         user=settings_dict["USER"] or "", password=settings_dict["PASSWORD"] or "")


def _url(settings_dict, dbname):
    from urllib.parse import quote

    auth = quote(settings_dict["USER"] or "")
    if settings_dict["PASSWORD"]:
        auth += ":" + quote(settings_dict["PASSWORD"])
    host, port = _server(settings_dict)
    host = host or "localhost"
    if host.startswith("/"):  # a socket directory
        return f"postgresql://{auth}@/{dbname}?host={quote(host)}&port={port or 5432}"
    return f"postgresql://{auth}@{host}:{port or 5432}/{dbname}"


@pytest.fixture
def database_copy(db):
    """database_copy(suffix, empty=False) -> the URL of a new database `<test database>_<suffix>`: a copy of the
    (migrated) test database, or an empty one; dropped afterwards. For tools that run in their own process
    (bench/run.py, tools/backup.py). The test's own session on the test database is closed first (a template
    database must have no other session)."""
    import psycopg
    from django.db import connection, connections
    from psycopg import sql

    settings_dict = connection.settings_dict
    made = []

    def copy(suffix, empty=False):
        name = f"{settings_dict['NAME']}_{suffix}"
        connections.close_all()
        with psycopg.connect(_conninfo(settings_dict, "postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            template = sql.SQL("") if empty else sql.SQL(" TEMPLATE {}").format(sql.Identifier(settings_dict["NAME"]))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)) + template)
        made.append(name)
        return _url(settings_dict, name)

    yield copy
    with psycopg.connect(_conninfo(settings_dict, "postgres"), autocommit=True) as admin:
        for name in made:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def pytest_make_parametrize_id(config, val, argname):
    """Bytes in a test id are named by their length: files built at import time (a zip carries the clock) would
    otherwise give each pytest-xdist worker a different id, and the run stops at collection."""
    if isinstance(val, bytes | bytearray):
        return f"{argname}-{len(val)}B"
    return None


# Tests that take long (measured with --durations; docs/testing.md): marked `slow` and run first, the longest
# first, so that the pytest-xdist workers share them out at the start and finish together on short tests
# (`--dist loadgroup` hands out tests in collection order). `-m "not slow"` runs the rest, in a few minutes.
SLOWEST = [  # by function name, longest first
    "test_every_benchmark_runs_at_a_tiny_scale",
    "test_every_list_url_survives_hostile_query_values",
    "test_every_form_page_loads_without_inline_code_or_a_csp_violation",
    # migrates the test database back to before issue 24's park move and forward again (Django renders the
    # state of every later migration on the way back): 75 s under load
    "test_a_database_migrated_before_the_move_keeps_every_park_its_keys_and_its_permissions",
    "test_the_1_november_job_drafts_every_report_once_and_the_report_goes_up",
    "test_every_url_refuses_another_countys_user",
    "test_demo_loads_cases_commendations_and_measures",
    "test_two_rounds_from_application_to_naming_in_the_browser",
    "test_every_url_refuses_an_enterprise_account_of_another_county",
    "test_a_small_round_from_application_to_naming_in_the_browser",
    "test_park_import_takes_up_to_20000_rows",
    "test_generated_requests_never_get_a_server_error",
    "test_enterprise_submits_county_reviews_agency_fills_its_sheet",
    "test_every_status_the_api_answers_is_documented",
    "test_demo_loads_assessments_in_every_state",
    "test_production_settings_are_safe",
    "test_backup_then_restore_gives_back_every_row_and_file",
    "test_public_pages_have_no_serious_accessibility_violation",
    "test_after_a_change_a_worker_computes_the_province_and_city_figures_before_anyone_looks",
    "test_the_province_starts_a_campaign_evaluation_as_a_job",
    "test_the_sweep_objects_are_reachable_inside_their_county",
    "test_the_board_shows_reported_missing_and_overdue_offices_by_level",
    "test_the_move_keeps_reports_history_grants_permissions_and_log_entries",
]
# fixtures that start a browser, a live server, a real worker or a copy of the database: slow whatever the test
SLOW_FIXTURES = {"page", "chromium", "live_server", "real_worker", "coordinators_worker", "database_copy",
                 "fuzz_world", "wsgi_app"}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes long (tests/conftest.py SLOWEST); run first, skip with -m 'not slow'")


@pytest.hookimpl(tryfirst=True)  # before -m reads the marks
def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(SLOWEST)}

    def order(item):
        name = getattr(item, "originalname", item.name)
        if name in rank:
            return rank[name]
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            return len(rank)
        return len(rank) + 1

    for item in items:
        if order(item) <= len(rank):
            item.add_marker(pytest.mark.slow)
    items.sort(key=order)  # stable: the same order on every worker, as pytest-xdist requires
