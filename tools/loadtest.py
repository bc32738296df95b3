"""`make loadtest`: the peak-week load test, headless, bounded in time, on the loopback only.

Fills the database of DATABASE_URL with the benchmark data (bench/generate.py, BENCH_SCALE enterprises, 200,000
unless set), makes the staff accounts (200 county clerks, 67 city and 33 province staff, in that proportion
when LOADTEST_USERS is smaller) and, on top of them, 2 county clerks importing a 2,000-row file and 10 enterprise
accounts submitting their self-assessment with a PDF (per 300 users; their sheets and paper ballots prepared afresh
each run), starts the portal as `make run` does (web + Celery worker, same supervisor) on
127.0.0.1:LOADTEST_PORT (8123), runs tools/locustfile.py with LOADTEST_USERS users (300) logging in at
LOADTEST_RATE a second (2) for LOADTEST_TIME (10m), then prints p50/p95/p99 per page, the errors and the
lost-write check (each edited enterprise's latest acknowledged value is in the database), against the targets:
pages p95 ≤ 500 ms, log-in p95 ≤ 2 s, no error, no lost write, and the CPU the portal's processes (web + worker)
and locust used per request. Exit status 1 when a target is missed. The database is ANALYZEd after it is filled.
"""

import csv
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "Load@2026hb"
SHARES = {"county": 200, "city": 67, "province": 33}
EDITED_PER_CLERK = 5
IMPORTERS_PER_300, ENTERPRISES_PER_300 = 2, 10  # on top of the staff: clerks importing 2,000 rows, enterprises
PAGE_P95_MS, LOGIN_P95_MS = 500, 2000


def make_accounts(users):
    """{"county": [[username, [enterprise ids]]], "city": [[username, []]], "province": [...]}"""
    from django.contrib.auth.hashers import make_password

    from apps.accounts.models import MemberUnit, Office, User
    from apps.accounts.roles import CLERK, ROLES, role_group
    from apps.enterprises.models import Enterprise
    from apps.regions.models import Region

    total = sum(SHARES.values())
    wanted = {level: max(1, round(users * share / total)) for level, share in SHARES.items()}
    encoded = make_password(PASSWORD)  # one hash of full strength, shared by the load accounts
    counties = list(Region.objects.counties().order_by("code"))
    cities = list(Region.objects.filter(level="city").order_by("code"))
    province = Region.objects.get(code="42")
    accounts = {level: [] for level in SHARES}
    taken = set()
    regions = {"county": counties, "city": cities, "province": [province]}
    for level, n in wanted.items():
        for i in range(n):
            region = regions[level][i % len(regions[level])]
            office, _ = Office.objects.get_or_create(region=region, member_unit=MemberUnit.HRSS)
            username = f"load-{level}-{i:03d}"
            user = User.objects.filter(username=username).first() or User(username=username)
            user.office, user.full_name, user.password, user.is_active = office, f"{region.name}压测员{i}", encoded, True
            user.save()
            user.groups.set([role_group(CLERK)] if level == "county" else [role_group(r) for r in ROLES])
            ids = []
            if level == "county":
                ids = [pk for pk in Enterprise.objects.filter(region_path__startswith=region.path)
                       .exclude(pk__in=taken).order_by("pk").values_list("pk", flat=True)[:EDITED_PER_CLERK]]
                taken.update(ids)
            accounts[level].append([user.username, ids])
    accounts["importer"] = import_accounts(encoded, counties, max(1, round(users * IMPORTERS_PER_300 / 300)))
    accounts["enterprise"] = enterprise_accounts(encoded, taken, max(1, round(users * ENTERPRISES_PER_300 / 300)))
    return accounts


def import_accounts(encoded, counties, n):
    """County clerks who import a 2,000-row file: [username, [], township code, county code]."""
    from apps.accounts.models import MemberUnit, Office, User
    from apps.accounts.roles import CLERK, role_group
    from apps.regions.models import Region

    accounts = []
    for i in range(n):
        county = counties[-1 - i % len(counties)]
        township = Region.objects.filter(parent=county).order_by("code").first() or county
        office, _ = Office.objects.get_or_create(region=county, member_unit=MemberUnit.HRSS)
        username = f"load-importer-{i:03d}"
        user = User.objects.filter(username=username).first() or User(username=username)
        user.office, user.full_name, user.password, user.is_active = office, f"{county.name}导入员{i}", encoded, True
        user.save()
        user.groups.set([role_group(CLERK)])
        accounts.append([username, [], township.code, county.code])
    return accounts


