"""Benchmark of the demonstration selection (issue 10).

A round of 2,000 applications across all 17 city-level units goes through every stage on the real workflow
(apply → county recommendation → city review within quota → 5 experts scoring every approved application →
aggregation → province decision → 公示 with an objection → naming of 100 units); then the naming notice
PDF with those 100 units is rendered, and the re-review sweep runs over 2,000 titles (run twice: the second
run must send nothing). PDFs requested along the way (application forms, letters) are the document workers'
job: their queueing is counted, their rendering is not inside the stage figures.
Run: `make bench BENCH_ARGS=honours` (or `DATABASE_URL=... .venv/bin/python bench/run.py honours`).
"""

import datetime
import time
from decimal import Decimal

from bench.generate import scaled

N_APPLICATIONS = scaled(2_000)
N_TITLES = scaled(2_000)
PREFIX = "压测示范"


class Stopwatch:
    def __init__(self):
        self.rows = []

    def run(self, label, fn):
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
        self.rows.append((label, seconds))
        print(f"  {label:<34} {seconds:8.2f} s  {result if result is not None else ''}", flush=True)
        return result


_staff = {}


def staff(code, roles=("reviewer", "leader")):
    """One office user per region, kept for the run (its permission cache with it)."""
    if (code, roles) in _staff:
        return _staff[(code, roles)]
    from apps.accounts.models import MemberUnit, Office, User
    from apps.accounts.roles import role_group
    from apps.regions.models import Region

    username = f"bench-honours-{code}-{'-'.join(roles)}"
    user = User.objects.filter(username=username).first()
    if user is None:
        office, _ = Office.objects.get_or_create(region=Region.objects.get(code=code), member_unit=MemberUnit.HRSS)
        user = User.objects.create_user(username=username, password="Bench@2026pass", office=office)
        user.groups.set([role_group(r) for r in roles])
    _staff[(code, roles)] = User.objects.get(pk=user.pk)
    return _staff[(code, roles)]


def clean():
    from apps.enterprises.models import CreationRecord, Enterprise, Subject
    from apps.evaluations.models import Assessment
    from apps.honours.models import (
        Application,
        DemonstrationTitle,
        ExpertAssignment,
        Naming,
        Objection,
        ReReview,
        Revocation,
        SelectionRound,
        TitleReminder,
    )

    rounds = SelectionRound.objects.filter(name__startswith=PREFIX)
    TitleReminder.objects.filter(title__naming__round__in=rounds).delete()
    ReReview.objects.filter(title__naming__round__in=rounds).delete()
    Revocation.objects.filter(title__naming__round__in=rounds).delete()
    DemonstrationTitle.objects.filter(naming__round__in=rounds).delete()
    Naming.objects.filter(round__in=rounds).delete()
    Objection.objects.filter(application__round__in=rounds).delete()
    ExpertAssignment.objects.filter(application__round__in=rounds).delete()
    Application.objects.filter(round__in=rounds).delete()
    rounds.delete()
    subjects = Subject.objects.filter(name__startswith=PREFIX)
    Assessment.objects.filter(subject__in=subjects).delete()
    CreationRecord.objects.filter(subject__in=subjects).delete()
    Enterprise.objects.filter(name__startswith=PREFIX).delete()
    subjects.delete()


def units(n):
    """n enterprises spread over every county (and the townships of the four province-administered units),
    each with a passed 2026 assessment."""
    from stdnum.cn import uscc as uscc_number

    from apps.enterprises.models import Enterprise
    from apps.evaluations.models import Assessment, IndicatorSet
    from apps.regions.models import Region

    iset = IndicatorSet.objects.filter(subject_kind="enterprise").order_by("-version").first() or \
        IndicatorSet.objects.create(subject_kind="enterprise", version=990, name="压测指标体系",
                                    region=Region.objects.get(code="42"))
    places = list(Region.objects.filter(level="county").order_by("code"))
    for unit in Region.objects.filter(level="city", code__startswith="4290"):  # 仙桃、潜江、天门、神农架: townships
        places += list(Region.objects.filter(parent=unit, level="township").order_by("code")[:2])
    firms = []
    for i in range(n):
        body = f"91420000MB{8_000_000 + i:07d}"
        firms.append(Enterprise.objects.create(name=f"{PREFIX}{i:05d}有限公司", region=places[i % len(places)],
                                               uscc=body + uscc_number.calc_check_digit(body), industry="C",
                                               employee_count=100 + i % 900))
    Assessment.objects.bulk_create([Assessment(subject=f.subject, region=f.region, year=2026, indicator_set=iset,
                                               status="passed", final_total=Decimal(85 + i % 15))
                                    for i, f in enumerate(firms)])
    return firms


