"""apps/core/policy.users_with: the one query for "staff over (or at) an area holding a permission"."""

import pytest

from apps.core.policy import users_with
from apps.regions.models import Region
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_users_with_a_permission_over_an_area_at_levels():
    county = make_staff("420102", username="p-county")
    clerk = make_staff("420102", roles=("clerk",), username="p-clerk")  # may not recommend
    city = make_staff("4201", username="p-city")
    province = make_staff("42", username="p-province")
    make_staff("420502", username="p-other")
    path = Region.objects.get(code="420102002").path
    assert list(users_with("honours.recommend_application", over=path)) == [county, city, province]
    assert list(users_with("honours.recommend_application", over=path, levels=["county"])) == [county]
    assert list(users_with("honours.add_application", over=path, levels=["county"])) == [county, clerk]
    assert list(users_with("honours.review_application", at=Region.objects.get(code="4201"))) == [city]
    assert list(users_with("honours.decide_round", levels=["province"])) == [province]
    assert not users_with("stations.recommend_application", over=path).exists()  # the app label counts


def test_users_with_an_office_of_a_path_below_a_region_or_of_one_unit():
    from apps.accounts.models import MemberUnit

    county = make_staff("420102", username="q-county")
    other = make_staff("420502", username="q-other")
    city = make_staff("4201", username="q-city")
    union = make_staff("4201", unit=MemberUnit.UNION, username="q-union")
    wuhan, jiangan = Region.objects.get(code="4201"), Region.objects.get(code="420102")
    assert list(users_with(None, path=[jiangan.path, "42/4205/420502/"])) == [county, other]
    assert list(users_with(None, below=wuhan)) == [county]
    assert list(users_with(None, at=[wuhan, jiangan])) == [county, city, union]
    assert list(users_with("honours.review_application", at=wuhan, unit=MemberUnit.UNION)) == [union]


def test_one_policy_per_model_answers_view_act_and_whom_to_tell():
    from apps.core.policy import can, policy_for
    from apps.honours.models import SelectionRound
    from apps.recognition.models import Case, Commendation

    county = make_staff("420102", username="r-county")
    roleless_city = make_staff("4201", roles=(), username="r-city-none")
    province = make_staff("42", username="r-province")
    # levels live in the policy: a county and a city put a case forward, the province issues the list
    assert can(county, "add", Case) and not can(province, "add", Case)
    assert can(province, "issue", Commendation) and not can(county, "issue", Commendation)
    assert can(province, "manage", SelectionRound) and not can(county, "manage", SelectionRound)
    city = make_staff("4201", username="r-city")
    assert can(city, "add", Commendation)
    assert not can(roleless_city, "add", Commendation)  # the role's permission counts too
    from apps.accounts.models import User
    from apps.enterprises.models import Enterprise

    ent = Enterprise.objects.create(name="策略公司", uscc="91420102MA4K000190", industry="C",
                                    region=Region.objects.get(code="420102002"))
    account = User.objects.create_user(username="r-ent", password="x", kind=User.Kind.ENTERPRISE, enterprise=ent)
    assert can(account, "add", Case)  # an enterprise writes its own case, without a role
    assert not can(account, "edit", ent)  # but edits no ledger row
    # rows: queryset/can agree with visible_to, and whom to tell follows the row's area
    outsider = make_staff("420502", username="r-outsider")
    policy = policy_for(ent)
    assert list(policy.queryset(county)) == [ent] and not policy.queryset(outsider).exists()
    assert policy.can(county, "view", ent) and policy.can(county, "edit", ent)
    assert not policy.can(outsider, "view", ent) and not policy.can(outsider, "edit", ent)
    assert not policy.queryset(make_staff("420102", roles=(), username="r-none"), "edit").exists()
    assert list(policy.users_with("edit", ent)) == [county, province, city]  # over the row, holding the right


def test_a_transition_name_is_asked_of_the_models_workflow():
    from apps.core.policy import policy_for
    from apps.stations.models import Station

    station = Station.objects.create(name="策略测试服务站", kind=Station.Kind.STREET,
                                     region=Region.objects.get(code="420102002"), address="大智路 3 号",
                                     services=["policy"])
    county = make_staff("420102", username="t-county")
    outsider = make_staff("420502", username="t-outsider")
    policy = policy_for(station)
    assert policy.can(county, "pass", station)  # 验收通过: pending, the county office, its permission
    assert not policy.can(county, "revoke", station)  # 撤销验收: not in this state
    assert not policy.can(outsider, "pass", station)  # another county
    assert policy.can(county, "act", station) and not policy.can(outsider, "act", station)


