"""Every page anyone can open without logging in lives under /public/ in apps.public (issue 24), so a public
page added elsewhere fails here the day it is added; and every page of apps.public opens without logging in.

"Without logging in" is what an anonymous visitor gets, not what a view declares: each URL of the URLconf
(filled from the sweep's world, tests/contracts/test_url_sweep.py) is requested with no session; an answer
other than a redirect to the log-in page or 401/403 means the page is open to anyone."""

import pytest
from django.urls import get_resolver, resolve, reverse

from tests.contracts.test_url_sweep import SKIP_PREFIXES, build_world, url_cases, walk

pytestmark = pytest.mark.django_db

# open by nature, not pages of the public: signing in and out, the health probe, the one-time activation link
# of an enterprise account (it sets the password: the password-reset kind of page), and the API with its
# documentation (token-authenticated machine interface, apps/exchange)
NOT_PAGES = {"login", "logout", "healthz", "enterprises:activate"}
NOT_PAGE_PREFIXES = (*SKIP_PREFIXES, "api/v1/", "static/")


def anonymous_answer(client, url):
    """"login" (a redirect to the log-in page, 401 or 403), "absent" (404: nothing shown, e.g. a case not
    published) or "open" (anything else: the visitor is served without logging in)."""
    response = client.get(url)
    if response.status_code == 405:  # a POST-only URL: ask it the way it is used
        response = client.post(url, {})
    if response.status_code in (401, 403) or (
            response.status_code == 302 and response["Location"].startswith(reverse("login"))):
        return "login"
    return "absent" if response.status_code == 404 else "open"


def routes():
    """{URL name: (route, the module of its view)} of the whole URLconf."""
    found = {}
    for route, name, entry in walk(get_resolver().url_patterns):
        view = getattr(entry.callback, "view_class", entry.callback)
        found[name] = (route, view.__module__)
    return found


def test_every_page_open_to_anyone_is_under_public_in_apps_public(client, media):
    world = build_world()
    by_name = routes()
    misplaced, closed = [], []
    for name, url, _is_object, _objects in url_cases(world):
        route, module = by_name[name]
        if name in NOT_PAGES or route.startswith(NOT_PAGE_PREFIXES):
            continue
        moved = module == "apps.core.moved"  # a former address: it only redirects to a page swept by its name
        in_public = route.startswith("public/") and module.startswith("apps.public.")
        answer = anonymous_answer(client, url)
        if answer == "open" and not (in_public or moved):
            misplaced.append(f"{name} {url} ({module}) opens without log-in: move it to apps/public under "
                             f"/public/ (apps/public/urls.py)")
        if answer == "login" and (in_public or moved):
            closed.append(f"{name} {url} asks to log in: apps.public holds only pages open to anyone")
        if route.startswith("public/") and not in_public:
            misplaced.append(f"{name} {url}: /public/ belongs to apps.public, {module} may not mount a page there")
    assert not misplaced + closed, "\n".join(misplaced + closed)


def test_the_old_addresses_only_redirect_to_public(client, media):
    """The public pages' former addresses (apps/public/urls.py moved_urlpatterns) are redirects, permanent, to a
    page of apps.public: nothing is served there any more."""
    world = build_world()
    old = [(name, url) for name, url, _o, _objs in url_cases(world) if name.startswith("public_moved:")]
    assert len(old) == 5
    for name, url in old:
        response = client.get(url + "?page=2")
        assert response.status_code == 301, name
        assert response["Location"].startswith("/public/") and response["Location"].endswith("?page=2"), name
        assert resolve(response["Location"].split("?")[0]).namespace == "public", name
