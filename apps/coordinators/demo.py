"""Demo coordinators, trainings, skills and gold medals in 江岸区 (420102) and 西陵区 (420502).

Runs after the enterprises demo; enterprises are picked by region path, and links to them are skipped when
there are none. Deterministic (seeded), small, and skipped when already loaded.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from apps.accounts.models import MemberUnit, Office
from apps.core import demo_words
from apps.enterprises.models import Enterprise
from apps.regions.models import Region
from apps.stations.models import Station

from .models import (
    AwardRecommendation,
    Contest,
    Coordinator,
    Education,
    GoldMedal,
    GoldMedalQuota,
    PayBand,
    SkillEvaluation,
    SkillLevel,
    Training,
    TrainingAttendance,
    WorkplaceType,
)

COUNTIES = {"420102": 40, "420502": 30}
TOPICS = ["劳动关系协调员职业技能提升培训", "集体协商实务培训", "劳动争议预防调解实务", "劳动合同管理与风险防范",
          "根治欠薪政策解读", "新就业形态劳动者权益保障"]


def load_demo(stdout):
    if Coordinator.objects.filter(region__path__startswith="42/4201/420102/").exists():
        stdout.write("  协调员演示数据已存在，跳过")
        return
    rng = random.Random(2027)
    today = timezone.localdate()
    people = trainings = 0
    for code, count in COUNTIES.items():
        county = Region.objects.get(code=code)
        townships = list(county.children.order_by("code")) or [county]
        firms = list(Enterprise.objects.inside(county.path).order_by("pk").values_list("pk", "region_id"))
        made = _coordinators(county, townships, firms, count, rng)
        people += len(made)
        trainings += _trainings(county, townships, made, rng, today)
        _skills_and_awards(county, made, rng, today)
    _gold_medals(rng, today)
    _station_residents(rng)
    stdout.write(f"  演示协调员 {people} 人、培训 {trainings} 场（江岸区、西陵区）")


def _coordinators(county, townships, firms, count, rng):
    """Coordinators whose names agree with the gender their 身份证号 carries, working at a real-looking place:
    an enterprise they serve, their township's service station, the county's union or employers' body."""
    made = []
    names = dict(Enterprise.objects.filter(pk__in=[pk for pk, _r in firms]).values_list("pk", "name"))
    city = county.parent.name if county.parent_id else ""
    workplace_names = {
        WorkplaceType.PLATFORM: "{township}劳动关系公共服务站", WorkplaceType.UNION: "{county}总工会",
        WorkplaceType.EMPLOYER_ORG: "{county}企业联合会", WorkplaceType.SOCIAL: "{city}和谐劳动关系咨询服务中心"}
    for i in range(1, count + 1):
        township = townships[i % len(townships)]
        kind = rng.choices(WorkplaceType.values, weights=[50, 25, 12, 6, 7])[0]
        level = rng.choices(SkillLevel.values, weights=[25, 40, 22, 10, 3])[0]
        birth = datetime.date(1968, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 33))
        number = demo_words.id_number(rng, county.code, birth, rng.randrange(1000))
        local = [pk for pk, region_id in firms if region_id == township.pk] or [pk for pk, _r in firms]
        served = rng.sample(local, min(len(local), rng.randint(1, 4))) if local else []
        if kind == WorkplaceType.ENTERPRISE and served:
            workplace = names[served[0]]
        else:
            kind = WorkplaceType.PLATFORM if kind == WorkplaceType.ENTERPRISE else kind
            workplace = workplace_names[kind].format(township=township.full_name, county=county.full_name, city=city)
        c = Coordinator(
            name=demo_words.person_name(rng, demo_words.is_male(number)),
            phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
            education=rng.choices(Education.values, weights=[5, 20, 35, 35, 5])[0], workplace_type=kind,
            workplace_name=workplace, region=township, skill_level=level,
            certificate_no=f"S{county.code}{2020 + i % 6}{i:05d}" if level else "",
            pay_band=rng.choice(PayBand.values), status="off_duty" if i % 13 == 0 else "on_duty",
            on_public_list=i % 9 != 0,
            # most were confirmed by the county reviewer; the newest few wait for it (the reviewer's queue)
            confirmation="pending" if i > count - 3 else "confirmed")
        c.set_id_number(number)
        c._change_reason = "演示数据"
        c.save()
        if served:
            c.enterprises.set(served)
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


def _station_residents(rng):
    """Each demo station's 驻站协调员 are coordinators of its township (or county) from the ledger."""
    for station in Station.objects.filter(coordinators=None).select_related("region"):
        local = list(Coordinator.objects.on_duty().filter(region=station.region).order_by("pk")[:6]) or list(
            Coordinator.objects.on_duty().inside("/".join(station.region.path.split("/")[:3]) + "/")
            .order_by("pk")[:6])
        if not local:
            continue
        chosen = rng.sample(local, min(len(local), station.coordinator_count or rng.randint(1, 3)))
        station.coordinators.set(chosen)
        Station.objects.filter(pk=station.pk).update(coordinator_names="", coordinator_count=len(chosen))
