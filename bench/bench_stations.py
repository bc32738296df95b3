"""Benchmark of parks, stations and coverage at provincial scale (issue 5).

Data: the 200,000 enterprises of bench/generate.py (one park per county), plus 5,000 stations spread over
the townships and parks. Prints, for a county, a city and the province user: the coverage computation and
the coverage page (median / p95 server time, queries), the station list page, the park and township lists,
the export of every visible station, a 1,000-row import (check + write, then removed), and the public
finder for one county.
Run: `make bench BENCH_ARGS=stations` (or `DATABASE_URL=... .venv/bin/python bench/run.py stations`).
"""

import datetime
import io
import statistics
import time

from bench.generate import repeats, scaled

N_STATIONS = scaled(5_000)
IMPORT_ROWS = scaled(1_000)
REQUESTS = repeats(20)
PREFIX = "压测站点"


def ensure_stations(stdout=print):
    from apps.parks.models import Park
    from apps.regions.models import Region
    from apps.stations.models import Station

    have = Station.objects.filter(name__startswith=PREFIX).count()
    if have >= N_STATIONS:
        stdout(f"  站点已有 {have} 个，跳过生成")
        return
    Station.objects.filter(name__startswith=PREFIX).delete()
    townships = list(Region.objects.townships().order_by("code"))
    parks = {p.region_id: p for p in Park.objects.all()}
    rows = []
    for i in range(N_STATIONS):
        township = townships[(i * 7) % (len(townships) * 7 // 10)]  # about 70% of the townships get one
        park = parks.get(township.parent_id) if i % 5 == 0 else None
        rows.append(Station(
            name=f"{PREFIX}{i:05d}", kind="park" if park else "street", region=township, park=park,
            address=f"{township.full_name}某路 {i} 号", opening_hours="周一至周五 9:00-17:00",
            services=["policy", "contract", "mediation"][: 1 + i % 3], staff_count=2, coordinator_count=1,
            established_on=None if i % 4 else datetime.date(2023, 6, 1),
            acceptance_result="passed" if i % 3 == 0 else "pending",
            acceptance_date=datetime.date(2024, 1, 1) if i % 3 == 0 else None))
    Station.objects.bulk_create(rows, batch_size=1000)
    stdout(f"  生成站点 {N_STATIONS} 个")


def timed(fn, n=REQUESTS):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples = []
    with CaptureQueriesContext(connection) as ctx:
        fn()
    queries = len(ctx.captured_queries)
    for _ in range(n):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    return f"中位 {statistics.median(samples):7.1f} ms，p95 {p95:7.1f} ms，{queries} 次查询"


def page(client, url, params=None):
    def get():
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)
        return response
    return get


def main(argv):
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(ALLOWED_HOSTS=["*"], STORAGES=storages):
        run()


def run():
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from openpyxl import Workbook

    from apps.core import uploads
    from apps.enterprises.models import Enterprise
    from apps.stations import coverage, excel
    from apps.stations.importing import StationImporter
    from apps.stations.models import Station
    from bench.generate import ensure_enterprises, ensure_staff

    ensure_enterprises()
    ensure_stations()
    users = ensure_staff()
    print(f"数据：企业 {Enterprise.objects.count():,} 家，站点 {Station.objects.count():,} 个，"
          f"乡镇建站标准 ≥ {coverage.township_threshold():,} 人")
    for level, user in users.items():
        client = Client()
        client.force_login(user)
        result = coverage.compute(user)
        print(f"\n[{level}] {user.region.full_name}：应覆盖 {result.total.units:,}，已覆盖 {result.total.covered:,}，"
              f"覆盖率 {result.total.ratio}%")
        print(f"  覆盖计算 coverage.compute      {timed(lambda u=user: coverage.compute(u))}")
        print(f"  覆盖情况页 /stations/coverage/   {timed(page(client, reverse('stations:coverage')))}")
        print(f"  站点台账列表（第 1 页）          {timed(page(client, reverse('stations:station_list')))}")
        print(f"  站点台账列表（服务内容筛选）      "
              f"{timed(page(client, reverse('stations:station_list'), {'service': 'mediation'}))}")
        print(f"  工业园区列表                     {timed(page(client, reverse('parks:park_list')))}")
        print(f"  乡镇（街道）列表                 {timed(page(client, reverse('parks:township_list')))}")
        started = time.perf_counter()
        response = client.get(reverse("stations:station_export"))
        print(f"  导出全部可见站点 xlsx            {(time.perf_counter() - started):.2f} s，"
              f"{len(response.content) / 1024:.0f} KB")
        started = time.perf_counter()
        client.get(reverse("stations:coverage_export"))
        print(f"  导出覆盖情况 xlsx                {(time.perf_counter() - started):.2f} s")

    county = users["county"]
    wb = Workbook()
    ws = wb.active
    ws.append(excel.HEADERS)
    townships = ["420102002", "420102003", "420102004", "420102005"]
    for i in range(IMPORT_ROWS):
        row = {"站点名称": f"压测导入{i:05d}", "站点类型": "街道", "所在区划代码": townships[i % 4], "地址": f"某路 {i} 号",
               "服务内容": "政策咨询、劳动争议调解", "工作人员数": 2, "建站日期": "2024-05-01", "验收结果": "未验收"}
        ws.append([row.get(h, "") for h in excel.HEADERS])
    buffer = io.BytesIO()
    wb.save(buffer)
    Station.objects.filter(name__startswith="压测导入").delete()
    # through the one import engine, as an upload is: the file read into a table, checked, then written
    importer = StationImporter(county, upload_name="压测站点导入.xlsx")
    started = time.perf_counter()
    table = uploads.read_table(buffer.getvalue(), importer.upload_name, max_rows=importer.max_rows)
    importer.check_headers(table.headers)
    result = importer.validate(table, lambda *a: None)
    checked = time.perf_counter() - started
    assert result.ok, result.errors[:5]
    started = time.perf_counter()
    with transaction.atomic():
        importer.write(result, lambda *a: None)
    written = time.perf_counter() - started
    print(f"\n导入 {IMPORT_ROWS:,} 行：检查 {checked:.2f} s，写入（一个事务，含变更记录）{written:.2f} s")
    Station.objects.filter(name__startswith="压测导入").delete()

    anonymous = Client()
    print(f"公开查询页（江岸区）               "
          f"{timed(page(anonymous, reverse('public:station_finder'), {'county': '420102'}))}")
    print(f"公开查询页（首页，县区下拉）        {timed(page(anonymous, reverse('public:station_finder')))}")
