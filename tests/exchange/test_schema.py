"""Schemathesis against the served OpenAPI document: no generated request gives a server error (5xx)."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from apps.enterprises.models import Enterprise
from apps.exchange.services import issue_token
from apps.regions.models import Region

pytestmark = pytest.mark.django_db
EXAMPLES = 25  # per operation: the whole document is walked in well under two minutes


def make_check(operation, headers, failures):
    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck))
    def check(case):
        for auth in (headers, {}):  # with the token, and without it (401, never a 5xx)
            response = case.call_wsgi(headers=auth)
            if response.status_code >= 500:
                failures.append(f"{operation.verbose_name} {case.query} {str(case.body)[:200]}"
                                f"{response.status_code}")

    return check


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, keeping the test's database connection open between requests (as the test
    client does: a real request would close it at its end, and with it the test's transaction)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_generated_requests_never_get_a_server_error(county_user, wsgi_app):
    Enterprise.objects.create(name="江岸甲公司", uscc="91420102MA4K00017C", region=Region.objects.get(code="420102002"),
                              industry="C")
    _, secret = issue_token(office=county_user.office, name="模糊测试", created_by=county_user, can_post_signals=True,
                            rate_limit=1_000_000)
    # django-ninja writes OpenAPI 3.1; schemathesis 3 reads it in its 3.0 mode (nullable as anyOf null works)
    schema = schemathesis.from_wsgi("/api/v1/openapi.json", wsgi_app, force_schema_version="30")
    headers = {"Authorization": f"Bearer {secret}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        make_check(operation, headers, failures)()
    assert operations >= 9
    assert not failures, "\n".join(failures[:20])
