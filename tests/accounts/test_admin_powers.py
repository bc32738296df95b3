"""What an office admin may do with accounts: never grant 管理员 (the level above does), never edit a user holding
管理员 or a role the admin lacks, never move itself to another office; every change to a role-holder is in 变更记录."""

import pytest
from django.urls import reverse

from apps.accounts.models import Office, User
from apps.accounts.roles import ADMIN, CLERK, LEADER, REVIEWER, ROLES, role_group
from apps.core.audit import history_rows
from apps.regions.models import Region
from tests.conftest import TEST_PASSWORD, make_staff

pytestmark = pytest.mark.django_db


def _data(user, **changes):
    return {"username": user.username, "full_name": user.full_name, "office": user.office_id, "email": "",
            "is_active": "on", "roles": [g.pk for g in user.groups.all()], **changes}


def _roles(*names):
    return [role_group(r).pk for r in names]


def test_a_second_account_with_every_role_cannot_be_made_at_the_admins_level(client):
    admin = make_staff("420502", unit="confed", roles=(ADMIN, CLERK), username="420502-confed-admin-x")
    client.force_login(admin)
    new = {"username": "sock", "full_name": "马甲", "office": admin.office_id, "password": "Xy7#kq2mZ", "is_active": "on"}
    response = client.post(reverse("accounts:user_add"), {**new, "roles": _roles(ADMIN, CLERK, REVIEWER, LEADER)})
    assert response.status_code == 200
    assert "“管理员”角色只能由上级单位的管理员授予" in response.content.decode()
    response = client.post(reverse("accounts:user_add"), {**new, "roles": _roles(CLERK, REVIEWER, LEADER)})
    assert "不能授予您本人没有的角色（审核、负责人）" in response.content.decode()
    assert not User.objects.filter(username="sock").exists()
    # a role it holds, it may grant at its level
    assert client.post(reverse("accounts:user_add"), {**new, "roles": _roles(CLERK)}).status_code == 302
    assert User.objects.get(username="sock").role_names == [ROLES[CLERK]]


def test_a_peer_admin_of_another_member_unit_cannot_be_edited(client):
    admin = make_staff("420502", unit="confed", roles=(ADMIN,), username="confed-admin")
    peer = make_staff("420502", unit="union", roles=(ADMIN,), username="union-admin")
    client.force_login(admin)
    url = reverse("accounts:user_edit", args=[peer.pk])
    page = client.get(url)
    assert page.status_code == 403 and "只能由上级单位的管理员修改" in page.content.decode()
    before = User.objects.get(pk=peer.pk).password  # noqa: S105 - a hash, compared
    assert client.post(url, _data(peer, password="Xy7#kq2mZ", roles=[])).status_code == 403
    assert User.objects.get(pk=peer.pk).password == before and peer.groups.count() == 1


def test_a_user_holding_a_role_the_admin_lacks_cannot_be_edited(client):
    admin = make_staff("420502", roles=(ADMIN, CLERK), username="hrss-admin")
    reviewer = make_staff("420502", roles=(REVIEWER,), username="hrss-reviewer")
    clerk = make_staff("420502", roles=(CLERK,), username="hrss-clerk")
    client.force_login(admin)
    assert client.get(reverse("accounts:user_edit", args=[reviewer.pk])).status_code == 403
    assert client.get(reverse("accounts:user_edit", args=[clerk.pk])).status_code == 200


def test_an_admin_cannot_move_itself_to_another_office(client):
    admin = make_staff("420502", roles=(ADMIN,), username="moving-admin")
    township = Office.objects.create(region=Region.objects.get(code="420502001"), member_unit="hrss")
    client.force_login(admin)
    url = reverse("accounts:user_edit", args=[admin.pk])
    response = client.post(url, _data(admin, office=township.pk))
    assert response.status_code == 200 and "不能修改自己的所在单位" in response.content.decode()
    assert User.objects.get(pk=admin.pk).office_id == admin.office_id


def test_the_level_above_grants_admin_and_every_change_is_in_the_change_log(client):
    city_admin = make_staff("4205", roles=(ADMIN,), username="yichang-admin")
    county_user = make_staff("420502", roles=(REVIEWER,), username="xiling-reviewer")
    client.force_login(city_admin)
    url = reverse("accounts:user_edit", args=[county_user.pk])
    assert client.post(url, _data(county_user, roles=_roles(REVIEWER, ADMIN))).status_code == 302
    assert ROLES[ADMIN] in User.objects.get(pk=county_user.pk).role_names
    assert client.post(url, _data(county_user, roles=_roles(REVIEWER, ADMIN), password="Nw8#pl3qZ",
                                  full_name="新姓名")).status_code == 302
    reasons = [row["reason"] for row in history_rows(county_user)]
    assert "授予角色：管理员" in reasons
    assert any(r.startswith("修改：") and "姓名" in r and "初始密码" in r for r in reasons), reasons
    body = client.get(url).content.decode()
    assert "授予角色：管理员" in body and "初始密码" in body and "Nw8#pl3qZ" not in body
    county_user.refresh_from_db()
    assert county_user.check_password("Nw8#pl3qZ") and not county_user.check_password(TEST_PASSWORD)