def enterprise_accounts(encoded, taken, n):
    """Enterprise accounts, each with this year's self-assessment opened afresh and the paper satisfaction ballot
    recorded (as the county office does with the signed minutes), so that filling in and submitting is theirs."""
    from django.core.files.base import ContentFile

    from apps.accounts.models import User
    from apps.enterprises.models import Enterprise
    from apps.evaluations.models import Assessment, SatisfactionBallot
    from apps.evaluations.views.common import current_year
    from tools.sample_files import pdf_bytes

    year = current_year()
    accounts = []
    enterprises = Enterprise.objects.exclude(pk__in=taken).select_related("subject").order_by("-pk")[:n]
    for i, enterprise in enumerate(enterprises):
        username = f"load-ent-{i:03d}"
        user = User.objects.filter(username=username).first() or User(username=username)
        user.kind, user.enterprise, user.full_name = User.Kind.ENTERPRISE, enterprise, f"{enterprise.name}填报员"
        user.password, user.is_active, user.office = encoded, True, None
        user.save()
        Assessment.objects.filter(subject=enterprise.subject, year=year, kind=Assessment.Kind.SELF).delete()
        assessment = Assessment.start(enterprise.subject, year, Assessment.Kind.SELF, user)
        ballot = SatisfactionBallot(assessment=assessment, method=SatisfactionBallot.Method.PAPER,
                                    status=SatisfactionBallot.Status.CLOSED, eligible=100, respondents=90,
                                    satisfied=85, held_on=datetime.date.today())
        ballot.minutes.save("测评会议记录.pdf", ContentFile(pdf_bytes()), save=False)
        ballot.save()
        accounts.append([username, []])
    return accounts


def analyze():
    """The planner's statistics of every table, as autovacuum keeps them on a live database. A server run with
    autovacuum off (this machine's CI configuration) never analyses the region tree the migrations load: the
    planner then takes `path LIKE '42/%'` for one row and the province's figures walk 200,000 rows by index, one
    at a time (a warm-up 2–5 times slower), which measures the missing statistics, not the portal."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def seconds_of(duration):
    """locust's -t value ("10m", "90s", "1h30m") in seconds."""
    import re

    units = {"h": 3600, "m": 60, "s": 1}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)\s*([hms])", duration)) or int(duration)


