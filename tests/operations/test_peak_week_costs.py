"""What each page costs under the peak week (issue 23, docs/operations.md): the session row is not written on
every click, the navigation is built once for users alike, a page of the scenario asks a bounded number of
queries, and the load test's users post back the forms the pages give them (with the CSRF token: the 403 saves
of the first runs were edits posted after their page had failed to come)."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import CLERK
from apps.core import navigation, sessions
from tests.conftest import TEST_PASSWORD, make_staff
from tests.enterprises.test_enterprises import make_enterprise
from tools.htmlforms import form_of

pytestmark = pytest.mark.django_db


def session_writes(queries):
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]


def logged_in(user, **kwargs):
    client = Client(**kwargs)
    page = client.get(reverse("login"))
    fields = dict(form_of(page.content.decode()))
    fields.update(username=user.username, password=TEST_PASSWORD)
    assert client.post(reverse("login"), fields).status_code == 302
    return client


def stored_expiry(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_an_unchanged_session_is_renewed_at_most_once_a_minute():
    client = logged_in(make_staff("420102"))
    first = stored_expiry(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("enterprises:enterprise_list")).status_code == 200
    assert session_writes(queries) == []  # renewed a moment ago (the log-in): no write
    assert stored_expiry(client) == first

    # the last renewal is more than a minute old: this page renews the 30 minutes
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
        expire_date=first - datetime.timedelta(seconds=sessions.RENEW_AFTER + 5))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("enterprises:enterprise_list")).status_code == 200
    assert len(session_writes(queries)) == 1
    renewed = stored_expiry(client)
    assert abs((renewed - timezone.now()).total_seconds() - 30 * 60) < 30


def test_a_changed_session_is_written_at_once():
    client = logged_in(make_staff("420102"))
    store = sessions.SessionStore(client.cookies["sessionid"].value)
    store["kept"] = "一个值"
    store.save()
    assert sessions.SessionStore(client.cookies["sessionid"].value)["kept"] == "一个值"
    client.post(reverse("logout"))  # log-out empties the session: the row is gone, the page asks to log in
    assert not Session.objects.filter(session_key=store.session_key).exists()
    assert "/login/" in client.get(reverse("enterprises:enterprise_list")).url


def test_the_navigation_is_what_each_user_may_open_and_built_once_for_users_alike(django_assert_num_queries):
    full, clerk = make_staff("42"), make_staff("420102", roles=(CLERK,))
    alike = make_staff("420103", roles=(CLERK,), username="another-clerk")
    for user in (full, clerk):
        expected = navigation._entries(user)  # built item by item with has_perm, as before the cache
        shown = navigation.menu_for(user, "/enterprises/")
        assert [(g["group"], [e["url"] for e in g["items"]]) for g in shown] == \
               [(g["group"], [e["url"] for e in g["items"]]) for g in expected]
        assert [e["url"] for g in shown for e in g["items"] if e["active"]] == ["/enterprises/"]
    assert len({e["url"] for g in navigation.menu_for(full) for e in g["items"]}) > \
           len({e["url"] for g in navigation.menu_for(clerk) for e in g["items"]})

    calls = []
    alike.has_perm = lambda perm, obj=None: calls.append(perm) or True
    alike.get_all_permissions()
    navigation.menu_for(alike, "/")
    assert calls == []  # the clerk's menu of the same permissions was reused: no has_perm per item


def test_a_clerks_enterprise_list_asks_a_bounded_number_of_queries():
    clerk = make_staff("420102", roles=(CLERK,))
    for n in range(30):
        make_enterprise(n)
    client = logged_in(clerk)
    client.get(reverse("enterprises:enterprise_list"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("enterprises:enterprise_list"))
    assert page.status_code == 200 and "测试企业1有限公司" in page.content.decode()
    # session, user, the user's and the groups' permissions, roles, the count, the rows, the bell, the filters
    assert len(queries) <= 11, [q["sql"][:80] for q in queries]


def test_the_edit_form_the_page_gives_is_accepted_with_csrf_checks_and_an_empty_post_is_refused():
    clerk = make_staff("420102", roles=(CLERK,))
    enterprise = make_enterprise(1)
    client = logged_in(clerk, enforce_csrf_checks=True)
    url = reverse("enterprises:enterprise_update", args=[enterprise.pk])
    fields = [(k, v) for k, v in form_of(client.get(url).content.decode()) if k != "employee_count"]
    assert dict(fields).get("csrfmiddlewaretoken")
    saved = client.post(url, dict(fields + [("employee_count", "4321")]))
    assert saved.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.employee_count == 4321
    # what the load test sent when the edit page itself had failed: no token, refused (and not saved)
    refused = client.post(url, {"employee_count": "1"})
    assert refused.status_code == 403
    enterprise.refresh_from_db()
    assert enterprise.employee_count == 4321
