"""Every form page works under the site's own Content-Security-Policy: no inline script, no inline handler, no
javascript: link; the browser reports no CSP violation; the 取消 button takes the person back."""

import pytest

from tests.conftest import browser_login
from tests.contracts.test_url_sweep import build_world, url_cases

pytestmark = pytest.mark.django_db(transaction=True)

INLINE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) found.push(el.tagName + ' ' + a.name);
      if ((a.name === 'href' || a.name === 'action' || a.name === 'src') && /^\\s*javascript:/i.test(a.value))
        found.push(el.tagName + ' ' + a.name + '=' + a.value);
    }
  }
  // data blocks (json_script: type="application/json") are not run, so the CSP has nothing to refuse there
  for (const s of document.querySelectorAll('script:not([src])'))
    if (s.textContent.trim() && !/json/i.test(s.type || '')) found.push('inline script');
  return found;
}"""


def _watch(page):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: violations.append(str(exc)))
    return violations


def _restore_data_migrations():
    """Transactional tests flush the rows data migrations wrote; the sweep world needs them."""
    import importlib

    from django.apps import apps

    from apps.supervision.models import WorkTask
    from tests.evaluations.test_evaluations import ensure_sets

    ensure_sets()
    if not WorkTask.objects.exists():
        importlib.import_module("apps.supervision.migrations.0002_work_tasks").load(apps, None)


def test_every_form_page_loads_without_inline_code_or_a_csp_violation(page, live_server, client, media):
    _restore_data_migrations()
    world = build_world()
    client.force_login(world.user_a)
    form_pages = []
    for name, url, *_ in url_cases(world):
        response = client.get(url)
        if response.status_code == 200 and not getattr(response, "streaming", False) \
                and response.get("Content-Type", "").startswith("text/html") \
                and 'method="post"' in response.content.decode(errors="ignore"):
            form_pages.append((name, url))
    assert len(form_pages) > 30  # the walk is not vacuous
    client.logout()

    browser_login(page, live_server, world.user_a.username)
    violations = _watch(page)
    problems = []
    for name, url in form_pages:
        violations.clear()
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        inline = page.evaluate(INLINE)
        if inline or violations:
            problems.append(f"{name} {url}: {sorted(set(inline))[:5]} {violations[:3]}")
    assert not problems, "\n".join(problems)


def test_cancel_on_a_staff_form_goes_back_under_the_csp(page, live_server):
    from tests.conftest import make_staff

    make_staff("420102", username="cancel-clerk")
    browser_login(page, live_server, "cancel-clerk")
    violations = _watch(page)
    page.goto(f"{live_server.url}/enterprises/")
    page.goto(f"{live_server.url}/enterprises/new/", referer=f"{live_server.url}/enterprises/")
    page.click("text=取消")
    page.wait_for_url(f"{live_server.url}/enterprises/")
    assert not violations


def test_cancel_on_a_form_opened_directly_leaves_it(page, live_server):
    from tests.conftest import make_staff

    make_staff("420102", username="cancel-clerk2")
    browser_login(page, live_server, "cancel-clerk2")
    violations = _watch(page)
    page.goto(f"{live_server.url}/password/")
    page.click("text=取消")
    page.wait_for_load_state("load")
    assert page.url == f"{live_server.url}/"  # no page to go back to: the form's parent
    assert not violations
