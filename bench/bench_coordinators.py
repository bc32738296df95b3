"""Benchmark of the coordinators' structure page at provincial scale (issue 6).

Data (generated once into the bench database, then reused): 200,000 enterprises (bench.generate),
50,000 coordinators spread over every Hubei township, each serving up to three enterprises of its township,
5,000 trainings and 200,000 attendance rows. Prints the server time of the structure and distribution page
(数量、结构、分布 with enterprise coverage) for the province, a city and a county user — median and p95
over repeated requests — with the number of queries per page, and the time of the risk board and the
ledger list for the province. Target: province structure page p95 < 300 ms.
Run: `make bench BENCH_ARGS=coordinators` (or `DATABASE_URL=... .venv/bin/python bench/run.py coordinators`).
"""

import random
import statistics
import time
from datetime import date, timedelta

from bench.generate import repeats, scaled

N_COORDINATORS = scaled(50_000)
N_TRAININGS = scaled(5_000)
N_ATTENDANCE = scaled(200_000)
REQUESTS = repeats(40)


def ensure_coordinators(stdout=print):
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone
    from stdnum.cn import ric

    from apps.accounts.models import MemberUnit, Office
    from apps.coordinators.models import (
        Coordinator,
        Education,
        PayBand,
        SkillLevel,
        Training,
        TrainingAttendance,
        WorkplaceType,
    )
    from apps.core.fields import blind_index, encrypt
    from apps.enterprises.models import Enterprise
    from apps.regions.models import Region
    from bench.generate import _copy, _defaults

    have = Coordinator.objects.count()
    rng = random.Random(6006 + have)
    started = time.perf_counter()
    now = timezone.now()
    townships = list(Region.objects.townships().order_by("code").values_list("pk", "code"))
    paths = dict(Region.objects.townships().values_list("pk", "path"))
    if have < N_COORDINATORS:
        firms = {}
        for pk, region_id in Enterprise.objects.values_list("pk", "region_id").iterator(chunk_size=20_000):
            firms.setdefault(region_id, []).append(pk)
        table = Coordinator._meta.db_table
        through = Coordinator.enterprises.through
        defaults = _defaults(Coordinator)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
            next_id = (Coordinator.objects.aggregate(m=Max("id"))["m"] or 0) + 1
            rows, links, used = [], [], set()
            for i in range(have, N_COORDINATORS):
                region_pk, code = townships[i % len(townships)]
                while True:  # a fresh valid 身份证号 (region, birth date, sequence, check digit)
                    birth = date(1962, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
                    body = f"{code[:6]}{birth:%Y%m%d}{rng.randrange(1000):03d}"
                    number = body + ric.calc_check_digit(body + "0")
                    if number not in used:
                        used.add(number)
                        break
                level = rng.choices(SkillLevel.values, weights=[25, 40, 22, 10, 3])[0]
                values = {**defaults, "id": next_id, "name": f"协调员{i}", "id_number": encrypt(number),
                          "id_digest": blind_index(number),
                          "gender": "M" if int(number[16]) % 2 else "F", "birth_date": birth, "phone": "",
                          "education": rng.choice(Education.values), "workplace_type": rng.choices(
                              WorkplaceType.values, weights=[50, 25, 12, 6, 7])[0],
                          "workplace_name": f"单位{i}", "region_id": region_pk, "region_path": paths[region_pk], "skill_level": level,
                          "certificate_no": f"S{i:07d}" if level else "", "pay_band": rng.choice(PayBand.values),
                          "status": "off_duty" if i % 11 == 0 else "on_duty", "on_public_list": True,
                          "created_at": now, "updated_at": now}
                rows.append(values)
                local = firms.get(region_pk, [])
                for firm in rng.sample(local, min(len(local), rng.randint(0, 3))):
                    links.append((next_id, firm))
                next_id += 1
            columns = list(rows[0])
            _copy(cursor, table, columns, ([r[c] for c in columns] for r in rows))
            _copy(cursor, through._meta.db_table, ["coordinator_id", "enterprise_id"], links)
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {next_id})")
        stdout(f"  生成协调员 {N_COORDINATORS - have} 人、服务关系 {len(links)} 条，"
               f"{time.perf_counter() - started:.1f} s")
    else:
        stdout(f"  协调员已有 {have} 人，跳过生成")

    have_t = Training.objects.count()
    if have_t < N_TRAININGS:
        counties = list(Region.objects.counties().order_by("code"))
        offices = [Office.objects.get_or_create(region=c, member_unit=MemberUnit.HRSS)[0] for c in counties]
        by_county = {}
        for pk, code in townships:
            by_county.setdefault(code[:6], []).append(pk)
        trainings = []
        for i in range(have_t, N_TRAININGS):
            k = i % len(counties)
            region_id = counties[k].pk if i % 3 else rng.choice(by_county.get(counties[k].code, [counties[k].pk]))
            trainings.append(Training(organiser=offices[k], region_id=region_id,
                                      date=date(2023, 1, 1) + timedelta(days=rng.randrange(0, 365 * 4)),
                                      topic=f"协调员培训{i}", hours=8))
        Training.objects.bulk_create(trainings, batch_size=5000)
        stdout(f"  生成培训 {len(trainings)} 场")
    have_a = TrainingAttendance.objects.count()
    if have_a < N_ATTENDANCE:
        training_ids = list(Training.objects.values_list("pk", flat=True))
        coordinator_ids = list(Coordinator.objects.values_list("pk", flat=True))
        existing = set(TrainingAttendance.objects.values_list("training_id", "coordinator_id"))
        pairs = set()
        while len(pairs) < N_ATTENDANCE - have_a:
            pair = (rng.choice(training_ids), rng.choice(coordinator_ids))
            if pair not in existing:
                pairs.add(pair)
        with transaction.atomic(), connection.cursor() as cursor:
            _copy(cursor, TrainingAttendance._meta.db_table, ["training_id", "coordinator_id", "passed"],
                  ((t, c, True) for t, c in pairs))
        stdout(f"  生成签到 {len(pairs)} 条")
    from apps.coordinators.coverage import rebuild
    from apps.coordinators.models import EnterpriseCoverage

    if have < N_COORDINATORS or not EnterpriseCoverage.objects.exists():  # COPY sent no signals
        stdout(f"  重建企业覆盖表：{rebuild()} 家企业有在岗协调员服务")
    with connection.cursor() as cursor:
        for model in (EnterpriseCoverage, Coordinator, Coordinator.enterprises.through, Training, TrainingAttendance, Enterprise):
            cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')


