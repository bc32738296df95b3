"""Operations a person or a load balancer meets: /healthz answers before the host check and the HTTPS redirect
(production settings), and while the database or Redis cannot be reached every page, log-in included, answers a
Chinese 503 page, the outage logged once.

Each case runs the real settings module in a fresh process against a real unreachable server (a port nobody
listens on), the way gunicorn would meet it."""

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest

NOBODY = "127.0.0.1:9"  # the discard port: nothing listens there on this machine


def _with(url, *, netloc=None, path=None):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=netloc or parts.netloc, path=path or parts.path))


def _run(code, **env_changes):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DEMO_MODE")}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    for key in [k for k, v in env_changes.items() if v is None]:
        env.pop(key, None)
    prelude = ("import os,json,logging,django;os.environ['DJANGO_SETTINGS_MODULE']='config.settings';"
               "django.setup();from django.test import Client;")
    done = subprocess.run([sys.executable, "-c", prelude + code], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def _database_url():
    return os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/portal")


def test_healthz_answers_plain_http_on_any_host_under_production_settings():
    code = ("c=Client();h=c.get('/healthz',HTTP_HOST='127.0.0.1:8000');"
            "p=c.get('/login/',HTTP_HOST='127.0.0.1:8000');s=c.get('/login/',HTTP_HOST='ldgx.hubei.gov.cn');"
            "print(json.dumps([h.status_code,h.json(),p.status_code,s.status_code,s.get('Location','')]))")
    (health, body, other_host, allowed_host, location), _ = _run(
        code, DJANGO_SECRET_KEY="k" * 50, FIELD_ENCRYPTION_KEY="f" * 44, DJANGO_ALLOWED_HOSTS="ldgx.hubei.gov.cn",
        DATABASE_URL=_with(_database_url(), path="/postgres"))
    assert (health, body) == (200, {"status": "ok", "database": "ok", "redis": "ok"})
    # the settings really are production-like: any other page is refused on this host, redirected on the real one
    assert other_host == 400
    assert allowed_host == 301 and location.startswith("https://ldgx.hubei.gov.cn/")


def test_healthz_reports_503_not_400_when_the_database_is_down_under_production_settings():
    code = "r=Client().get('/healthz',HTTP_HOST='10.0.0.5');print(json.dumps([r.status_code,r.json()['database']]))"
    (status, database), _ = _run(code, DJANGO_SECRET_KEY="k" * 50, FIELD_ENCRYPTION_KEY="f" * 44,
                                 DATABASE_URL=_with(_database_url(), netloc="postgres@" + NOBODY))
    assert status == 503 and database.startswith("error")


PAGES = ("c=Client();out=[];"
         "[out.append([r.status_code,r.content.decode()]) for r in ("
         "c.get('/login/'),c.post('/login/',{'username':'420102-hrss-clerk','password':'Demo@2026hb'}),"
         "c.get('/'),c.get('/public/ballot/'),c.get('/enterprises/'))];"
         "print(json.dumps(out))")


@pytest.mark.parametrize("down", ["database", "redis"])
def test_every_page_and_log_in_answer_the_maintenance_page_while_a_server_is_down(down):
    if down == "database":
        changes = {"DATABASE_URL": _with(_database_url(), netloc="postgres@" + NOBODY)}
    else:
        changes = {"DATABASE_URL": _with(_database_url(), path="/postgres"), "REDIS_URL": f"redis://{NOBODY}/0"}
    pages, log = _run(PAGES, DEMO_MODE="1", **changes)
    for status, html in pages:
        assert status == 503
        assert "系统维护中，请稍后再试" in html
        assert "Traceback" not in html
    # logged once for five requests, and no traceback per request
    service = "数据库" if down == "database" else "Redis"
    assert log.count(f"{service}无法连接") == 1, log
    assert "Traceback" not in log and "Internal Server Error" not in log


def test_a_connection_lost_inside_a_request_is_the_maintenance_page_too(client, db, monkeypatch):
    from django.db.utils import OperationalError

    from apps.accounts import views

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views.LoginView, "post", lost)
    client.raise_request_exception = False
    response = client.post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 503
    assert "系统维护中，请稍后再试" in response.content.decode()
