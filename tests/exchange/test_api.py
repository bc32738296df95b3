"""The data-exchange API (apps.exchange): tokens, scoping, paging, signals, the call log."""

import datetime
import json

import pytest
from django.utils import timezone

from apps.enterprises.models import Enterprise
from apps.exchange.models import ApiCall, ApiToken, EnterpriseSignal
from apps.exchange.services import issue_token, revoke_token
from apps.regions.models import Region
from apps.risks.models import RiskReport

pytestmark = pytest.mark.django_db

USCC = ["91420102MA4K00017C", "91420102MA4K0002XH", "91420502MA4K000171"]


def _enterprise(name, uscc, code, employees=50):
    return Enterprise.objects.create(name=name, uscc=uscc, region=Region.objects.get(code=code), industry="C",
                                     employee_count=employees)


def _token(user, **kwargs):
    kwargs.setdefault("can_post_signals", True)
    token, secret = issue_token(office=user.office, name=kwargs.pop("name", "测试令牌"), created_by=user, **kwargs)
    return token, {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def world(county_user, other_county_user):
    a1 = _enterprise("江岸甲公司", USCC[0], "420102002")
    a2 = _enterprise("江岸乙公司", USCC[1], "420102")
    b1 = _enterprise("西陵丙公司", USCC[2], "420502001")
    return {"a": [a1, a2], "b": b1}


def test_a_county_token_reads_only_its_county(client, county_user, world):
    token, auth = _token(county_user)
    body = client.get("/api/v1/enterprises", **auth).json()
    assert "items" in body, body
    assert sorted(e["uscc"] for e in body["items"]) == sorted(USCC[:2])
    assert body["next_cursor"] is None
    call = ApiCall.objects.get(token=token)
    assert (call.method, call.operation, call.status, call.rows) == ("GET", "enterprises", 200, 2)


def test_cursor_pages_cover_every_row_once(client, county_user, world):
    _, auth = _token(county_user)
    first = client.get("/api/v1/enterprises?limit=1", **auth).json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = client.get(f"/api/v1/enterprises?limit=1&cursor={first['next_cursor']}", **auth).json()
    assert second["next_cursor"] is None
    assert {first["items"][0]["uscc"], second["items"][0]["uscc"]} == set(USCC[:2])
    bad = client.get("/api/v1/enterprises?cursor=AAAA", **auth)
    assert bad.status_code == 400 and "游标无效" in bad.json()["detail"]


def test_a_region_outside_the_token_area_is_refused(client, county_user, world):
    _, auth = _token(county_user)
    response = client.get("/api/v1/enterprises?region=420502", **auth)
    assert response.status_code == 400 and "不在本令牌的辖区内" in response.json()["detail"]
    inside = client.get("/api/v1/enterprises?region=420102002", **auth).json()
    assert [e["uscc"] for e in inside["items"]] == [USCC[0]]


@pytest.mark.parametrize("how", ["revoked", "expired", "unknown", "missing"])
def test_revoked_expired_or_unknown_tokens_get_401(client, county_user, world, how):
    token, auth = _token(county_user)
    if how == "revoked":
        assert revoke_token(token, county_user)
    elif how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif how == "unknown":
        auth = {"HTTP_AUTHORIZATION": "Bearer hbx_not-a-token"}
    else:
        auth = {}
    response = client.get("/api/v1/enterprises", **auth)
    assert response.status_code == 401
    assert "令牌无效" in response.json()["detail"]
    assert not ApiCall.objects.filter(status=200).exists()


def test_scopes_are_enforced(client, county_user, world):
    _, read_only = _token(county_user, can_post_signals=False)
    response = client.post("/api/v1/signals", json.dumps({"rows": []}), content_type="application/json",
                           **read_only)
    assert response.status_code == 403 and "报送信号" in response.json()["detail"]
    _, post_only = _token(county_user, name="只报送", can_read=False)
    assert client.get("/api/v1/enterprises", **post_only).status_code == 403


def test_rate_limit_gives_429(client, county_user, world):
    token, auth = _token(county_user, rate_limit=2)
    codes = [client.get("/api/v1/me", **auth).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert ApiCall.objects.filter(token=token, status=429).count() == 1


def test_coordinators_are_masked(client, county_user, world):
    from apps.coordinators.models import Coordinator

    c = Coordinator(name="张三", phone="13912345678", education="bachelor", workplace_type="enterprise",
                    workplace_name="甲公司", region=Region.objects.get(code="420102002"))
    c.set_id_number("420102199001011236")
    c.save()
    _, auth = _token(county_user)
    item = client.get("/api/v1/coordinators", **auth).json()["items"][0]
    assert item["id_number_masked"] == "4201**********1236" and item["phone_masked"] == "139****5678"
    assert "420102199001011236" not in json.dumps(item)


def _post(client, auth, rows):
    return client.post("/api/v1/signals", json.dumps({"rows": rows}), content_type="application/json", **auth)


def test_a_batch_with_one_bad_row_writes_nothing(client, county_user, world):
    _, auth = _token(county_user)
    today = timezone.localdate()
    rows = [{"uscc": USCC[0], "date": str(today), "contracts_signed": 10},
            {"uscc": USCC[1], "date": str(today), "disputes": -1},
            {"uscc": USCC[2], "date": str(today), "disputes": 1},
            {"uscc": "91420102MA4K00099X", "date": str(today), "disputes": 1},
            {"uscc": USCC[0], "date": str(today + datetime.timedelta(days=1)), "disputes": 1}]
    response = _post(client, auth, rows)
    assert response.status_code == 400
    body = response.json()
    assert "未写入任何数据" in body["detail"]
    by_row = {e["row"]: e["message"] for e in body["errors"]}
    assert by_row[2] == "不能为负数"
    assert "不在本令牌所属单位的辖区内" in by_row[3]
    assert "企业台账中没有" in by_row[4]
    assert by_row[5] == "日期不能晚于今天"
    assert 1 not in by_row
    assert not EnterpriseSignal.objects.exists()


def test_signals_open_a_risk_in_the_enterprise_county_and_a_replay_changes_nothing(client, county_user, world):
    token, auth = _token(county_user, name="调解平台")
    day = str(timezone.localdate())
    rows = [{"uscc": USCC[0], "date": day, "disputes": 5, "arbitrations": 0},
            {"uscc": USCC[1], "date": day, "contracts_signed": 12, "insurance_arrears": False}]
    first = _post(client, auth, rows)
    assert first.status_code == 200, first.content
    assert first.json() == {"rows": 2, "created": 2, "updated": 0, "unchanged": 0, "risks_opened": 1}
    report = RiskReport.objects.get()
    assert report.enterprise == world["a"][0] and report.region.code == "420102002"
    assert report.category == "collective_dispute" and "劳动争议案件 5 件" in report.description
    assert report.events.count() == 1  # filed through the risk workflow, with its first event
    before = list(EnterpriseSignal.objects.order_by("pk").values())
    replay = _post(client, auth, rows)
    assert replay.json() == {"rows": 2, "created": 0, "updated": 0, "unchanged": 2, "risks_opened": 0}
    assert list(EnterpriseSignal.objects.order_by("pk").values()) == before
    assert RiskReport.objects.count() == 1
    # a later batch for the same day updates what it carries, and the arrears flag opens a second risk
    later = _post(client, auth, [{"uscc": USCC[1], "date": day, "insurance_arrears": True}])
    assert later.json()["updated"] == 1 and later.json()["risks_opened"] == 1
    assert EnterpriseSignal.objects.get(enterprise=world["a"][1]).contracts_signed == 12
    assert RiskReport.objects.filter(category="social_insurance").count() == 1


def test_the_enterprise_page_shows_its_signals(client, county_user, world):
    token, auth = _token(county_user, name="电子合同")
    _post(client, auth, [{"uscc": USCC[0], "date": str(timezone.localdate()), "contracts_signed": 37}])
    client.force_login(county_user)
    page = client.get(f"/enterprises/{world['a'][0].pk}/").content.decode()
    assert "风险信号（兄弟平台报送）" in page and ">37<" in page


def test_the_api_document_and_docs_page(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    for path in ("/api/v1/enterprises", "/api/v1/creation-records", "/api/v1/assessments", "/api/v1/stations",
                 "/api/v1/coordinators", "/api/v1/risk-reports", "/api/v1/signals"):
        assert path in document["paths"], path
    page = client.get("/api/v1/docs/").content.decode()
    assert "数据交换接口文档" in page and "/api/v1/risk-reports" in page
    assert "<script>" not in page  # no inline script (CSP), no CDN: the page is drawn on the server


def test_an_office_admin_issues_a_token_shown_once_and_revokes_it(client, county_user, world):
    from apps.exchange.models import digest_of

    client.force_login(county_user)
    form = {"name": "电子合同平台", "platform": "", "can_read": "on", "can_post_signals": "on", "days": "30",
            "rate_limit": "60"}
    refused = client.post("/exchange/tokens/new/", {**form, "can_read": "", "can_post_signals": ""})
    assert "请至少选择一项权限" in refused.content.decode()
    response = client.post("/exchange/tokens/new/", form)
    page = response.content.decode()
    assert response.status_code == 200 and "只显示这一次" in page and response["Cache-Control"] == "no-store"
    secret = page.split('data-testid="token-secret">')[1].split("<")[0]
    token = ApiToken.objects.get(name="电子合同平台")
    assert token.digest == digest_of(secret) and secret not in str(ApiToken.objects.values().get(pk=token.pk))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/me", **auth).json()["area"] == "武汉市江岸区"
    listing = client.get("/exchange/tokens/").content.decode()
    assert "电子合同平台" in listing and secret not in listing
    client.post(f"/exchange/tokens/{token.pk}/revoke/")
    assert client.get("/api/v1/me", **auth).status_code == 401
    assert "接口调用记录" in client.get("/exchange/calls/").content.decode()


def test_token_pages_are_for_office_admins_only(client, world):
    from tests.conftest import make_staff

    clerk = make_staff("420102", roles=("clerk",), username="only-clerk")
    client.force_login(clerk)
    assert client.get("/exchange/tokens/").status_code == 403
    assert client.get("/exchange/tokens/new/").status_code == 403


def test_the_call_log_costs_the_same_queries_for_many_rows(client, county_user, world,
                                                           django_assert_max_num_queries):
    token, _ = _token(county_user)
    ApiCall.objects.bulk_create([ApiCall(token=token, method="GET", path=f"/api/v1/enterprises?{i}",
                                         operation="enterprises", status=200, rows=i) for i in range(60)])
    client.force_login(county_user)
    with django_assert_max_num_queries(15):
        assert client.get("/exchange/calls/?status=ok&date=99999-01-01").status_code == 200
    with django_assert_max_num_queries(15):
        assert "共 60 条" in client.get("/exchange/calls/").content.decode()
    assert client.get("/exchange/tokens/?q=%00").status_code == 200


def test_the_assessment_review_shows_the_unit_signals(client, county_user, world):
    from apps.evaluations.models import Assessment

    token, auth = _token(county_user, name="电子合同")
    _post(client, auth, [{"uscc": USCC[0], "date": str(timezone.localdate()), "contracts_signed": 41}])
    sheet = Assessment.start(world["a"][0].subject, 2026, Assessment.Kind.SELF, None)
    Assessment.objects.filter(pk=sheet.pk).update(status=Assessment.Status.SUBMITTED)
    client.force_login(county_user)
    page = client.get(f"/evaluations/assessments/{sheet.pk}/review/").content.decode()
    assert "风险信号（兄弟平台报送）" in page and ">41<" in page


def test_every_declared_signal_column_round_trips_through_the_api(client, county_user, world):
    """The signal batch's data contract: each column of SignalResource goes in by its name and comes back out
    of GET /signals with the same value, and the POST schema offers exactly the declared columns."""
    from apps.core import widgets
    from apps.exchange.resources import SignalResource

    declared = widgets.columns(SignalResource)
    document = client.get("/api/v1/openapi.json").json()
    assert list(document["components"]["schemas"]["SignalIn"]["properties"]) == [c.name for c in declared]
    _, auth = _token(county_user)
    day = str(timezone.localdate() - datetime.timedelta(days=1))
    sent = {"uscc": USCC[1], "date": day, "contracts_signed": 7, "disputes": 1, "arbitrations": 1,
            "insurance_arrears": False}
    assert set(sent) == {c.name for c in declared}  # every declared column is sent
    assert _post(client, auth, [sent]).status_code == 200
    (item,) = client.get("/api/v1/signals", **auth).json()["items"]
    assert {c.name: item[c.name] for c in declared} == sent
