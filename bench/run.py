"""Run the benchmarks: `make bench` or `make bench BENCH_ARGS="enterprises coordinators"`.

Each bench/bench_<name>.py has `main(args)` and prints its own figures. They run against a separate
database (`<DATABASE_URL's name>_bench`) so that demo and test data are left alone; the data
generators in bench/generate.py fill it once and later runs reuse it. BENCH_DATABASE_URL, when set, names
that database outright (tests/operations/test_bench_smoke.py gives it a fresh copy of the test database);
BENCH_SCALE sizes the data (bench/generate.py).
"""

import importlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def use_bench_database():
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
        return
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    url = os.environ["DATABASE_URL"]
    info = conninfo_to_dict(url)
    name = (info.get("dbname") or "portal") + "_bench"
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    # keep DATABASE_URL a URL (the settings parse it as one): swap only the database name in its path
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))


def main(argv):
    names = argv or sorted(p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py"))
    use_bench_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEMO_MODE", "1")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # pages are rendered from a fresh clone, where no collectstatic has run: plain static storage, as in tests
    # the dashboards' warm-up after a change runs in a worker, after the change; with eager tasks it would run
    # inside whatever step made the change and be timed with it (bench_dashboards times it on its own)
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}, DASHBOARD_WARMUP=False).enable()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from apps.regions.loading import load_regions
    from apps.regions.models import Region

    if not Region.objects.exists():  # a database copied from a flushed test database
        load_regions(Region)
    for name in names:
        print(f"\n===== bench: {name} =====", flush=True)
        importlib.import_module(f"bench.bench_{name}").main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
