import pytest
from django.urls import reverse

from apps.accounts.models import User
from tests.conftest import TEST_PASSWORD, make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code,area", [
    ("42", "湖北省 · 省人社厅"), ("4201", "武汉市 · 人社局"), ("420102", "武汉市江岸区 · 人社局"),
    ("420102002", "武汉市江岸区大智街道 · 劳动保障所"),
])
def test_each_level_sees_its_office_and_counts(client, code, area):
    user = make_staff(code)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert area in page
    assert ("下辖乡镇（街道）" in page) is (code != "420102002")  # a township has none below it


def test_home_counts_only_what_lies_inside(client):
    client.force_login(make_staff("420102"))
    response = client.get(reverse("home"))
    counters = {c["label"]: c["value"] for c in response.context["counters"]}
    from apps.regions.models import Region
    assert counters["下辖乡镇（街道）"] == Region.objects.filter(parent__code="420102").count()
    assert "下辖县级单位" not in counters  # a county user is not shown a counter that is always 0


def test_wrong_password_gives_one_message_and_locks_after_five(client):
    make_staff("420102", username="clerk1")
    for attempt in range(5):
        response = client.post(reverse("login"), {"username": "clerk1", "password": "wrong"})
        if attempt < 4:
            assert "用户名或密码错误" in response.content.decode()
    unknown = client.post(reverse("login"), {"username": "nobody", "password": "wrong"}).content.decode()
    assert "用户名或密码错误" in unknown  # the same words: no hint whether the user exists
    locked = client.post(reverse("login"), {"username": "clerk1", "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_works_and_session_expires_after_30_minutes_idle(client, settings):
    make_staff("420102", username="clerk2")
    response = client.post(reverse("login"), {"username": "clerk2", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST


def test_office_admin_adds_users_only_inside_the_area(client):
    admin = make_staff("420102", roles=("admin",))
    client.force_login(admin)
    form = client.get(reverse("accounts:user_add")).context["form"]
    offered = {o.region.code for o in form.fields["office"].queryset}
    assert offered and all(code.startswith("420102") for code in offered)
    outside = make_staff("420502", roles=("clerk",)).office
    response = client.post(reverse("accounts:user_add"), {
        "username": "new-user", "full_name": "新用户", "office": outside.pk, "password": "Xy7#kq2mZ",
        "roles": [], "is_active": "on"})
    assert response.status_code == 200
    assert "new-user" in response.content.decode()  # what the user typed is kept
    assert not User.objects.filter(username="new-user").exists()
    inside = admin.office
    response = client.post(reverse("accounts:user_add"), {
        "username": "new-user", "full_name": "新用户", "office": inside.pk, "password": "Xy7#kq2mZ",
        "roles": [], "is_active": "on"})
    assert response.status_code == 302
    assert User.objects.get(username="new-user").office == inside


def test_office_admin_disables_a_user_of_the_area(client):
    admin = make_staff("4201", roles=("admin",))
    target = make_staff("420102", roles=("clerk",))
    client.force_login(admin)
    response = client.post(reverse("accounts:user_edit", args=[target.pk]), {
        "username": target.username, "full_name": target.full_name, "office": target.office_id,
        "roles": [g.pk for g in target.groups.all()]})
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert target.history.first().history_user == admin
    trail = client.get(reverse("accounts:user_edit", args=[target.pk])).content.decode()
    assert "变更记录" in trail and admin.full_name in trail and "有效" in trail


def test_weak_password_refused_in_chinese(client):
    client.force_login(make_staff("420102", roles=("admin",)))
    response = client.post(reverse("accounts:user_add"), {
        "username": "weak", "full_name": "弱", "office": User.objects.get(username__startswith="420102").office_id,
        "password": "12345678", "is_active": "on"})
    assert "密码" in response.content.decode() and not User.objects.filter(username="weak").exists()


def test_demo_seed_refused_outside_demo_mode(settings):
    from django.core.management import CommandError, call_command

    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("seed_demo")
