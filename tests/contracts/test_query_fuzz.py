"""Odd query strings never give a 500: every list URL, every parameter it reads, hostile values.

Like the sweep (tests/contracts/test_url_sweep.py) this walks the URLconf, so list pages added later are covered
automatically: each URL without a path parameter is requested with every parameter its filterset declares
plus the ones list pages read by hand (page, sort, q, year, region, area, …), each set to a NUL byte, a
huge number, a negative number and other garbage. The answer may be a page (the bad value ignored), a
redirect or 400/404 — never a server error.
"""


import django_filters
import pytest
from django.db import transaction
from django.http import QueryDict
from django.test import RequestFactory, override_settings
from django.views.generic.edit import ProcessFormView
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.core.middleware import QuerySanitizerMiddleware
from apps.core.querying import bounded_int
from tests.conftest import fast_and_eager, make_staff
from tests.contracts.test_url_sweep import SKIP_PREFIXES, build_world, walk

pytestmark = pytest.mark.django_db

COMMON = ["page", "per_page", "sort", "q", "year", "region", "area", "county", "township", "status", "kind",
          "level", "gaps", "part", "agency", "download", "format", "city", "unit"]
HOSTILE = ["\x00", "99999999999999999999", "-5", "1e309", "2026-13-45", "x" * 300]
NUMBERS = ["99999999999999999999", "-5"]
READ_BY_HAND = ["page", "per_page", "year", "region", "area", "agency"]  # parameters views parse themselves
# never fetched by GET here: they change state, or serve files rather than pages
SKIP_NAMES = {"logout"}


def filter_params(view_class):
    """(every parameter the view's filterset declares, its number parameters)."""
    filterset_class = getattr(view_class, "filterset_class", None)
    if filterset_class is None:
        return [], []
    names, numbers = [], []
    for name, filter_ in filterset_class.base_filters.items():
        names.append(name)
        widget = getattr(filter_.field_class, "widget", None)
        suffixes = getattr(widget, "suffixes", None)
        if suffixes:
            names.extend(f"{name}_{s}" for s in suffixes)
        names.extend([f"{name}_min", f"{name}_max", f"{name}_after", f"{name}_before"]
                     if "Range" in type(filter_).__name__ else [])
        if isinstance(filter_, django_filters.NumberFilter):
            numbers.append(name)
    return names, numbers


def list_urls():
    """(name, path, every parameter to send, the ones to send one by one) of every URL without a path
    parameter."""
    from django.urls import get_resolver, reverse

    found = []
    for route, name, entry in walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES) or entry.pattern.converters or name in SKIP_NAMES:
            continue
        view_class = getattr(entry.callback, "view_class", entry.callback)
        if isinstance(view_class, type) and issubclass(view_class, ProcessFormView) or name.endswith("template"):
            continue  # a form to fill or a template to download: not a list
        declared, numbers = filter_params(view_class)
        found.append((name, reverse(name), sorted(set(declared) | set(COMMON)), sorted(set(numbers) | set(READ_BY_HAND))))
    return found


def fuzz(client, urls, *, values=HOSTILE, one_by_one=True):
    """Every parameter at once with each hostile value; then (one_by_one) each declared or hand-read
    parameter alone with the numbers, so that one bad value cannot hide another's crash behind a form
    error. NUL bytes need no one-by-one pass: the middleware strips them before any view (tested below)."""
    client.raise_request_exception = False  # collect every failure, not only the first
    failures = []
    for name, url, params, singles in urls:
        queries = [dict.fromkeys(params, value) for value in values]
        if one_by_one:
            queries += [{p: value} for p in singles for value in NUMBERS]
        for query in queries:
            response = client.get(url, query)
            if response.status_code >= 500:
                shown = "&".join(f"{k}={v!r}" for k, v in list(query.items())[:3])
                failures.append(f"{name} {url}?{shown} -> {response.status_code}")
    return failures


@pytest.fixture
def quiet(settings):
    """403/404 answers are expected by the thousand here: do not log a traceback for each."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


PARTS = 8  # the URLs are fuzzed in this many tests, which the parallel workers (pytest-xdist) share out evenly


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One object of each kind, so that list pages have rows to filter, and the two users: built once per
    module (per worker) in a transaction rolled back after the last part; each part runs in a savepoint."""
    with django_db_blocker.unblock(), fast_and_eager(), \
            override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("fuzz-media")):
        with transaction.atomic():
            build_world()
            yield (list_urls(), make_staff("42", username="fuzz-province"),
                   make_staff("420102", username="fuzz-county"))
            transaction.set_rollback(True)


@pytest.mark.parametrize("part", range(PARTS))
def test_every_list_url_survives_hostile_query_values(client, fuzz_world, quiet, part):
    all_urls, province, county = fuzz_world
    assert len(all_urls) > 25, "the walk found too few list URLs"
    urls = all_urls[part::PARTS]
    client.force_login(province)
    failures = fuzz(client, urls)
    client.force_login(county)
    failures += fuzz(client, urls, values=["\x00"] + NUMBERS, one_by_one=False)
    client.logout()
    failures += fuzz(client, [u for u in urls if "public" in u[1]])
    assert not failures, "\n".join(failures)


def test_the_issue_examples_answer_without_a_server_error(client):
    client.raise_request_exception = False
    for url in ["/public/stations/?q=%00", "/public/coordinators/?county=%00"]:
        assert client.get(url).status_code < 500, url
    client.force_login(make_staff("42", username="fuzz-examples"))
    for url in ["/stations/coverage/?area=%00", "/coordinators/structure/?region=%00",
                "/risks/board/?region=%00", "/coordinators/skills/?year=-5",
                "/coordinators/skills/?year=99999999999999999999", "/coordinators/contests/?year=-5",
                "/coordinators/contests/?year=99999999999999999999", "/coordinators/trainings/?year=-5",
                "/coordinators/trainings/?year=99999999999999999999", "/enterprises/?page=99999999999999999999",
                "/enterprises/?year=%00&page=-1"]:
        response = client.get(url)
        assert response.status_code in (200, 302, 400, 404), (url, response.status_code)


def test_the_middleware_strips_nul_bytes_from_every_query_value():
    seen = {}

    def view(request):
        seen.update(request.GET.lists())
        return None

    QuerySanitizerMiddleware(view)(RequestFactory().get("/x/", {"q": "ab\x00c", "year": ["20\x0026", "x"]}))
    assert seen == {"q": ["abc"], "year": ["2026", "x"]}


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=40))
def test_bounded_int_never_raises_and_stays_in_range(raw):
    value = bounded_int(raw, low=1, high=10_000)
    assert value is None or 1 <= value <= 10_000


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=10), st.text(max_size=30), max_size=5))
def test_the_middleware_leaves_no_nul_in_any_key_or_value(query):
    request = RequestFactory().get("/x/")
    request.GET = QueryDict(mutable=True)
    for key, value in query.items():
        request.GET.appendlist(key, value)
    out = {}
    QuerySanitizerMiddleware(lambda r: out.update(r.GET.lists()))(request)
    assert all("\x00" not in k and all("\x00" not in v for v in vs) for k, vs in out.items())
