"""A signal batch cannot be used to learn whether a code exists in another area."""

import json

import pytest
from django.utils import timezone

from tests.exchange.test_api import USCC, _token, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_a_foreign_code_and_an_unknown_code_get_the_same_answer(client, county_user, world):  # noqa: F811
    _, auth = _token(county_user)
    today = str(timezone.localdate())
    unknown = "91420102MA4K00099X"
    answers = []
    for uscc in (USCC[2], unknown):  # 西陵区's enterprise, and a code in no ledger
        response = client.post("/api/v1/signals", json.dumps({"rows": [{"uscc": uscc, "date": today, "disputes": 1}]}),
                               content_type="application/json", **auth)
        answers.append((response.status_code, response.content.decode().replace(uscc, "<code>")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 400
