"""Every benchmark of bench/ runs once, at a tiny BENCH_SCALE, on a fresh copy of the test database.

A benchmark nobody runs rots (the stations benchmark called the import check with a file object the engine no
longer took, and neither it nor the supervision benchmark after it ran). This runs `bench/run.py` as `make bench`
does, with 200 enterprises instead of 200,000 and every page timed once: it must finish and print every
benchmark's figures.
"""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

ROOT = Path(__file__).resolve().parent.parent
BENCHES = sorted(p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py"))


def _conninfo(settings_dict, dbname):
    return make_conninfo(dbname=dbname, host=settings_dict["HOST"] or "", port=str(settings_dict["PORT"] or ""),
                         user=settings_dict["USER"] or "", password=settings_dict["PASSWORD"] or "")


def _url(settings_dict, dbname):
    from urllib.parse import quote

    auth = quote(settings_dict["USER"] or "")
    if settings_dict["PASSWORD"]:
        auth += ":" + quote(settings_dict["PASSWORD"])
    host = settings_dict["HOST"] or "localhost"
    if host.startswith("/"):  # a socket directory
        return f"postgresql://{auth}@/{dbname}?host={quote(host)}&port={settings_dict['PORT'] or 5432}"
    return f"postgresql://{auth}@{host}:{settings_dict['PORT'] or 5432}/{dbname}"


@pytest.fixture
def bench_database(django_db_setup, django_db_blocker, db):
    """A copy of the (migrated) test database, dropped afterwards."""
    from django.db import connection, connections

    settings_dict = connection.settings_dict
    source, name = settings_dict["NAME"], f"{settings_dict['NAME']}_benchsmoke"
    connections.close_all()  # a template database must have no other session
    with psycopg.connect(_conninfo(settings_dict, "postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(source)))
    yield _url(settings_dict, name)
    with psycopg.connect(_conninfo(settings_dict, "postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.mark.django_db  # so that the test database exists (it is copied; this test's session on it is closed)
def test_every_benchmark_runs_at_a_tiny_scale(bench_database, tmp_path):
    env = dict(os.environ, BENCH_SCALE="200", BENCH_DATABASE_URL=bench_database, DEMO_MODE="1",
               MEDIA_ROOT=str(tmp_path / "media"), PYTHONWARNINGS="ignore")
    result = subprocess.run([sys.executable, "bench/run.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=1500)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    for name in BENCHES:
        assert f"===== bench: {name} =====" in result.stdout
    # the stations benchmark reached its import through the engine and printed its figures
    assert "导入 1 行：检查" in result.stdout
    assert "企业 200 家" in result.stdout