def test_the_can_tag_answers_for_the_signed_in_user(rf):
    from django.template import Context, Template

    county = make_staff("420102", username="tag-county")
    province = make_staff("42", username="tag-province")
    template = Template('{% load portal %}{% can "add" "recognition.case" as may %}{{ may|yesno:"可,否" }}')
    request = rf.get("/")
    request.user = county
    assert template.render(Context({"request": request})) == "可"
    request.user = province
    assert template.render(Context({"request": request})) == "否"


def test_a_policy_rule_narrows_a_workflow_step_listed_or_not():
    """The province returns a city's gold-medal nomination, never its own (GoldMedalPolicy.allows), whether the
    row comes from a table (listed: the workflow's table without asking the scope again) or on its own."""
    from apps.coordinators.models import GoldMedal
    from apps.core.policy import policy_for
    from tests.coordinators.test_gold_medals import _coordinator

    province = make_staff("42", roles=("leader",), username="g-province")
    city_medal = GoldMedal.objects.create(year=2026, coordinator=_coordinator(1), level="city",
                                          nominated_by=Region.objects.get(code="4201"))
    own_medal = GoldMedal.objects.create(year=2026, coordinator=_coordinator(2), level="province",
                                         nominated_by=Region.objects.get(code="42"))
    policy = policy_for(GoldMedal)
    for listed in (False, True):
        assert policy.can(province, "return", city_medal, listed=listed)
        assert not policy.can(province, "return", own_medal, listed=listed)
    city_medal.status = GoldMedal.State.RETURNED
    assert not policy.can(province, "return", city_medal, listed=True)  # the step's state, from its table
    assert not policy.can(make_staff("4201", roles=("leader",), username="g-city"), "return", own_medal)


def test_edit_rights_per_state_and_per_owner_live_in_the_policy(client):
    """A nomination is edited by the office that nominated it while a draft or returned; the detail page's
    修改 button and the edit page follow the policy."""
    from django.urls import reverse

    from apps.core.policy import policy_for
    from apps.recognition.models import Commendation

    jiangan = Region.objects.get(code="420102")
    nomination = Commendation.objects.create(year=2026, kind="collective", name="江岸集体", deeds="事迹",
                                             region=jiangan, nominator_region=jiangan, nominator_level="county")
    county = make_staff("420102", username="e-county")
    city = make_staff("4201", username="e-city")  # sees it, did not nominate it
    policy = policy_for(nomination)
    assert policy.can(county, "edit", nomination) and not policy.can(city, "edit", nomination)
    edit_url = reverse("recognition:commendation_edit", args=[nomination.pk])
    client.force_login(county)
    assert edit_url in client.get(nomination.get_absolute_url()).content.decode()
    Commendation.objects.filter(pk=nomination.pk).update(status="submitted")
    nomination.refresh_from_db()
    assert not policy.can(county, "edit", nomination)
    assert edit_url not in client.get(nomination.get_absolute_url()).content.decode()
    assert client.get(edit_url).status_code == 302  # told why, sent back to the nomination


def test_the_rows_a_user_may_edit_are_the_rows_can_says_yes_to():
    """`queryset(user, "edit")` applies the declared states and owner, so a list of "what I may edit" agrees with
    the row's 修改 button."""
    from apps.core.policy import policy_for
    from apps.recognition.models import Commendation

    jiangan, wuhan = Region.objects.get(code="420102"), Region.objects.get(code="4201")
    rows = {
        (who, status): Commendation.objects.create(year=2026, kind="collective", name=f"{who}{status}", deeds="事迹",
                                                   region=jiangan, nominator_region=nominator, status=status,
                                                   nominator_level=who)
        for who, nominator in (("county", jiangan), ("city", wuhan))
        for status in ("draft", "returned", "submitted")}
    county, city = make_staff("420102", username="r-county"), make_staff("4201", username="r-city")
    policy = policy_for(Commendation)
    for user, who in ((county, "county"), (city, "city")):
        editable = set(policy.queryset(user, "edit"))
        assert editable == {rows[who, "draft"], rows[who, "returned"]}
        assert editable == {row for row in rows.values() if policy.can(user, "edit", row)}


def test_no_app_writes_its_own_staff_query():
    """"Staff of area A holding permission X" is asked of apps/core/policy.py (users_with, a policy's
    users_with): no module of an app filters users by role permissions or by their office's region itself."""
    import re
    from pathlib import Path

    apps_dir = Path(__file__).resolve().parent.parent / "apps"
    own_query = re.compile(r"groups__permissions|permissions__codename|User\.objects\.[^\n]*office__region"
                           r"|users_with\([^\n]*\)\.filter\([^\n]*office")
    found = [f"{path.relative_to(apps_dir)}:{n}" for path in apps_dir.rglob("*.py")
             if "migrations" not in path.parts and path.name != "demo.py"  # demo seeds pick named accounts
             and path != apps_dir / "core" / "policy.py"
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if own_query.search(line)]
    assert not found, found
