import pytest
from django.urls import reverse

from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_503_when_redis_is_down(client, settings, tmp_path):
    settings.REDIS_URL = f"unix://{tmp_path}/no-such.socket"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"].startswith("error")


def test_pages_carry_a_csp_without_other_hosts_and_vary_on_htmx(client):
    client.force_login(make_staff("420102"))
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "http" not in csp
    assert "HX-Request" in response["Vary"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_load_no_asset_from_another_host(client):
    import re

    client.force_login(make_staff("420102"))
    page = client.get(reverse("home")).content.decode()
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', page)


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_production_settings_are_safe():
    """The settings module, read without DEBUG or DEMO_MODE, turns on secure cookies and HSTS."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DEMO_MODE")}
    env["DJANGO_SECRET_KEY"] = "x" * 50
    code = ("import django,os;os.environ['DJANGO_SETTINGS_MODULE']='config.settings';django.setup();"
            "from django.conf import settings as s;"
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "True", "True"]
    env.pop("DJANGO_SECRET_KEY")
    serve = "import config.wsgi"
    failed = subprocess.run([sys.executable, "-c", serve], env=env, capture_output=True, text=True)
    assert failed.returncode != 0 and "DJANGO_SECRET_KEY" in failed.stderr
    # offline commands (migrations) still run without a key
    offline = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], env=env,
                             capture_output=True, text=True)
    assert offline.returncode == 0, offline.stderr[-500:]


def test_an_unreachable_database_is_named_not_traced(tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, DATABASE_URL="postgresql://nobody@127.0.0.1:1/none")
    result = subprocess.run([sys.executable, "-m", "config.services", "exec", "--", "true"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_years_are_printed_without_a_thousands_separator(client):
    client.force_login(make_staff("420102"))
    page = client.get(reverse("coordinators:training_check"), {"year": 2026}).content.decode()
    assert "2026年度培训检查" in page and "2,026" not in page


def test_one_navigation_entry_is_active(client):
    client.force_login(make_staff("420102"))
    menu = client.get(reverse("coordinators:structure")).context["nav_menu"]
    active = [e["label"] for g in menu for e in g["items"] if e["active"]]
    assert active == ["数量结构分布"]


def test_list_filters_offer_all_in_words_not_dashes(client):
    client.force_login(make_staff("420102"))
    page = client.get(reverse("evaluations:assessment_list")).content.decode()
    assert "（全部）" in page and "---------" not in page