def timed(client, url, n=REQUESTS, cold=False):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    times = []
    for _ in range(n):
        if cold:
            cache.clear()  # every request computes its figures in the database
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, len(queries)


def main(argv):
    from django.test import Client
    from django.test.utils import override_settings

    from apps.coordinators.models import Coordinator, Training, TrainingAttendance
    from bench.generate import ensure_enterprises, ensure_staff

    ensure_enterprises()
    ensure_coordinators()
    users = ensure_staff()
    print(f"  数据：协调员 {Coordinator.objects.count():,} 人，培训 {Training.objects.count():,} 场，"
          f"签到 {TrainingAttendance.objects.count():,} 条")
    results = []
    from django.conf import settings

    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False, STORAGES=storages):
        for level, label in (("province", "省"), ("city", "武汉市"), ("county", "江岸区")):
            client = Client()
            client.force_login(users[level])
            for name, url, cold in (("结构分布页（不用缓存）", "/coordinators/structure/", True),
                                    ("结构分布页（缓存命中）", "/coordinators/structure/", False),
                                    ("风险看板", "/risks/board/", False),
                                    ("台账列表", "/coordinators/", False)):
                if level != "province" and not name.startswith("结构分布页"):
                    continue
                median, p95, queries = timed(client, url, cold=cold)
                results.append((label, name, median, p95, queries))
    print(f"  {'用户':<6}{'页面':<14}{'中位数 ms':>10}{'p95 ms':>10}{'查询数':>8}")
    for label, name, median, p95, queries in results:
        print(f"  {label:<6}{name:<14}{median:>10.1f}{p95:>10.1f}{queries:>8}")
    province_p95 = results[0][3]
    verdict = "达标" if province_p95 < 300 else "未达标"
    print(f"  省级结构分布页 p95（每次都在数据库中重新计算）= {province_p95:.1f} ms（目标 < 300 ms）：{verdict}")
    bench_import(users["county"])


