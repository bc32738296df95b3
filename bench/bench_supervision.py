"""Benchmark of 督办与报告 (issue 11): the 1 November drafting job for every area, and the task board.

Data: the 200,000 enterprises of bench/generate.py and the coordinators of bench_coordinators; one 人社 office
in every region (province, 17 city-level units, counties, 1,475 townships) and all four member units from the
counties up; quarterly progress of 2026 for every responsible office and task.
Prints: the drafting job's wall time for every area (target ≤ 3 min on 2 cores), and the board's median / p95
server time for the province, a city and a county (target p95 ≤ 200 ms).
Run: `make bench BENCH_ARGS=supervision` (or `DATABASE_URL=... .venv/bin/python bench/run.py supervision`).
"""

import statistics
import time

from bench.generate import BASE_ENTERPRISES, repeats, scale

REQUESTS = repeats(30)


def ensure_offices_and_progress(stdout=print):
    from django.db.models import Q

    from apps.accounts.models import MemberUnit, Office
    from apps.regions.models import Region
    from apps.supervision.models import TaskProgress, WorkTask

    have = {(o.region_id, o.member_unit) for o in Office.objects.all()}
    new = []
    regions = Region.objects.all()
    if scale() < BASE_ENTERPRISES:  # a smaller run: the offices of the bench users' own branch only
        regions = regions.filter(Q(code__in=["42", "4201"]) | Q(code__startswith="420102"))
    for region in regions:
        units = [MemberUnit.HRSS] if region.level == Region.Level.TOWNSHIP else MemberUnit.values
        new += [Office(region=region, member_unit=u) for u in units if (region.pk, u) not in have]
    Office.objects.bulk_create(new, batch_size=1000)
    if TaskProgress.objects.filter(year=2026).exists():
        stdout(f"  任务进展已有 {TaskProgress.objects.count():,} 条，跳过生成")
        return
    rows = []
    tasks = list(WorkTask.objects.all())
    for office in Office.objects.select_related("region"):
        for task in tasks:
            if task.is_for(office):
                rows += [TaskProgress(task=task, office=office, year=2026, quarter=q, text="压测进展",
                                      status="completed" if (office.pk + task.pk + q) % 5 == 0 else "ongoing")
                         for q in (1, 2, 3)]
    TaskProgress.objects.bulk_create(rows, batch_size=2000)
    stdout(f"  生成单位 {len(new):,} 个，任务进展 {len(rows):,} 条")


def analyze():
    """Fresh planner statistics after the bulk loads, as autovacuum keeps them on a live server."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("accounts_office", "regions_region", "supervision_taskprogress", "supervision_annualreport",
                      "supervision_followupaction"):
            cursor.execute(f"ANALYZE {table}")


def timed(client, url, n=REQUESTS):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)], len(queries)


def main(argv):
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    from apps.supervision.models import AnnualReport
    from apps.supervision.tasks import draft_annual_reports
    from bench.bench_coordinators import ensure_coordinators
    from bench.generate import ensure_enterprises, ensure_staff

    ensure_enterprises()
    ensure_coordinators()
    users = ensure_staff()
    ensure_offices_and_progress()
    analyze()

    AnnualReport.objects.filter(kind="annual", year=2026).delete()
    cache.clear()  # the figures are computed, not read from an earlier run's cache
    start = time.perf_counter()
    draft_annual_reports(2026)
    first = time.perf_counter() - start
    drafted = AnnualReport.objects.filter(kind="annual", year=2026).count()
    start = time.perf_counter()
    draft_annual_reports(2026)
    second = time.perf_counter() - start
    analyze()
    verdict = "达标" if first <= 180 else "未达标"
    print(f"  11月1日起草任务：{drafted:,} 份报告 {first:.1f} s（目标 ≤ 180 s）：{verdict}；"
          f"再次运行 {second:.1f} s，新增 {AnnualReport.objects.filter(kind='annual', year=2026).count() - drafted} 份")

    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    results = []
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False, STORAGES=storages):
        for level, label in (("province", "省"), ("city", "武汉市"), ("county", "江岸区")):
            client = Client()
            client.force_login(users[level])
            for name, url in (("任务督办看板", "/supervision/?year=2026&quarter=3"),
                              ("报告报送情况", "/supervision/reports/completeness/?year=2026"),
                              ("第12项任务下钻", "/supervision/tasks/12/?year=2026&quarter=3")):
                results.append((label, name, *timed(client, url)))
    print(f"  {'用户':<6}{'页面':<14}{'中位数 ms':>10}{'p95 ms':>10}{'查询数':>8}")
    for label, name, median, p95, queries in results:
        print(f"  {label:<6}{name:<14}{median:>10.1f}{p95:>10.1f}{queries:>8}")
    board_p95 = max(r[3] for r in results if r[1] == "任务督办看板")
    print(f"  看板 p95 最大 = {board_p95:.1f} ms（目标 ≤ 200 ms）：{'达标' if board_p95 <= 200 else '未达标'}")
