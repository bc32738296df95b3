"""Demo coordinators, trainings, skills, gold medals and risk reports in 江岸区 (420102) and 西陵区 (420502).

Runs after the enterprises demo; enterprises are picked by region path, and links to them are skipped when
there are none. Deterministic (seeded), small, and skipped when already loaded.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from apps.accounts.models import MemberUnit, Office, User
from apps.enterprises.models import Enterprise
from apps.regions.models import Region

from .models import (
    AwardRecommendation,
    Contest,
    Coordinator,
    Education,
    GoldMedal,
    GoldMedalQuota,
    PayBand,
    RiskEvent,
    RiskReport,
    SkillEvaluation,
    SkillLevel,
    Training,
    TrainingAttendance,
    WorkplaceType,
)

COUNTIES = {"420102": 40, "420502": 30}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华",
         "慧", "建国", "红梅", "志强", "晓燕", "海波", "雪梅", "文斌", "春燕", "国庆", "丹"]
TOPICS = ["劳动关系协调员职业技能提升培训", "集体协商实务培训", "劳动争议预防调解实务", "劳动合同管理与风险防范",
          "根治欠薪政策解读", "新就业形态劳动者权益保障"]


def demo_id_number(county_code, rng, index):
    birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 36))
    body = f"{county_code}{birth:%Y%m%d}{index % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def load_demo(stdout):
    if Coordinator.objects.filter(region__path__startswith="42/4201/420102/").exists():
        stdout.write("  协调员演示数据已存在，跳过")
        return
    rng = random.Random(2027)
    today = timezone.localdate()
    people = trainings = risks = 0
    for code, count in COUNTIES.items():
        county = Region.objects.get(code=code)
        townships = list(county.children.order_by("code")) or [county]
        firms = list(Enterprise.objects.inside(county.path).order_by("pk").values_list("pk", "region_id"))
        made = _coordinators(county, townships, firms, count, rng)
        people += len(made)
        trainings += _trainings(county, townships, made, rng, today)
        risks += _risks(county, firms, made, rng, today)
        _skills_and_awards(county, made, rng, today)
    _gold_medals(rng, today)
    stdout.write(f"  演示协调员 {people} 人、培训 {trainings} 场、风险预警 {risks} 件（江岸区、西陵区）")


def _coordinators(county, townships, firms, count, rng):
    made = []
    workplace_names = {
        WorkplaceType.ENTERPRISE: "{}有限公司", WorkplaceType.PLATFORM: "{}劳动保障服务中心",
        WorkplaceType.UNION: "{}总工会", WorkplaceType.EMPLOYER_ORG: "{}企业联合会",
        WorkplaceType.SOCIAL: "{}劳动关系咨询服务社"}
    for i in range(1, count + 1):
        township = townships[i % len(townships)]
        kind = rng.choices(WorkplaceType.values, weights=[50, 25, 12, 6, 7])[0]
        level = rng.choices(SkillLevel.values, weights=[25, 40, 22, 10, 3])[0]
        c = Coordinator(
            name=rng.choice(SURNAMES) + rng.choice(GIVEN), phone=f"13{rng.randrange(10**9):09d}",
            education=rng.choices(Education.values, weights=[5, 20, 35, 35, 5])[0], workplace_type=kind,
            workplace_name=workplace_names[kind].format(township.name if kind != WorkplaceType.UNION else county.name),
            region=township, skill_level=level,
            certificate_no=f"S{county.code}{2020 + i % 6}{i:05d}" if level else "",
            pay_band=rng.choice(PayBand.values), status="off_duty" if i % 13 == 0 else "on_duty",
            on_public_list=i % 9 != 0,
            # most were confirmed by the county reviewer; the newest few wait for it (the reviewer's queue)
            confirmation="pending" if i > count - 3 else "confirmed")
        c.set_id_number(demo_id_number(county.code, rng, i))
        c._change_reason = "演示数据"
        c.save()
        if firms:
            local = [pk for pk, region_id in firms if region_id == township.pk] or [pk for pk, _r in firms]
            c.enterprises.set(rng.sample(local, min(len(local), rng.randint(1, 4))))
        made.append(c)
    return made


def _trainings(county, townships, people, rng, today):
    office, _ = Office.objects.get_or_create(region=county, member_unit=MemberUnit.HRSS)
    union, _ = Office.objects.get_or_create(region=county, member_unit=MemberUnit.UNION)
    held = 0
    for year in (today.year - 1, today.year):
        for n in range(3):
            date = datetime.date(year, 3 + n * 3, 10 + n)
            if date > today:
                continue
            region = county if n != 2 else townships[0]
            training = Training.objects.create(organiser=office if n % 2 == 0 else union, region=region, date=date,
                                               topic=TOPICS[(n + year) % len(TOPICS)], hours=Decimal(rng.choice([4, 8, 16])),
                                               location=f"{region.name}职工服务中心")
            attendees = rng.sample(people, min(len(people), rng.randint(8, 18)))
            TrainingAttendance.objects.bulk_create([TrainingAttendance(training=training, coordinator=c,
                                                                       passed=rng.random() > 0.08) for c in attendees])
            held += 1
    Contest.objects.create(name=f"{county.name}{today.year}年劳动关系协调员技能比武", region=county,
                           date=datetime.date(today.year, 5, 20), participants=min(24, len(people)),
                           notes=f"一等奖 {people[0].name}\n二等奖 {people[1].name}、{people[2].name}")
    return held


def _skills_and_awards(county, people, rng, today):
    for c in people[3:9]:
        passed = rng.random() > 0.3
        SkillEvaluation.objects.create(coordinator=c, level="3" if c.skill_level in ("", "4") else c.skill_level,
                                       date=datetime.date(today.year, 6, 18), agency="湖北省职业技能鉴定指导中心",
                                       result="passed" if passed else "failed",
                                       certificate_no=f"E{county.code}{c.pk:06d}" if passed else "")
    awards = [("tech_expert", "awarded", "已获评市级技术能手"), ("may_day", "pending", ""),
              ("advanced", "not_awarded", "名额有限，未获评")]
    office = f"{county.full_name}人社局"
    for c, (award, outcome, note) in zip(people[:3], awards, strict=False):
        AwardRecommendation.objects.create(coordinator=c, award=award, year=today.year,
                                           recommended_on=datetime.date(today.year, 4, 1), recommender=office,
                                           outcome=outcome, outcome_note=note)


def _risks(county, firms, people, rng, today):
    if not firms:
        return 0
    reporter = User.objects.filter(office__region=county, groups__name="录入").first() or User.objects.filter(
        office__region=county).first()
    if reporter is None:
        return 0
    cases = [
        ("wage_arrears", "major", "handling", 120, "186.50", "拖欠一线职工两个月工资，部分职工到政府上访", -2),
        ("layoff", "serious", "reported", 45, "0", "因订单下降拟裁减人员，未履行提前告知程序", -1),
        ("shutdown", "general", "resolved", 30, "12.00", "设备检修停产半月，职工待岗工资发放有争议", 10),
        ("social_insurance", "general", "reported", 18, "9.60", "连续三个月未足额缴纳社会保险费", 5),
        ("collective_dispute", "serious", "handling", 60, "35.00", "职工就加班费计算集体提出异议", 6),
        ("other", "general", "resolved", 8, "0", "劳务派遣用工比例偏高，存在同工不同酬投诉", 20),
    ]
    made = 0
    for n, (category, severity, status, count, amount, text, due_offset) in enumerate(cases):
        firm_pk, region_id = firms[(n * 7) % len(firms)]
        report = RiskReport(enterprise_id=firm_pk, region_id=region_id, category=category, severity=severity,
                            status=status, people_affected=count, amount=Decimal(amount), description=text,
                            actions_taken="已约谈企业负责人，督促依法整改", reported_by=reporter,
                            coordinator=people[n % len(people)], due_date=today + datetime.timedelta(days=due_offset))
        report._change_reason = "演示数据"
        report.save()
        reported_at = timezone.now() - datetime.timedelta(days=30 * n + 3)
        RiskReport.objects.filter(pk=report.pk).update(reported_at=reported_at)
        steps = [("", "reported", "上报风险", report.due_date)]
        if status in ("handling", "resolved"):
            steps.append(("reported", "handling", "已受理，派协调员驻企跟进", report.due_date))
        if status == "resolved":
            steps.append(("handling", "resolved", "企业已整改到位，职工诉求已解决", None))
            RiskReport.objects.filter(pk=report.pk).update(resolved_at=reported_at + datetime.timedelta(days=2))
        for day, (frm, to, note, due) in enumerate(steps):
            event = RiskEvent.objects.create(report=report, from_status=frm, to_status=to, actor=reporter, note=note,
                                             due_date=due)
            RiskEvent.objects.filter(pk=event.pk).update(at=reported_at + datetime.timedelta(days=day))
        made += 1
    return made


def _gold_medals(rng, today):
    year = today.year
    cities = list(Region.objects.cities().order_by("code"))
    for city in cities:
        GoldMedalQuota.objects.get_or_create(year=year, city=city, defaults={"quota": 48})
    for code in ("4201", "4205"):
        city = Region.objects.get(code=code)
        candidates = Coordinator.objects.on_duty().inside(city.path).order_by("pk")[:5]
        for c in candidates:
            GoldMedal.objects.get_or_create(year=year, coordinator=c, defaults={
                "level": GoldMedal.Level.CITY, "nominated_by": city,
                "citation": "扎根基层，年均参与调处劳动争议二十余起"})
    # last year's list, already published (the public page shows it)
    published = timezone.now() - datetime.timedelta(days=200)
    for index, c in enumerate(Coordinator.objects.on_duty().filter(
            region__path__regex=r"^42/(4201/420102|4205/420502)/").order_by("pk")[5:11], start=1):
        city = Region.objects.get(code=c.region.path.split("/")[1])
        GoldMedal.objects.get_or_create(year=year - 1, coordinator=c, defaults={
            "level": GoldMedal.Level.CITY, "nominated_by": city, "citation": "年度调处劳动争议成效突出",
            "status": GoldMedal.State.PUBLISHED, "published_at": published, "certificate_no": f"鄂金协{year - 1}第{index:04d}号"})
