"""Benchmark of assessments at provincial scale (issue 4).

With 200,000 enterprises (bench/generate.py) and 2 million assessment item rows (≈ 66,700 self-assessment
sheets of the 30-item enterprise set, spread over every township, in every state), prints server time
(median / p95 over repeated requests through Django's test client, in-process, no network) of:
- the county reviewer's review screen of one submitted assessment (target p95 < 200 ms),
- the province's table of results by city (target p95 < 200 ms),
- the assessment report PDF of one concluded assessment (target < 1 s),
and the number of SQL queries of each page.
Run: `make bench BENCH_ARGS=evaluations` (or `DATABASE_URL=... .venv/bin/python bench/run.py evaluations`).
"""

import statistics
import time

from bench.generate import repeats, scaled

ITEM_ROWS = scaled(2_000_000)
YEAR = 2026
REQUESTS = repeats(50)
PDF_REQUESTS = repeats(10)


def ensure_assessments(stdout=print):
    """Idempotent: fill sheets (COPY) until the item table holds ITEM_ROWS rows."""
    from django.db import connection, transaction

    from apps.enterprises.models import Subject
    from apps.evaluations.demo import ensure_sets
    from apps.evaluations.models import Assessment, AssessmentItem, IndicatorSet
    from bench.generate import _copy, _defaults

    ensure_sets()
    have = AssessmentItem.objects.count()
    if have >= ITEM_ROWS:
        return have
    iset = IndicatorSet.objects.current_for("enterprise")
    indicators = list(iset.scored_indicators().order_by("order").values_list("pk", "max_points", "is_veto", "code"))
    per_sheet = len(indicators)
    sheets = (ITEM_ROWS - have + per_sheet - 1) // per_sheet
    started = time.perf_counter()
    taken = Assessment.objects.filter(year=YEAR, kind="self").values("subject_id")
    subjects = list(Subject.objects.filter(kind="enterprise").exclude(pk__in=taken).order_by("pk")
                    .values_list("pk", "region_id")[:sheets])
    statuses = ["draft", "submitted", "returned", "passed", "passed", "passed", "not_passed", "vetoed"]
    a_defaults = {"id": None, **_defaults(Assessment)}  # ids written here: the items refer to them
    a_cols = list(a_defaults)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM evaluations_assessment")
        next_id = cursor.fetchone()[0] + 1
    now = time.strftime("%Y-%m-%d %H:%M:%S+00")
    rows, item_rows = [], []
    i_defaults = _defaults(AssessmentItem)
    i_cols = list(i_defaults)
    for n, (subject_id, region_id) in enumerate(subjects):
        status = statuses[n % len(statuses)]
        concluded = status in ("passed", "not_passed", "vetoed")
        deduction = 25 if status == "not_passed" else n % 7
        total = 100 - deduction
        values = dict(a_defaults, id=next_id + n, subject_id=subject_id, region_id=region_id, year=YEAR, kind="self",
                      indicator_set_id=iset.pk, status=status, self_total=total if status != "draft" else None,
                      final_total=total if concluded else None, veto_failed=status == "vetoed",
                      grade="AAA" if status == "passed" and total >= 90 else "", created_at=now, updated_at=now,
                      submitted_at=now if status != "draft" else None, concluded_at=now if concluded else None,
                      conclusion="最终得分" if concluded else "")
        rows.append([values[c] for c in a_cols])
        for k, (ind_id, max_points, is_veto, code) in enumerate(indicators):
            score = None if is_veto else max(0, max_points - (deduction if k == 0 else 0))
            item = dict(i_defaults, assessment_id=next_id + n, indicator_id=ind_id, self_score=score,
                        self_veto=False if is_veto else None, explanation="已落实" if k % 3 == 0 else "",
                        review_status="accepted" if concluded else "pending",
                        review_score=score if concluded else None,
                        review_veto=(status == "vetoed" and code == "V.4") if is_veto and concluded else None)
            item_rows.append([item[c] for c in i_cols])
        if len(item_rows) >= 150_000 or n == len(subjects) - 1:
            with transaction.atomic(), connection.cursor() as cursor:
                _copy(cursor, "evaluations_assessment", a_cols, rows)
                _copy(cursor, "evaluations_assessmentitem", i_cols, item_rows)
            rows, item_rows = [], []
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('evaluations_assessment', 'id'), "
                       "(SELECT MAX(id) FROM evaluations_assessment))")
        cursor.execute("ANALYZE evaluations_assessment")
        cursor.execute("ANALYZE evaluations_assessmentitem")
    have = AssessmentItem.objects.count()
    stdout(f"生成评估表 {len(subjects):,} 份、评估项 {have:,} 行，用时 {time.perf_counter() - started:.1f} s")
    return have