IMPORT_ROWS = scaled(20_000)
IMPORT_PREFIX = "导入压测协调员"


def _import_cleanup():
    """Remove the coordinators the import step wrote, their links and history rows (raw SQL), and recount
    the coverage of the enterprises they served."""
    from django.db import connection, transaction

    from apps.coordinators.coverage import refresh
    from apps.coordinators.models import Coordinator

    table, history = Coordinator._meta.db_table, Coordinator.history.model._meta.db_table
    through = Coordinator.enterprises.through._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SELECT DISTINCT enterprise_id FROM "{through}" WHERE coordinator_id IN '
                       f'(SELECT id FROM "{table}" WHERE name LIKE %s)', [IMPORT_PREFIX + "%"])
        served = [row[0] for row in cursor.fetchall()]
        cursor.execute(f'DELETE FROM "{history}" WHERE name LIKE %s', [IMPORT_PREFIX + "%"])
        cursor.execute(f'DELETE FROM "{through}" WHERE coordinator_id IN (SELECT id FROM "{table}" WHERE name LIKE %s)',
                       [IMPORT_PREFIX + "%"])
        cursor.execute(f'DELETE FROM "{table}" WHERE name LIKE %s', [IMPORT_PREFIX + "%"])
        refresh(served)


def _import_file(county):
    """20,000 ledger rows of one county: valid 身份证号 (born 2004–2005, never among the generated ones), every
    fourth serving one of the county's enterprises."""
    import io
    from datetime import date, timedelta

    from openpyxl import Workbook
    from stdnum.cn import ric

    from apps.coordinators.importing import CoordinatorLedgerImporter
    from apps.enterprises.models import Enterprise
    from apps.regions.models import Region

    townships = list(Region.objects.filter(parent=county).order_by("code").values_list("code", flat=True))
    firms = list(Enterprise.objects.filter(region_path__startswith=county.path).values_list("uscc", flat=True)[:5000])
    book = Workbook(write_only=True)
    sheet = book.create_sheet("协调员")
    headers = CoordinatorLedgerImporter.headers()
    sheet.append(headers)
    for i in range(IMPORT_ROWS):
        birth = date(2004, 1, 1) + timedelta(days=i // 900)
        body = f"{county.code}{birth:%Y%m%d}{i % 900 + 100:03d}"
        row = {"姓名": f"{IMPORT_PREFIX}{i}", "身份证号": body + ric.calc_check_digit(body + "0"),
               "手机号码": f"139{i:08d}", "学历": "本科", "工作单位类型": "企业", "工作单位": f"压测单位{i}",
               "所在区划代码": townships[i % len(townships)], "服务企业统一社会信用代码": firms[i % len(firms)] if i % 4 == 0 else "",
               "在岗状态": "在岗", "列入公示名单": "是"}
        sheet.append([row.get(header, "") for header in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bench_import(user):
    """The 20,000-row ledger import through the engine, as a county clerk takes it: upload → the worker checks
    → confirm → the worker writes every row with its history row (变更记录) and the service links."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.coordinators.importing import CoordinatorLedgerImporter
    from apps.coordinators.models import Coordinator
    from apps.core import imports
    from bench.bench_enterprises import Measure

    _import_cleanup()
    data = _import_file(user.region)
    print(f"\n-- 协调员导入 {IMPORT_ROWS:,} 行（江岸区用户，xlsx {len(data) / 1e6:.1f} MB）", flush=True)
    before = Coordinator.objects.count()
    try:
        with Measure() as m:
            job = imports.accept_upload(CoordinatorLedgerImporter, user, SimpleUploadedFile("协调员.xlsx", data))
            job.refresh_from_db()
            assert job.params["stage"] == "validated", (job.message, job.params.get("errors", [])[:3])
            assert imports.confirm(job)
            job.refresh_from_db()
            assert job.params["stage"] == "applied", job.message
        written = Coordinator.objects.count() - before
        histories = Coordinator.history.filter(name__startswith=IMPORT_PREFIX).count()
        verdict = "达标" if m.seconds <= 12 else "未达标"
        print(f"  本系统导入引擎 新增 {written:,} 人、变更记录 {histories:,} 条：{m}（目标 ≤ 12 s）：{verdict}", flush=True)
    finally:
        _import_cleanup()
