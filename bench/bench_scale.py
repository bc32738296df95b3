"""Scale (issue 23): the enterprise list, search, dashboard and export at several ledger sizes, side by side.

BENCH_SCALE names the sizes, comma-separated (default "200000,1000000"). Each size has its own database
(`<DATABASE_URL's name>_bench_<size>`, filled once by bench.generate.ensure_enterprises and kept for later runs)
and is measured in its own process; the table is printed at the end. Server time in-process, province user unless
said: list unfiltered / filtered / search (median and p95 of 30 requests), the county list, the province dashboard
(figures cached, and computed in the request), and exporting 100,000 rows as csv.
Target: province list p95 ≤ 100 ms at 1,000,000.

Run: `make bench BENCH_ARGS=scale`; to try it small first: `BENCH_SCALE=2000,20000 make bench BENCH_ARGS=scale`.
Generating 1,000,000 enterprises (and 4,000,000 creation records) takes several minutes and ~3 GB of disk.
"""

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100
EXPORT_ROWS = 100_000


def sizes():
    return [int(s.replace("_", "")) for s in os.environ.get("BENCH_SCALE", "200000,1000000").split(",") if s.strip()]


def measure(n):
    """In a process of its own, against this size's database: fill it, then time every figure."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from apps.enterprises.models import Enterprise
    from bench.bench_dashboards import timed
    from bench.bench_enterprises import Measure, _list_timings
    from bench.generate import ensure_enterprises, ensure_staff

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ensure_enterprises(n, stdout=lambda line: print(line, file=sys.stderr, flush=True))
    generated = time.perf_counter() - started
    users = ensure_staff()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    figures = {"enterprises": Enterprise.objects.count(), "generate_s": generated}
    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False, STORAGES=storages):
        for level in ("province", "county"):
            client = Client()
            client.force_login(users[level])
            cases = [("list", {}), ("filtered", {"status": "creating", "industry": "C"}), ("search", {"q": "1234号"})]
            for name, params in cases if level == "province" else cases[:1]:
                median, p95, queries, count = _list_timings(client, "/enterprises/", params)
                figures[f"{level}.{name}"] = (median, p95, queries)
        client = Client()
        client.force_login(users["province"])
        figures["dashboard.cached"] = timed(client, "/dashboards/")
        figures["dashboard.cold"] = timed(client, "/dashboards/", cold=True)
    from apps.enterprises.exporting import EnterpriseExporter

    class FirstRowsExporter(EnterpriseExporter):
        def base_queryset(self):
            visible = super().base_queryset()
            cutoff = visible.order_by("pk").values_list("pk", flat=True)[min(EXPORT_ROWS, n) - 1]
            return visible.filter(pk__lte=cutoff)

    out = io.BytesIO()
    with Measure() as m:
        FirstRowsExporter(users["province"]).write("csv", out)
    figures["export.csv"] = (m.seconds, min(EXPORT_ROWS, n))
    return figures


def _database_url(url, n):
    """This size's own database (created when missing), as a URL: only the name in its path differs."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = (conninfo_to_dict(url).get("dbname") or "portal") + f"_bench_{n}"
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path="/" + name))


ROWS = [
    ("企业", lambda f: f"{f['enterprises']:,}"),
    ("生成用时", lambda f: f"{f['generate_s']:.0f} s"),
    ("省·列表 不筛选 中位数/p95", lambda f: "{:.0f} / {:.0f} ms".format(*f["province.list"][:2])),
    ("省·列表 状态+行业 中位数/p95", lambda f: "{:.0f} / {:.0f} ms".format(*f["province.filtered"][:2])),
    ("省·名称搜索 中位数/p95", lambda f: "{:.0f} / {:.0f} ms".format(*f["province.search"][:2])),
    ("县·列表 不筛选 中位数/p95", lambda f: "{:.0f} / {:.0f} ms".format(*f["county.list"][:2])),
    ("省·看板（缓存命中）中位数/p95", lambda f: "{:.0f} / {:.0f} ms".format(*f["dashboard.cached"][:2])),
    ("省·看板（请求内计算）中位数/p95", lambda f: "{:.0f} / {:.0f} ms".format(*f["dashboard.cold"][:2])),
    ("导出 csv", lambda f: "{1:,} 行 {0:.1f} s".format(*f["export.csv"])),
]


def main(argv):
    base = os.environ.get("BENCH_BASE_DATABASE_URL") or os.environ["DATABASE_URL"].rsplit("_bench", 1)[0]
    results = {}
    for n in sizes():
        print(f"  规模 {n:,}：准备数据并测量 …", flush=True)
        env = {**os.environ, "BENCH_BASE_DATABASE_URL": base}
        env["DATABASE_URL"] = _database_url(base, n)
        done = subprocess.run([sys.executable, "-m", "bench.bench_scale", str(n)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True)
        if done.returncode:
            print(f"  规模 {n:,} 测量失败（退出码 {done.returncode}）", flush=True)
            continue
        results[n] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"  规模 {n:,} 的原始数据：{json.dumps(results[n], ensure_ascii=False)}", flush=True)
    if not results:
        return
    print("\n  " + f"{'指标':<32}" + "".join(f"{n:>22,}" for n in results), flush=True)
    for label, show in ROWS:
        print("  " + f"{label:<32}" + "".join(f"{show(f):>22}" for f in results.values()), flush=True)
    for n, f in results.items():
        p95 = f["province.list"][1]
        print(f"  {n:,} 家时省级列表 p95 = {p95:.0f} ms（目标 ≤ {TARGET_MS} ms，目标针对 1,000,000 家）："
              f"{'达标' if p95 <= TARGET_MS else '未达标'}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEMO_MODE", "1")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    import django

    django.setup()
    from django.test.utils import override_settings

    override_settings(DASHBOARD_WARMUP=False).enable()
    figures = measure(int(sys.argv[1]))
    print(json.dumps(figures))
