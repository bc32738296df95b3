"""Benchmark of the enterprise ledger at provincial scale (issue 3).

Prints, for a county user and the province user: list page server time (median / p95 over 50 requests,
filtered and unfiltered) and queries per page (for a page of ~20 matching rows and for all 200,000); the
time and peak memory of importing 10,000 new rows through the portal's import engine (upload, set-wise check,
confirm, bulk write with history) and, in the same run on files of the same shape, through django-import-export's
own `import_data` with `use_bulk=True` and on its default row-by-row path, with the ratios;
re-importing the 10,000 rows as updates; exporting 100,000 rows as xlsx and csv.

Peak memory is the process's peak resident set size during the step (Linux VmHWM, reset before each step
through /proc/self/clear_refs), with the resident size before the step beside it.
Run: `make bench BENCH_ARGS=enterprises` (or `DATABASE_URL=... .venv/bin/python bench/run.py enterprises`).
"""

import io
import statistics
import time
from pathlib import Path

from bench.generate import repeats, scaled

N_ENTERPRISES = scaled(200_000)
IMPORT_ROWS = scaled(10_000)
EXPORT_ROWS = scaled(100_000)
REQUESTS = repeats(50)
BENCH_LETTERS = ("X", "Y", "W")  # organisation-code letters of the import files' codes (removed before and after)


def _status_kb(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


class Measure:
    """Wall time and peak RSS of a block."""

    def __enter__(self):
        try:
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:
            pass
        self.rss_before = _status_kb("VmRSS") / 1024
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.peak_mb = _status_kb("VmHWM") / 1024
        return False

    def __str__(self):
        return f"{self.seconds:6.2f} s, 峰值内存 {self.peak_mb:6.0f} MB（开始时 {self.rss_before:.0f} MB）"


def _cleanup():
    """Remove the rows the import steps created (raw SQL: only this app's tables hold them)."""
    from django.db import connection, transaction

    from apps.enterprises.models import CreationRecord, Enterprise, Subject

    pattern = "^91[0-9]{6}[" + "".join(BENCH_LETTERS) + "]"
    e, s = Enterprise._meta.db_table, Subject._meta.db_table
    c = CreationRecord._meta.db_table
    he, hc = Enterprise.history.model._meta.db_table, CreationRecord.history.model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'CREATE TEMP TABLE bench_gone ON COMMIT DROP AS SELECT id, subject_id FROM "{e}" '
                       "WHERE uscc ~ %s", [pattern])
        cursor.execute(f'DELETE FROM "{he}" WHERE id IN (SELECT id FROM bench_gone)')
        cursor.execute(f'DELETE FROM "{hc}" WHERE subject_id IN (SELECT subject_id FROM bench_gone)')
        cursor.execute(f'DELETE FROM "{c}" WHERE subject_id IN (SELECT subject_id FROM bench_gone)')
        cursor.execute(f'DELETE FROM "{e}" WHERE id IN (SELECT id FROM bench_gone)')
        cursor.execute(f'DELETE FROM "{s}" WHERE id IN (SELECT subject_id FROM bench_gone)')
    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM ANALYZE "{e}"')


def _import_file(letter, townships, employees_offset=0, status="创建中"):
    from openpyxl import Workbook

    from apps.enterprises.importing import HEADERS
    from bench.generate import uscc_for

    book = Workbook(write_only=True)
    sheet = book.create_sheet("企业")
    sheet.append(HEADERS)
    for i in range(IMPORT_ROWS):
        code = townships[i % len(townships)]
        sheet.append([f"导入压测企业{letter}{i}有限公司", uscc_for(i, "420102", org_letter=letter), code, "",
                      "C", "民营企业", 50 + i % 300 + employees_offset, "是", "否", "王经理", "13800000000",
                      2026, status])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _list_timings(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # warm up
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    import re

    count = re.search(r"共 ((?:约 )?[\d,]+) 条", response.content.decode())  # 约: the estimate above 100,000
    times.sort()
    return (statistics.median(times), times[int(len(times) * 0.95) - 1], len(captured.captured_queries),
            count.group(1) if count else "?")


def bench_lists(users):
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    # pages are rendered without collectstatic: plain static storage (as the tests do)
    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=storages):
        _bench_lists(users, Client, reverse)


def _bench_lists(users, Client, reverse):

    print("\n-- 企业列表（服务端时间，50 次请求）", flush=True)
    url = reverse("enterprises:enterprise_list")
    cases = [("不筛选", {}), ("筛选 状态=创建中 行业=C", {"status": "creating", "industry": "C"}),
             ("约 20 行（名称含“1234号”）", {"q": "1234号"})]
    for level in ("county", "province"):
        client = Client()
        client.force_login(users[level])
        for label, params in cases:
            median, p95, queries, count = _list_timings(client, url, params)
            print(f"  {level:8s} {label:28s} 共 {count:>8s} 条  中位数 {median:6.1f} ms  p95 {p95:6.1f} ms  "
                  f"每页查询 {queries} 次", flush=True)


