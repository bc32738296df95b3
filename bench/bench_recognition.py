"""Benchmark of typical cases, commendations and incentive measures at provincial scale.

Data: 20,000 typical cases over every township (10,000 published), 10,000 nominations (300 of 2025 approved),
500 incentive measures. Prints, for the province and a county user, the list pages (median / p95 server
time and queries), the public case page (first page, a word search, a city), the commendation export of every
visible row, and the 表彰名单 PDF of the 300 approved names.
Run: `make bench BENCH_ARGS=recognition` (or `DATABASE_URL=... .venv/bin/python bench/run.py recognition`).
"""

import datetime
import statistics
import time

from bench.generate import repeats, scaled

N_CASES = scaled(20_000)
N_NOMINATIONS = scaled(10_000)
N_APPROVED = scaled(300)
N_MEASURES = scaled(500)
REQUESTS = repeats(20)
PREFIX = "压测"


def ensure_rows(stdout=print):
    from apps.recognition.models import Case, Commendation, Incentive
    from apps.regions.models import Region

    if Case.objects.filter(title__startswith=PREFIX).count() >= N_CASES:
        stdout("  案例、推荐、措施已生成，跳过")
        return
    Case.objects.filter(title__startswith=PREFIX).delete()
    Commendation.objects.filter(name__startswith=PREFIX).delete()
    Incentive.objects.filter(title__startswith=PREFIX).delete()
    townships = list(Region.objects.filter(level="township").order_by("code"))
    counties = list(Region.objects.filter(level="county").order_by("code"))
    words = ["工资集体协商", "民主管理", "人文关怀", "矛盾调处", "协调员", "服务站点", "职代会", "劳动合同"]
    now = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
    Case.objects.bulk_create([
        Case(title=f"{PREFIX}{words[i % 8]}案例{i:05d}", year=2023 + i % 4, category="enterprise",
             summary=f"{words[(i + 3) % 8]}的做法与成效。", body=f"一、主要做法\n{words[i % 8]}。" * 20,
             unit_name=f"{PREFIX}单位{i:05d}", region=townships[i % len(townships)],
             region_path=townships[i % len(townships)].path,
             status="published" if i % 2 == 0 else ("submitted" if i % 3 else "draft"),
             published_at=now if i % 2 == 0 else None) for i in range(N_CASES)], batch_size=2000)
    rows = []
    for i in range(N_NOMINATIONS):
        county = counties[i % len(counties)]
        approved = i < N_APPROVED
        rows.append(Commendation(
            year=2025 if approved else 2026, kind="individual" if i % 3 else "collective",
            name=f"{PREFIX}{i:05d}", workplace=f"{county.full_name}某单位职务", deeds="事迹。" * 50, region=county,
            region_path=county.path, nominator_region=county, nominator_level="county",
            status="approved" if approved else ("submitted" if i % 2 else "draft"),
            approved_on=datetime.date(2025, 12, 1) if approved else None))
    Commendation.objects.bulk_create(rows, batch_size=2000)
    province = Region.objects.get(code="42")
    Incentive.objects.bulk_create([
        Incentive(title=f"{PREFIX}措施{i:04d}", kind="policy", member_units=["hrss", "union"],
                  issued_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i), content="措施内容。" * 30,
                  region=province if i % 5 == 0 else counties[i % len(counties)],
                  region_path=(province if i % 5 == 0 else counties[i % len(counties)]).path)
        for i in range(N_MEASURES)], batch_size=1000)
    from django.db import connection

    with connection.cursor() as cursor:  # fresh bulk rows: give the planner its statistics
        for table in ("recognition_case", "recognition_commendation", "recognition_incentive"):
            cursor.execute(f"ANALYZE {table}")
    stdout(f"  生成案例 {N_CASES:,} 个、表彰推荐 {N_NOMINATIONS:,} 条、激励措施 {N_MEASURES:,} 项")


def timed(fn, n=REQUESTS):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    queries = len(ctx.captured_queries)
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return f"中位 {statistics.median(samples):7.1f} ms，p95 {samples[int(len(samples) * 0.95) - 1]:7.1f} ms，{queries} 次查询"


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
    from django.test import Client
    from django.urls import reverse

    from apps.documents.pdf import render_pdf
    from apps.recognition import roster
    from bench.generate import ensure_staff

    ensure_rows()
    users = ensure_staff()
    for level in ("province", "county"):
        user = users[level]
        client = Client()
        client.force_login(user)
        print(f"\n[{level}] {user.region.full_name}")
        print(f"  典型案例列表（第 1 页）        {timed(page(client, reverse('recognition:case_list')))}")
        print(f"  典型案例列表（状态+标题筛选）  "
              f"{timed(page(client, reverse('recognition:case_list'), {'status': 'published', 'q': '协商'}))}")
        print(f"  表彰推荐列表（第 1 页）        {timed(page(client, reverse('recognition:commendation_list')))}")
        print(f"  联合激励措施列表               {timed(page(client, reverse('recognition:incentive_list')))}")
        started = time.perf_counter()
        response = client.get(reverse("recognition:commendation_export"), {"year": "2026"})
        print(f"  表彰推荐导出 xlsx（2026 年度）  {time.perf_counter() - started:.2f} s，"
              f"{len(response.content) / 1024:.0f} KB" if response.status_code == 200
              else f"  表彰推荐导出：转为后台任务（{response.status_code}）")

    public = Client()
    print("\n[公开页，无需登录]")
    print(f"  已发布案例第 1 页              {timed(page(public, reverse('public:case_list')))}")
    print(f"  关键词“工资集体协商”           "
          f"{timed(page(public, reverse('public:case_list'), {'q': '工资集体协商'}))}")
    print(f"  按市（州）“武汉市”             "
          f"{timed(page(public, reverse('public:case_list'), {'city': '4201'}))}")

    province = users["province"]
    collectives, individuals = roster.approved(province, 2025)
    context = roster.context_for(2025, "鄂劳三方〔2025〕9号", collectives, individuals, datetime.date(2025, 12, 20))
    render_pdf("recognition/roster_pdf.html", context)  # the first render in a process loads the fonts
    samples = []
    for _ in range(3):
        started = time.perf_counter()
        pdf = render_pdf("recognition/roster_pdf.html", context)
        samples.append(time.perf_counter() - started)
    print(f"\n表彰名单 PDF（{len(collectives)} 个集体、{len(individuals)} 名个人）：中位 {statistics.median(samples):.2f} s，"
          f"{len(pdf) / 1024:.0f} KB")