def main(argv):
    import time_machine
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    from apps.documents import tasks

    queued = []
    real_delay = tasks.render_document.delay
    tasks.render_document.delay = queued.append  # the workers render; the figures count what was queued
    try:
        with override_settings(ALLOWED_HOSTS=["*"], STORAGES=storages):
            run(queued, time_machine)
    finally:
        tasks.render_document.delay = real_delay


def run(queued, time_machine):
    from apps.documents.services import render_document_now
    from apps.honours import rereview, services
    from apps.honours.models import Application, CityQuota, DemonstrationTitle, SelectionRound, add_years
    from apps.honours.workflow import ApplicationWorkflow, ObjectionWorkflow, RoundWorkflow
    from apps.regions.models import Region

    clean()
    watch = Stopwatch()
    firms = watch.run(f"生成企业 {N_APPLICATIONS:,} 家（含达标评估）", lambda: len(units(N_APPLICATIONS)) and None) \
        or list(__import__("apps.enterprises.models", fromlist=["Enterprise"]).Enterprise.objects
                .filter(name__startswith=PREFIX).select_related("subject__region").order_by("name"))
    province = staff("42", roles=("reviewer", "leader", "clerk"))
    cities = list(Region.objects.cities().order_by("code"))
    later = datetime.date.today() + datetime.timedelta(days=90)
    round_ = SelectionRound.objects.create(
        year=2099, kind="enterprise", name=f"{PREFIX}2099年度评选", stage="draft", total_quota=100,
        assessment_year=2026, drop_extremes=True,
        criteria=[{"name": "劳动关系协调机制", "max": 50}, {"name": "职工权益保障", "max": 50}],
        apply_deadline=later, recommend_deadline=later, city_review_deadline=later, expert_deadline=later,
        decision_deadline=later)
    base, extra = divmod(100, len(cities))
    CityQuota.objects.bulk_create([CityQuota(round=round_, city=c, quota=base + (1 if i < extra else 0), reserve=1)
                                   for i, c in enumerate(cities)])
    RoundWorkflow.perform(round_, "open", province)
    county_users = {}

    def recommender(app):
        code = app.region.code if app.region.level in ("county", "city") else app.region.parent.code
        if code not in county_users:
            county_users[code] = staff(code, roles=("clerk", "reviewer", "leader"))
        return county_users[code]

    def apply_all():
        for f in firms:
            user = staff(f.subject.region.code if f.subject.region.level == "county"
                         else f.subject.region.parent.code, roles=("clerk", "reviewer", "leader"))
            services.apply(round_, f.subject, user, summary="压测申报")
        return f"{Application.objects.filter(round=round_).count():,} 份申报，排队生成申报表 {len(queued):,} 份"

    watch.run("申报", apply_all)
    RoundWorkflow.perform(round_, "close_applying", province)
    apps_ = list(Application.objects.filter(round=round_).select_related("region__parent", "city").order_by("pk"))

    def recommend():
        for rank, app in enumerate(apps_, 1):
            ApplicationWorkflow.perform(app, "recommend", recommender(app), reason="同意推荐", rank=rank)
        return f"{len(apps_):,} 份"

    watch.run("县级推荐（省直管由市级）", recommend)
    RoundWorkflow.perform(round_, "close_recommending", province)
    city_users = {c.pk: staff(c.code) for c in cities}

    def city_review():
        quotas = {q.city_id: q for q in CityQuota.objects.filter(round=round_)}
        taken = {}
        for app in apps_:
            n = taken.get(app.city_id, 0)
            taken[app.city_id] = n + 1
            q = quotas[app.city_id]
            step = "approve" if n < q.quota else ("reserve" if n < q.quota + q.reserve else "reject")
            ApplicationWorkflow.perform(app, step, city_users[app.city_id], reason="审核意见", rank=n + 1)
        return f"通过 {Application.objects.filter(round=round_, status='approved').count()} 份"

    watch.run("市级审核（名额内，行锁）", city_review)
    RoundWorkflow.perform(round_, "close_city_review", province)
    from apps.accounts.models import User

    experts = [User.objects.get_or_create(username=f"bench-expert-{i}", defaults={"kind": "expert"})[0]
               for i in range(5)]
    approved = list(Application.objects.filter(round=round_, status="approved"))

    def experts_score():
        assignments = [services.assign_expert(app, e, province) for app in approved for e in experts]
        for i, a in enumerate(assignments):
            services.score(a.pk, a.expert, {"劳动关系协调机制": 30 + i % 20, "职工权益保障": 35 + i % 15})
        return f"{len(assignments)} 份评分（{len(experts)} 位专家）"

    watch.run("专家分配与独立评分", experts_score)
    watch.run("汇总评分并排名", lambda: RoundWorkflow.perform(round_, "close_expert_review", province) and None)
    watch.run("省级审定", lambda: f"拟命名 {services.decide_by_rank(round_, province)} 个")
    watch.run("开始公示", lambda: RoundWorkflow.perform(round_, "start_publicity", province) and None)
    round_.refresh_from_db()
    candidate = Application.objects.filter(round=round_, status="selected").first()
    objection = services.lodge_objection(candidate.pk, name="", contact="027-00000000", text="压测异议")
    ObjectionWorkflow.perform(objection, "dismiss", province, reason="经核查不属实")
    with time_machine.travel(round_.publicity_end + datetime.timedelta(days=1)):
        watch.run("命名（100 个称号）", lambda: RoundWorkflow.perform(round_, "name", province, number=99) and
                  f"{DemonstrationTitle.objects.filter(naming__round=round_).count()} 个称号")
    naming = round_.naming
    render_document_now(naming.notice)  # the first render in a process loads the fonts
    watch.run("命名通知 PDF（100 个单位）", lambda: render_document_now(naming.notice) and
              f"{naming.notice.file.size:,} 字节")

    # the re-review sweep over 2,000 titles, due at every point of the windows
    subjects = [f.subject for f in firms]
    today = datetime.date.today()
    titles = []
    for i, subject in enumerate(subjects[:N_TITLES]):
        if DemonstrationTitle.objects.filter(subject=subject).exists():
            continue
        due = today + datetime.timedelta(days=(i % 100) - 5)  # 5 past due, the rest 0–94 days ahead
        titles.append(DemonstrationTitle(subject=subject, kind="enterprise", region=subject.region,
                                         city=Region.objects.get(code=subject.region.path.split("/")[1]),
                                         naming=naming, application=None, certificate_number=f"BENCH{i:06d}",
                                         valid_from=add_years(due, -3), valid_until=due))
    # titles need an application: reuse applications of the round, one per subject
    by_subject = {a.subject_id: a for a in Application.objects.filter(round=round_)}
    for t in titles:
        t.application = by_subject[t.subject_id]
    DemonstrationTitle.objects.bulk_create(titles, batch_size=500)
    held = DemonstrationTitle.objects.filter(naming=naming).count()
    before = len(queued)
    first = watch.run(f"复核任务（{held:,} 个称号）", rereview.run)
    second = watch.run("复核任务再次运行（幂等）", rereview.run)
    print(f"  第一次：90 天提醒 {first['d90']}，30 天提醒 {first['d30']}，启动复核 {first['due']}；"
          f"提醒函排队 {len(queued) - before:,} 份；第二次：{second}")
    assert sum(second.values()) == 0
    print("\n汇总（秒）：" + "；".join(f"{label} {s:.2f}" for label, s in watch.rows))
