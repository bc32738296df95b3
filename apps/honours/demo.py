"""Demo selection rounds: a finished 2025 round with its titles and naming notice, the 2027 round at the expert
stage (demo expert `expert-demo`), a 2023 title that has reached three years and is under re-review, and one
revoked title. Units sit in several cities so the naming notice groups them."""

import datetime
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from guardian.shortcuts import assign_perm
from stdnum.cn import uscc as uscc_number

from apps.accounts.demo import DEMO_PASSWORD
from apps.accounts.models import User
from apps.enterprises.models import Enterprise
from apps.evaluations.models import Assessment, IndicatorSet
from apps.regions.models import Region

from . import rereview, services
from .models import (
    Application,
    CityQuota,
    DemonstrationTitle,
    ExpertAssignment,
    Naming,
    SelectionRound,
    city_of,
)

CRITERIA = [{"name": "劳动关系协调机制", "max": 30}, {"name": "职工权益保障", "max": 30},
            {"name": "民主管理与人文关怀", "max": 20}, {"name": "示范带动作用", "max": 20}]
UNITS_2023 = [("420106", "武汉楚天机械制造有限公司"), ("420502", "宜昌三峡食品加工有限公司"),
              ("420602", "襄阳汉水物流有限公司")]
UNITS_2025 = [("420102", "武汉江城电子科技有限公司"), ("420111", "武汉光谷软件技术有限公司"),
              ("420502", "宜昌夷陵商贸有限公司"), ("420503", "宜昌西陵建设工程有限公司"),
              ("420602", "襄阳荆楚医疗服务有限公司"), ("421002", "荆州长江物业服务有限公司"),
              ("429004", "仙桃晴川食品加工有限公司")]
UNITS_2027 = [("420102", "武汉黄鹤检测技术有限公司"), ("420106", "武汉东湖商务服务有限公司"),
              ("420502", "宜昌鄂西餐饮管理有限公司"), ("420602", "襄阳楚天电子科技有限公司"),
              ("421102", "黄冈江城机械制造有限公司"), ("429004", "仙桃汉水商贸有限公司")]


def enterprise(code, name, n):
    region = Region.objects.get(code=code)
    township = Region.objects.filter(parent=region, level="township").order_by("code").first() or region
    body = f"91{code[:6]:0<6}MA{9_000_000 + n:07d}"
    ent, _ = Enterprise.objects.get_or_create(
        name=name, defaults={"uscc": body + uscc_number.calc_check_digit(body), "region": township,
                             "industry": "C", "employee_count": 300 + n * 37})
    # a unit that reaches a provincial naming has its union and collective contract (the plan's conditions)
    if not (ent.has_union and ent.has_collective_contract):
        Enterprise.objects.filter(pk=ent.pk).update(has_union=True, has_collective_contract=True)
        ent.has_union = ent.has_collective_contract = True
    return ent


def passed(ent, year, score, iset):
    assessment, _ = Assessment.objects.get_or_create(
        subject=ent.subject, year=year, kind=Assessment.Kind.SELF,
        defaults={"region": ent.subject.region, "indicator_set": iset, "status": Assessment.Status.PASSED,
                  "final_total": Decimal(score), "concluded_at": timezone.now()})
    return assessment


def new_round(year, stage, named=False):
    day = datetime.date(year - 1, 9, 1) if not named else datetime.date(year, 9, 1)
    if year == 2027:
        day = datetime.date(2026, 11, 1)
    round_ = SelectionRound.objects.create(
        year=year, kind="enterprise", name=f"{year}年度湖北省和谐劳动关系创建示范企业评选", stage=stage,
        total_quota=100, assessment_year=year - 1, criteria=CRITERIA, drop_extremes=True,
        apply_deadline=day + datetime.timedelta(days=20), recommend_deadline=day + datetime.timedelta(days=35),
        city_review_deadline=day + datetime.timedelta(days=50),
        expert_deadline=day + datetime.timedelta(days=75 if year != 2027 else 120),
        decision_deadline=day + datetime.timedelta(days=90 if year != 2027 else 140))
    cities = list(Region.objects.cities().order_by("code"))
    CityQuota.objects.bulk_create([CityQuota(round=round_, city=c, quota=12 if c.code == "4201" else 6, reserve=1)
                                   for c in cities])
    return round_


