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


def test_generated_requests_never_get_a_server_error(county_user):
    Enterprise.objects.create(name="江岸甲公司", uscc="91420102MA4K00017C", region=Region.objects.get(code="420102002"),
                              industry="C")
    _, secret = issue_token(office=county_user.office, name="模糊测试", created_by=county_user, can_post_signals=True,
                            rate_limit=1_000_000)
    schema = schemathesis.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    headers = {"Authorization": f"Bearer {secret}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                             suppress_health_check=list(HealthCheck))
        def check(case, operation=operation):
            for auth in (headers, {}):
                response = case.call_wsgi(headers=auth)
                if response.status_code >= 500:
                    failures.append(f"{operation.verbose_name} {case.path_parameters} {case.query} "
                                    f"{str(case.body)[:200]} -> {response.status_code}")

        check()
    assert operations >= 9
    assert not failures, "\n".join(failures[:20])