def timed(client, url, n, status=200):
    from django.db import connection

    times = []
    client.get(url)  # warm up
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, len(queries), len(response.content)


def main(args=None):
    from django.conf import settings
    from django.test import Client

    from apps.evaluations.models import Assessment, AssessmentItem
    from bench.generate import ensure_enterprises, ensure_staff

    settings.ALLOWED_HOSTS = ["*"]
    enterprises = ensure_enterprises()
    items = ensure_assessments()
    users = ensure_staff()
    sheets = Assessment.objects.count()
    print(f"数据规模：企业 {enterprises:,} 家，评估表 {sheets:,} 份，评估项 {items:,} 行")

    county = users["county"]
    submitted = (Assessment.objects.visible_to(county).filter(status="submitted", kind="self")
                 .order_by("pk").first())
    concluded = Assessment.objects.visible_to(county).filter(status="vetoed").order_by("pk").first()
    client = Client()
    client.force_login(county)
    rows = []
    median, p95, queries, size = timed(client, f"/evaluations/assessments/{submitted.pk}/review/", REQUESTS)
    rows.append(("县级审核页（单份评估表逐项审核）", median, p95, queries, 200))
    median, p95, queries, size = timed(client, f"/evaluations/assessments/{submitted.pk}/", REQUESTS)
    rows.append(("评估表详情页（三栏对照）", median, p95, queries, 200))
    # the report PDF is made by the document job: the request only queues it (the page then polls); the job's
    # rendering is timed on its own
    from apps.documents import tasks
    from apps.documents.models import GeneratedDocument
    from apps.documents.services import render_document_now

    real_delay, tasks.render_document.delay = tasks.render_document.delay, lambda pk: None
    try:
        median, p95, queries, size = timed(client, f"/evaluations/assessments/{concluded.pk}/report.pdf",
                                           PDF_REQUESTS, status=302)
    finally:
        tasks.render_document.delay = real_delay
    rows.append(("评估报告 PDF 请求（登记生成任务）", median, p95, queries, 200))
    document = GeneratedDocument.objects.filter(kind="assessment-report").latest("created_at")
    render_document_now(document)  # the first render in a process loads the fonts
    renders = []
    for _ in range(PDF_REQUESTS):
        started = time.perf_counter()
        render_document_now(document)
        renders.append((time.perf_counter() - started) * 1000)
    renders.sort()
    rows.append(("评估报告 PDF 生成（文书任务）", statistics.median(renders),
                 renders[min(len(renders) - 1, int(round(0.95 * len(renders))) - 1)], 0, 1000))

    province = Client()
    province.force_login(users["province"])
    median, p95, queries, size = timed(province, f"/evaluations/results/?year={YEAR}&kind=self", REQUESTS)
    rows.append(("省级按市州统计评估结果", median, p95, queries, 200))
    median, p95, queries, size = timed(province, f"/evaluations/assessments/?year={YEAR}&status=submitted",
                                       REQUESTS)
    rows.append(("省级评估表列表（待审核，第 1 页）", median, p95, queries, 200))

    print(f"\n{'页面':<28}{'中位数 ms':>10}{'p95 ms':>10}{'SQL 条数':>9}{'目标 ms':>9}")
    for name, median, p95, queries, target in rows:
        flag = "达标" if p95 < target else "超出"
        print(f"{name:<28}{median:>10.1f}{p95:>10.1f}{queries:>9}{target:>9}  {flag}")
    print(f"（评估项总行数 {AssessmentItem.objects.count():,}）")
