"""The API's answers to bad input: a 400 with the reason, never a 500, and every status it answers documented."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import status_code_conformance

from apps.enterprises.models import Enterprise
from apps.exchange.services import issue_token
from apps.regions.models import Region
from tests.exchange.test_schema import wsgi_app  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(county_user):
    Enterprise.objects.create(name="江岸甲公司", uscc="91420102MA4K00017C", region=Region.objects.get(code="420102002"),
                              industry="C")
    return issue_token(office=county_user.office, name="接口测试", created_by=county_user, can_post_signals=True,
                       rate_limit=1_000_000)[1]


@pytest.mark.parametrize("offset", ["%2B16:00", "-23:59", "%2B15:00", "-13:00"])
def test_updated_since_with_an_impossible_offset_is_a_400_with_the_reason(client, token, offset):
    response = client.get(f"/api/v1/enterprises?updated_since=2000-01-01T00:00:00{offset}",
                          HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400
    assert "时区偏移" in response.json()["detail"] and "-12:00 至 +14:00" in response.json()["detail"]


@pytest.mark.parametrize("value", ["2000-01-01T00:00:00%2B14:00", "2000-01-01T00:00:00-12:00", "2000-01-01T00:00:00"])
def test_updated_since_inside_the_range_lists_the_rows(client, token, value):
    response = client.get(f"/api/v1/enterprises?updated_since={value}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    assert [row["name"] for row in response.json()["items"]] == ["江岸甲公司"]


def test_updated_since_before_the_first_representable_moment_is_a_400(client, token):
    response = client.get("/api/v1/enterprises?updated_since=0001-01-01T00:00:00%2B08:00",
                          HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400 and "超出可表示的时间范围" in response.json()["detail"]


def conformance_check(operation, headers, failures):
    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=25, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck))
    def check(case):
        for auth in (headers, {}):
            response = case.call_wsgi(headers=auth)
            try:
                status_code_conformance(None, response, case)
            except AssertionError as exc:
                failures.append(f"{operation.verbose_name} {case.query} → {response.status_code}: {exc}")

    return check


def test_every_status_the_api_answers_is_documented(token, wsgi_app):  # noqa: F811
    schema = schemathesis.from_wsgi("/api/v1/openapi.json", wsgi_app, force_schema_version="30")
    headers = {"Authorization": f"Bearer {token}"}
    failures, operations = [], 0

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        conformance_check(operation, headers, failures)()
    assert operations >= 9
    assert not failures, "\n".join(failures[:20])