def application(round_, ent, assessment, status, rank, **extra):
    region = ent.subject.region
    return Application.objects.create(
        round=round_, subject=ent.subject, region=region, city=Region.objects.get(code=city_of(region)),
        status=status, assessment=assessment, assessment_score=assessment.final_total,
        satisfaction=Decimal("91.5"), summary="建立健全劳动关系协调机制，集体合同、职代会和厂务公开制度落实，"
                                             "近三年无劳动争议群体性事件。", county_rank=rank, city_rank=rank,
        county_opinion="同意推荐", city_opinion="审核通过", **extra)


def named_round(year, units, named_on, number, leader, iset, offset):
    round_ = new_round(year, "named", named=True)
    round_.publicity_start = named_on - datetime.timedelta(days=16)
    round_.publicity_end = named_on - datetime.timedelta(days=7)
    round_.save()
    for i, (code, name) in enumerate(units, 1):
        ent = enterprise(code, name, offset + i)
        app = application(round_, ent, passed(ent, year - 1, 90 + i % 7, iset), "selected", i,
                          expert_score=Decimal(88 - i), expert_rank=i, province_opinion="省三方会议审定")
        app.save()
    naming = services.confer_titles(round_, leader, number, named_on)
    return round_, naming


def load_demo(stdout):
    if SelectionRound.objects.exists():
        stdout.write("  示范创建：已有评选活动，跳过")
        return
    leader = User.objects.filter(username="42-hrss-leader").first()
    iset = IndicatorSet.objects.current_for("enterprise")
    if leader is None or iset is None:
        stdout.write("  示范创建：缺少省级用户或指标体系，跳过")
        return
    # 2023: named on 2023-11-28, so three years were reached on 2026-11-28 (re-review), one title revoked
    _, naming23 = named_round(2023, UNITS_2023, datetime.date(2023, 11, 28), 9, leader, iset, 0)
    revoked = DemonstrationTitle.objects.get(naming=naming23, subject__name="襄阳汉水物流有限公司")
    from .workflow import TitleWorkflow

    TitleWorkflow.perform(revoked, "revoke", leader, reason="2026年9月发生拖欠农民工工资的重大劳动关系风险事件",
                          cause="major_risk")
    # 2025: finished round with its titles
    named_round(2025, UNITS_2025, datetime.date(2025, 12, 10), 5, leader, iset, 10)
    # 2027: at the expert stage, one demo expert with two assignments (one scored)
    round27 = new_round(2027, "expert_review")
    expert, _ = User.objects.get_or_create(username="expert-demo", defaults={
        "kind": User.Kind.EXPERT, "full_name": "张评审（专家）", "password": make_password(DEMO_PASSWORD)})
    for i, (code, name) in enumerate(UNITS_2027, 1):
        ent = enterprise(code, name, 30 + i)
        app = application(round27, ent, passed(ent, 2026, 89 + i % 5, iset), "approved", i)
        if i <= 2:
            assign_perm("honours.view_application", expert, app)
            assignment = ExpertAssignment.objects.create(application=app, expert=expert, assigned_by=leader)
            if i == 1:
                assignment.scores = {"劳动关系协调机制": "27.0", "职工权益保障": "28.0", "民主管理与人文关怀": "18.0",
                                     "示范带动作用": "17.0"}
                assignment.total = Decimal("90.0")
                assignment.submitted_at = timezone.now()
                assignment.save()
    done = rereview.run()
    stdout.write(f"  示范创建：2023、2025 年度命名 {DemonstrationTitle.objects.count()} 个（撤销 1 个），"
                 f"{Naming.objects.count()} 份命名通知；2027 年度评选处于专家评审阶段（专家账号 expert-demo）；"
                 f"复核启动 {done['due']} 个")
