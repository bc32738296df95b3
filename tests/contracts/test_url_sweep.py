"""Walk every URL of the project as a user of another county holding every role.

Object URLs must answer 403 or 404; every other page must not show a word of county A's data. URL
patterns added later are covered automatically: a parameter the sweep cannot fill fails the test. Every
object URL's answer also agrees with the object's policy (apps/core/policy.py): refused where
`policy_for(obj).can(user, "view", obj)` says no, reachable where it says yes.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from apps.core.apps import portal_modules
from apps.core.policy import policy_for
from apps.core.testing import SWEEP_MARK
from tests.conftest import make_staff
from tests.contracts.sweep import SweepWorld

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("sysadmin/",)  # Django admin: superusers only, checked in test_admin_is_closed
OBJECT_PARAM = re.compile(r"(^pk$|^id$|_pk$|_id$)")


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None, entry


def build_world():
    world = SweepWorld(make_staff)
    for module in portal_modules("testing"):
        if hasattr(module, "build_sweep_world"):  # testing.py may serve only other contract tests
            module.build_sweep_world(world)
    return world


def model_for(view_class, param):
    declared = getattr(view_class, "sweep_models", {}) or {}
    if param in declared:
        return declared[param]
    if param in ("pk", "id"):
        model = getattr(view_class, "model", None) or getattr(getattr(view_class, "queryset", None), "model", None)
        return model or getattr(view_class, "scoped_model", None)
    return None


def url_cases(world):
    from django.urls import reverse

    cases = []
    for route, name, entry in walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES):
            continue
        assert name, f"URL {route} has no name: name every URL so the sweep can report it"
        params = list(entry.pattern.converters)
        kwargs, is_object, objects = {}, False, []
        for param in params:
            if param in world.url_kwargs.get(name, {}):
                kwargs[param] = world.url_kwargs[name][param]
                is_object = is_object or OBJECT_PARAM.search(param) is not None
                continue
            assert OBJECT_PARAM.search(param), f"{name}: the sweep cannot fill <{param}>; set world.url_kwargs"
            view_class = getattr(entry.callback, "view_class", entry.callback)
            model = model_for(view_class, param)
            assert model is not None, f"{name}: declare model / sweep_models on {view_class.__name__}"
            assert model in world.objects, f"{name}: no {model.__name__} in county A; add it in its testing.py"
            kwargs[param] = world.objects[model].pk
            objects.append(world.objects[model])
            is_object = True
        cases.append((name, reverse(name, kwargs=kwargs), is_object, objects))
    return cases


def policy_disagrees(user, name, url, objects, reachable):
    """The URL's objects whose policy answers "view" otherwise than the URL did (reachable or refused)."""
    return [f"{name} {url}: policy_for({type(obj).__name__}).can(view) is {not reachable}, the page "
            f"{'answers' if reachable else 'refuses'}"
            for obj in objects if policy_for(obj).can(user, "view", obj) is not reachable]


def test_every_url_refuses_another_countys_user(client, media):
    world = build_world()
    outsider = make_staff("420502", username="sweep-b")
    cases = url_cases(world)
    assert len(cases) > 10
    client.force_login(outsider)
    leaks = []
    for name, url, is_object, objects in cases:
        response = client.get(url)
        body = response.content.decode(errors="ignore") if not getattr(response, "streaming", False) else ""
        if is_object and response.status_code not in (403, 404, 405):
            leaks.append(f"GET {name} {url} -> {response.status_code}")
        if is_object:
            leaks.extend(policy_disagrees(outsider, name, url, objects, reachable=False))
            posted = client.post(url, {})
            if posted.status_code not in (403, 404, 405):
                leaks.append(f"POST {name} {url} -> {posted.status_code}")
        if name not in world.public_urls and SWEEP_MARK in body:
            leaks.append(f"GET {name} {url} shows county A's data")
        if response.status_code >= 500:
            leaks.append(f"GET {name} {url} -> {response.status_code}")
    assert not leaks, "\n".join(leaks)


def test_the_sweep_objects_are_reachable_inside_their_county(client, media):
    """The sweep is not vacuous: county A's own user reaches every object URL it refuses to others."""
    world = build_world()
    client.force_login(world.user_a)
    unreachable = []
    for name, url, is_object, objects in url_cases(world):
        if not is_object:
            continue
        status = client.get(url).status_code
        if status in (403, 404):
            unreachable.append(f"{name} {url}")
        elif status != 405:  # a POST-only URL answers nothing to GET: the policy is asked where it answers
            unreachable.extend(policy_disagrees(world.user_a, name, url, objects, reachable=True))
    assert not unreachable, "\n".join(unreachable)


def test_admin_is_closed_to_office_staff(client):
    client.force_login(make_staff("420102"))
    response = client.get("/sysadmin/")
    assert response.status_code == 302 and "/sysadmin/login/" in response["Location"]


def test_every_url_refuses_an_enterprise_account_of_another_county(client, media):
    """Enterprise accounts are scoped by their enterprise, not by an area: the same sweep holds for them."""
    from apps.accounts.models import User
    from apps.enterprises.models import Enterprise
    from apps.regions.models import Region

    world = build_world()
    other = Enterprise.objects.create(name="西陵某公司", uscc="91420502MA4K000171", industry="C",
                                      region=Region.objects.get(code="420502001"))
    account = User.objects.create_user(username="sweep-ent-b", password="x", kind=User.Kind.ENTERPRISE,
                                       enterprise=other)
    client.force_login(account)
    leaks = []
    for name, url, is_object, objects in url_cases(world):
        response = client.get(url)
        body = response.content.decode(errors="ignore") if not getattr(response, "streaming", False) else ""
        if is_object and response.status_code not in (403, 404, 405):
            leaks.append(f"GET {name} {url} -> {response.status_code}")
        if is_object:
            leaks.extend(policy_disagrees(account, name, url, objects, reachable=False))
        if name not in world.public_urls and SWEEP_MARK in body:
            leaks.append(f"GET {name} {url} shows county A's data")
    assert not leaks, "\n".join(leaks)
