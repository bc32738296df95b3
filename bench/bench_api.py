"""Benchmark of the data-exchange API (issue 12) on the benchmark data (200,000 enterprises, bench.generate).

Prints, for a province-wide token: the server time of listing 1,000 enterprises per page (first page and
pages further on through the cursor) — median and p95 over repeated requests, with the number of queries;
and the time of one 10,000-row signal batch posted fresh (checked whole, written in one transaction, the rows
over the thresholds opening risk reports), then posted again (a replay that changes nothing).
Targets: the 1,000-row list p95 ≤ 150 ms; the 10,000-row batch ≤ 10 s.
Run: `make bench BENCH_ARGS=api` (or `DATABASE_URL=... .venv/bin/python bench/run.py api`).
"""

import datetime
import json
import statistics
import time

from bench.generate import repeats, scaled

REQUESTS = repeats(40)
BATCH_ROWS = scaled(10_000)
PAGE_ROWS = scaled(1_000)  # rows per listed page (the API's largest page at full scale)
ALARMS = 10  # rows of the batch whose dispute count crosses the threshold


def timed(client, url, headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for i in range(REQUESTS + 3):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url, **headers)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.content[:300]
        if i >= 3:  # the first requests warm the process
            times.append(elapsed)
            queries = len(ctx.captured_queries)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], queries, response.json()


def main(argv):
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone

    from apps.enterprises.models import Enterprise
    from apps.exchange.models import ApiToken, EnterpriseSignal
    from apps.exchange.services import issue_token
    from apps.risks.models import RiskReport
    from bench.generate import ensure_enterprises, ensure_staff

    ensure_enterprises()
    users = ensure_staff()
    province = users["province"]
    ApiToken.objects.filter(name="基准测试令牌", revoked_at__isnull=True).update(revoked_at=timezone.now())
    _, secret = issue_token(office=province.office, name="基准测试令牌", created_by=province, can_post_signals=True,
                            rate_limit=1_000_000)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    print(f"  数据：企业 {Enterprise.objects.count():,} 家；令牌范围：{province.office.region.full_name}")
    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False, STORAGES=storages):
        client = Client()
        first = timed(client, f"/api/v1/enterprises?limit={PAGE_ROWS}", headers)
        cursor = first[3]["next_cursor"]
        for _ in range(50):  # 50 pages on: 50,001st row onwards
            cursor = client.get(f"/api/v1/enterprises?limit={PAGE_ROWS}&cursor={cursor}",
                                **headers).json()["next_cursor"]
        later = timed(client, f"/api/v1/enterprises?limit={PAGE_ROWS}&cursor={cursor}", headers)
        filtered = timed(client, f"/api/v1/enterprises?limit={PAGE_ROWS}&region=4201&industry=C", headers)
        print(f"  {'请求':<34}{'行数':>6}{'中位数 ms':>10}{'p95 ms':>10}{'查询数':>8}")
        for label, (median, p95, queries, body) in (("企业列表，第 1 页（1,000 行）", first),
                                                    ("企业列表，第 52 页（游标）", later),
                                                    ("企业列表，武汉市 + 行业 C", filtered)):
            print(f"  {label:<30}{len(body['items']):>6}{median:>10.1f}{p95:>10.1f}{queries:>8}")
        verdict = "达标" if first[1] <= 150 else "未达标"
        print(f"  省级令牌列出 1,000 家企业 p95 = {first[1]:.1f} ms（目标 ≤ 150 ms）：{verdict}")

        day = timezone.localdate() - datetime.timedelta(days=1)
        EnterpriseSignal.objects.filter(date=day).delete()
        codes = list(Enterprise.objects.order_by("pk").values_list("uscc", flat=True)[:BATCH_ROWS])
        rows = [{"uscc": c, "date": str(day), "contracts_signed": i % 40, "disputes": 5 if i < ALARMS else i % 2,
                 "arbitrations": 0, "insurance_arrears": False} for i, c in enumerate(codes)]
        payload = json.dumps({"rows": rows})
        risks_before = RiskReport.objects.count()
        print(f"  批次大小：{len(payload.encode()) / 1e6:.1f} MB（Django 默认上限 2.5 MB 之内）")
        for label in ("首次报送", "重复报送（无变化）"):
            started = time.perf_counter()
            response = client.post("/api/v1/signals", payload, content_type="application/json", **headers)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.content[:500]
            body = response.json()
            print(f"  信号批次 {len(rows):,} 行，{label}：{elapsed:.2f} s（新增 {body['created']:,}，"
                  f"未变化 {body['unchanged']:,}，新开风险 {body['risks_opened']}）")
            if label == "首次报送":
                first_batch = elapsed
        print(f"  新开风险预警 {RiskReport.objects.count() - risks_before} 条（阈值以上的 {ALARMS} 行）")
        verdict = "达标" if first_batch <= 10 else "未达标"
        print(f"  10,000 行信号批次 = {first_batch:.2f} s（目标 ≤ 10 s）：{verdict}")