def _upload(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("bench.xlsx", data)


def _engine_import(user, data):
    """The portal's path, as a user takes it: upload → the worker checks → confirm → the worker writes."""
    from apps.core import imports
    from apps.enterprises.importing import EnterpriseImporter

    job = imports.accept_upload(EnterpriseImporter, user, _upload(data))
    job.refresh_from_db()
    assert job.params["stage"] == "validated", (job.message, job.params.get("errors", [])[:3])
    assert imports.confirm(job)
    job.refresh_from_db()
    assert job.params["stage"] == "applied", job.message
    return job


def bench_import(users):
    import tablib

    from apps.enterprises.models import Enterprise
    from apps.enterprises.resources import EnterpriseResource
    from apps.regions.models import Region

    class BulkEnterpriseResource(EnterpriseResource):
        """import-export's bulk path. bulk_create skips Enterprise.save(), which makes the creating subject and
        the region path, so this hook does that part (one INSERT per row; still no history rows)."""

        class Meta(EnterpriseResource.Meta):
            use_bulk = True
            batch_size = 1000

        def before_save_instance(self, instance, row, **kwargs):
            from apps.enterprises.models import Subject

            if instance.subject_id is None:
                instance.subject = Subject.objects.create(kind=Subject.Kind.ENTERPRISE, name=instance.name,
                                                          region=instance.region)
            instance.region_path = instance.region.path

    user = users["county"]
    townships = list(Region.objects.filter(parent__code="420102").values_list("code", flat=True))
    files = {letter: _import_file(letter, townships) for letter in BENCH_LETTERS}
    print(f"\n-- 导入 {IMPORT_ROWS:,} 行（江岸区用户，xlsx {len(files['X']) / 1e6:.1f} MB）", flush=True)
    before = Enterprise.objects.count()
    with Measure() as ours:
        _engine_import(user, files["X"])
    print(f"  本系统导入引擎（整体校验 + 批量写入，含变更记录）新增 {Enterprise.objects.count() - before:,} 家：{ours}",
          flush=True)

    timings = {}
    for letter, label, resource_class in (("Y", "django-import-export import_data(use_bulk=True)", BulkEnterpriseResource),  # noqa: E501
                                          ("W", "django-import-export import_data 默认逐行", EnterpriseResource)):
        before = Enterprise.objects.count()
        with Measure() as m:
            dataset = tablib.Dataset().load(files[letter], format="xlsx")  # ledger columns are ignored (readonly)
            result = resource_class().import_data(dataset, dry_run=False, use_transactions=True)
        assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows[:3]
        timings[label] = m.seconds
        print(f"  {label} 新增 {Enterprise.objects.count() - before:,} 家（不写变更记录、不建创建记录）：{m}", flush=True)
    for label, seconds in timings.items():
        print(f"  → 本系统 / {label}：{ours.seconds / seconds:.2f}（本系统快 {seconds / ours.seconds:.1f} 倍）", flush=True)

    file_c = _import_file("X", townships, employees_offset=7, status="自评中")
    with Measure() as m:
        job = _engine_import(user, file_c)
    assert job.params["result"]["updated"] == IMPORT_ROWS, job.params["result"]
    print(f"  再次导入同样 {IMPORT_ROWS:,} 行作为更新（职工人数、2026 年创建状态均变化）：{m}", flush=True)


def bench_export(users):
    from apps.enterprises.exporting import EnterpriseExporter
    from apps.enterprises.models import Enterprise

    class FirstRowsExporter(EnterpriseExporter):
        """The engine's export of the first EXPORT_ROWS visible rows (the province sees 200,000)."""

        def base_queryset(self):
            visible = super().base_queryset()
            cutoff = visible.order_by("pk").values_list("pk", flat=True)[EXPORT_ROWS - 1]
            return visible.filter(pk__lte=cutoff)

    user = users["province"]
    assert Enterprise.objects.visible_to(user).count() >= EXPORT_ROWS
    print(f"\n-- 导出 {EXPORT_ROWS:,} 行（全省用户，导出引擎）", flush=True)
    for fmt in ("xlsx", "csv"):
        out = io.BytesIO()
        with Measure() as m:
            FirstRowsExporter(user).write(fmt, out)
        print(f"  {fmt:4s}（{len(out.getvalue()) / 1e6:.1f} MB）：{m}", flush=True)


def main(argv):
    from bench.generate import ensure_enterprises, ensure_staff

    ensure_enterprises(N_ENTERPRISES)
    users = ensure_staff()
    _cleanup()
    try:
        bench_lists(users)
        bench_import(users)
        bench_export(users)
    finally:
        _cleanup()