def import_files(importers, duration, workdir):
    """Each importer's 2,000-row files, as many as it can send in the run (one every 30 s at most), built here so
    that locust's event loop never stops to build one. Each its own credit codes, across runs too."""
    from tools.sample_files import import_workbook

    folder = workdir / "imports"
    folder.mkdir()
    batch = random.randrange(0, 4000)
    for username, _ids, township, county in importers:
        for n in range(seconds_of(duration) // 30 + 2):
            (folder / f"{username}-{n:03d}.xlsx").write_bytes(import_workbook(township, county, batch))
            batch += 1
    return folder


def run_locust(port, users, rate, duration, accounts, workdir):
    env = dict(os.environ, LOADTEST_ACCOUNTS=json.dumps(accounts), LOADTEST_PASSWORD=PASSWORD,
               LOADTEST_WRITES=str(workdir / "writes.jsonl"), LOADTEST_IMPORTERS=str(len(accounts["importer"])),
               LOADTEST_ENTERPRISES=str(len(accounts["enterprise"])),
               LOADTEST_IMPORT_FILES=str(import_files(accounts["importer"], duration, workdir)))
    cmd = [sys.executable, "-m", "locust", "-f", str(ROOT / "tools" / "locustfile.py"), "--headless",
           "-u", str(users + len(accounts["importer"]) + len(accounts["enterprise"])), "-r", str(rate), "-t", duration, "--host", f"http://127.0.0.1:{port}",
           "--csv", str(workdir / "run"), "--only-summary", "--stop-timeout", "15", "--loglevel", "WARNING"]
    subprocess.run(cmd, cwd=ROOT, env=env, check=False)
    with open(workdir / "run_stats.csv") as f:
        stats = list(csv.DictReader(f))
    failures = []
    if (workdir / "run_failures.csv").exists():
        with open(workdir / "run_failures.csv") as f:
            failures = list(csv.DictReader(f))
    return stats, failures


def lost_writes(workdir):
    """(acknowledged edits, enterprises whose latest acknowledged edit is lost). The database may hold that value,
    or one sent after it whose answer never came (the run stopped, a connection was reset): that edit may have
    committed unacknowledged, which loses nothing acknowledged."""
    from apps.enterprises.models import Enterprise

    allowed, acknowledged = {}, 0
    path = workdir / "writes.jsonl"
    for line in path.read_text().splitlines() if path.exists() else []:
        row = json.loads(line)
        if row.get("acknowledged", True):
            acknowledged += 1
            allowed[row["enterprise"]] = {row["employee_count"]}  # the latest acknowledged value …
        elif row["enterprise"] in allowed:
            allowed[row["enterprise"]].add(row["employee_count"])  # … or one sent after it
    stored = dict(Enterprise.objects.filter(pk__in=allowed).values_list("pk", "employee_count"))
    return acknowledged, [pk for pk, values in allowed.items() if stored.get(pk) not in values]


def main():
    port = int(os.environ.get("LOADTEST_PORT", "8123"))
    users = int(os.environ.get("LOADTEST_USERS", "300"))
    rate = float(os.environ.get("LOADTEST_RATE", "2"))
    duration = os.environ.get("LOADTEST_TIME", "10m")
    os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", PORT=str(port), BIND="127.0.0.1",
                      WEB_ACCESS_LOG="/dev/null")
    os.environ.setdefault("DEMO_MODE", "1")
    os.environ.pop("CELERY_TASK_ALWAYS_EAGER", None)
    from config.services import Supervisor, manage, portal_commands

    env = dict(os.environ)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    import django

    django.setup()
    from bench.generate import ensure_enterprises

    print("==> 基准数据", flush=True)
    ensure_enterprises()
    accounts = make_accounts(users)
    analyze()
    print(f"==> 压测账号：县级 {len(accounts['county'])}、市级 {len(accounts['city'])}、省级 {len(accounts['province'])}，"
          f"另有导入 2,000 行的县级 {len(accounts['importer'])}、自评企业 {len(accounts['enterprise'])}", flush=True)
    supervisor = Supervisor({k: v for k, v in portal_commands(env).items() if k != "beat"}, cwd=ROOT, env=env)
    supervisor.start()
    threading.Thread(target=supervisor.watch, daemon=True).start()
    workdir = Path(tempfile.mkdtemp(prefix="loadtest-"))
    try:
        import urllib.request

        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10)
                break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("web 未在 180 秒内响应")
                time.sleep(1)
        print(f"==> locust：{users} 人，每秒登录 {rate} 人，持续 {duration}（仅 127.0.0.1:{port}）", flush=True)
        before = children_cpu()
        stats, failures = run_locust(port, users, rate, duration, accounts, workdir)
        client = children_cpu() - before
    finally:
        supervisor.stop()
    portal = children_cpu() - before - client
    code = report(stats, failures, *lost_writes(workdir), users, rate, duration)
    total = sum(int(row["Request Count"]) for row in stats if row["Name"] == "Aggregated") or 1
    print(f"CPU：web 与 worker {portal:.0f} s（每个请求 {portal / total * 1000:.0f} ms，含启动），locust {client:.0f} s"
          f"（每个请求 {client / total * 1000:.1f} ms）；PostgreSQL、Redis 的不在其中")
    return code


def children_cpu():
    """CPU seconds (user + system) of this process's finished children: locust once it has exited; gunicorn's
    and the Celery worker's processes once the supervisor has stopped them."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report(stats, failures, writes, lost, users, rate, duration):
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"] * 3
    print(f"\n压测结果（{users} 人，每秒登录 {rate} 人，{duration}；机器负载 {' '.join(load)}）")
    print(f"{'页面':<14}{'请求数':>8}{'错误':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    missed = []
    total = errors = 0
    for row in stats:
        if row["Name"] == "Aggregated":
            total, errors = int(row["Request Count"]), int(row["Failure Count"])
            continue
        p50, p95, p99 = (row["50%"], row["95%"], row["99%"])
        print(f"{row['Name']:<14}{row['Request Count']:>8}{row['Failure Count']:>6}{p50:>9}{p95:>9}{p99:>9}")
        limit = LOGIN_P95_MS if row["Name"] == "登录" else PAGE_P95_MS
        if p95 not in ("N/A", "") and float(p95) > limit:
            missed.append(f"{row['Name']} p95 {p95} ms > {limit} ms")
    rps = sum(float(r["Requests/s"]) for r in stats if r["Name"] != "Aggregated")
    print(f"合计 {total:,} 个请求（{rps:.1f} 个/秒），错误 {errors}")
    for row in failures[:10]:
        print(f"  错误：{row['Method']} {row['Name']}：{row['Error'][:120]}（{row['Occurrences']} 次）")
    print(f"写入核对：确认保存的企业编辑 {writes} 次，丢失 {len(lost)} 条" + (f"（企业 {lost[:10]}）" if lost else ""))
    if errors:
        missed.append(f"{errors} 个错误")
    if lost:
        missed.append(f"丢失写入 {len(lost)} 条")
    print("结论：" + ("全部达标" if not missed else "未达标：" + "；".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
