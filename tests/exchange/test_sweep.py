"""The cross-county sweep over every route of the data-exchange API (apps.exchange.api).

Every route in the served OpenAPI document is called with a token of another county (宜昌市西陵区): it must
answer without a word of county A's data. The same routes called with county A's token do show county A's
rows, so the sweep cannot pass vacuously. A route added later is covered by the same walk.
"""

import json

import pytest

from apps.core.testing import SWEEP_MARK
from apps.exchange.models import ApiToken, EnterpriseSignal
from apps.exchange.services import issue_token
from tests.conftest import make_staff
from tests.contracts.test_url_sweep import build_world

pytestmark = pytest.mark.django_db
MARKED = {f"/api/v1/{name}" for name in ("enterprises", "creation-records", "assessments", "stations", "coordinators",
                                          "risk-reports", "signals", "me")}


def _text(response):
    """The body as a reader sees it: JSON escapes Chinese as \\uXXXX, so decode before looking for the mark."""
    try:
        return json.dumps(response.json(), ensure_ascii=False)
    except ValueError:
        return response.content.decode(errors="ignore")


def _routes(client):
    document = client.get("/api/v1/openapi.json").json()
    return [(method.upper(), path) for path, methods in document["paths"].items() for method in methods]


def test_every_api_route_keeps_to_the_token_area(client, media):
    world = build_world()
    outsider = make_staff("420502", username="sweep-b-api")
    _, secret_b = issue_token(office=outsider.office, name="西陵令牌", created_by=outsider, can_post_signals=True)
    as_b = {"HTTP_AUTHORIZATION": f"Bearer {secret_b}"}
    as_a = {"HTTP_AUTHORIZATION": f"Bearer {world.api_secret_a}"}
    routes = _routes(client)
    assert len(routes) >= 9
    leaks, vacuous = [], []
    for method, path in routes:
        if method == "GET":
            response = client.get(path, **as_b)
            if response.status_code != 200 or SWEEP_MARK in _text(response):
                leaks.append(f"GET {path} -> {response.status_code}")
            own = client.get(path, **as_a)
            # a route whose rows the sweep world marks must show them to county A (others: at least answer)
            if own.status_code != 200 or (path in MARKED and SWEEP_MARK not in _text(own)):
                vacuous.append(path)
        elif (method, path) == ("POST", "/api/v1/signals"):
            uscc = EnterpriseSignal.objects.first().enterprise.uscc  # county A's enterprise of the sweep world
            before = list(EnterpriseSignal.objects.values())
            response = client.post(path, json.dumps({"rows": [{"uscc": uscc, "date": "2026-05-01", "disputes": 9}]}),
                                   content_type="application/json", **as_b)
            body = _text(response)
            if response.status_code != 400 or "不在本令牌所属单位的辖区内" not in response.json()["errors"][0]["message"]:
                leaks.append(f"POST {path} -> {response.status_code} {body[:200]}")
            if SWEEP_MARK in body or list(EnterpriseSignal.objects.values()) != before:
                leaks.append(f"POST {path} wrote or showed county A's data")
        else:
            leaks.append(f"{method} {path}: not covered by this sweep; add it here")
    assert not leaks, "\n".join(leaks)
    assert not vacuous, "county A's token does not see its own rows on: " + ", ".join(vacuous)
    assert ApiToken.objects.count() >= 2
