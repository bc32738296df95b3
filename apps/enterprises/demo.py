"""Demo enterprises with their creation ledgers in 江岸区 (武汉市) and 西陵区 (宜昌市), two enterprise
accounts, and contact assignments, so that a newcomer sees the ledger working at once."""

import random
from datetime import date

from django.contrib.auth.hashers import make_password

from apps.accounts.demo import DEMO_PASSWORD
from apps.accounts.models import MemberUnit, Office, User
from apps.core import demo_words
from apps.parks.models import Park
from apps.regions.models import Region

from .models import ContactAssignment, ContactVisit, CreationRecord, Enterprise, Ownership

COUNTIES = {"420102": 180, "420502": 120}
CITY_PREFIX = {"420102": "武汉", "420502": "宜昌"}
ENTERPRISE_ACCOUNTS = {"420102": "ent-420102-demo", "420502": "ent-420502-demo"}
YEARS = (2023, 2024, 2025, 2026)
# a demo year progresses through these: 未达标 comes only from a concluded assessment, 示范 only from a
# province naming (apps.honours), never from a ledger entry
STATUSES = [s for s in CreationRecord.Status.values
            if s not in (CreationRecord.Status.NOT_PASSED, CreationRecord.Status.DEMONSTRATION)]
SIZES = [(20, 80), (80, 300), (300, 1000), (1000, 3000)]


def load_demo(stdout):
    rng = random.Random(2026)
    if User.objects.filter(username__in=ENTERPRISE_ACCOUNTS.values()).exists():
        stdout.write("  企业演示数据已存在，跳过")
        return
    total = 0
    codes = set(Enterprise.objects.values_list("uscc", flat=True))
    names = set(Enterprise.objects.values_list("name", flat=True))
    for county_code, count in COUNTIES.items():
        county = Region.objects.get(code=county_code)
        townships = list(county.children.order_by("code"))
        # a park is offered only to enterprises of the townships it lies in
        parks = {}
        for park in Park.objects.filter(region=county).prefetch_related("townships"):
            for township in park.townships.all() or townships:
                parks.setdefault(township.pk, []).append(park.pk)
        made = []
        for i, (name, industry) in enumerate(demo_words.enterprise_names(rng, CITY_PREFIX[county_code], count,
                                                                          names), start=1):
            names.add(name)
            township = townships[i % len(townships)]
            level = rng.randrange(len(STATUSES))
            statuses = [STATUSES[min(level, max(0, level - (len(YEARS) - 1 - offset)))] for offset in range(len(YEARS))]
            demonstration = CreationRecord.Status.DEMONSTRATION in statuses
            low, high = rng.choice(SIZES)
            local_parks = parks.get(township.pk, [])
            enterprise = Enterprise(
                name=name, uscc=demo_words.credit_code(rng, county_code, codes), region=township,
                park_id=rng.choice(local_parks) if local_parks and rng.random() < 0.3 else None,
                industry=industry, ownership=rng.choice(Ownership.values),
                employee_count=rng.randint(low, high),
                # a 示范 enterprise has its union and collective contract (both are veto items)
                has_union=demonstration or rng.random() < 0.75,
                has_collective_contract=demonstration or rng.random() < 0.55,
                contact_person=demo_words.person_name(rng, rng.random() < 0.5),
                contact_phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}")
            enterprise._change_reason = "演示数据"
            enterprise.save()
            made.append(enterprise)
            for year, status in zip(YEARS, statuses, strict=True):
                record = CreationRecord(subject=enterprise.subject, year=year, status=status,
                                        started_on=date(year, rng.randint(2, 5), rng.randint(1, 28))
                                        if status != "not_started" else None,
                                        notes="" if status == "not_started" else rng.choice(NOTES[status]))
                record._change_reason = "演示数据"
                record.save()
        total += len(made)
        _contacts(county, made, rng)
        _account(county_code, next((e for e in made[:10] if not _is_demonstration(e)), made[0]))
    stdout.write(f"  演示企业 {total} 家（江岸区、西陵区），企业账号 " + "、".join(ENTERPRISE_ACCOUNTS.values())
                 + f"（密码 {DEMO_PASSWORD}）")


NOTES = {
    "creating": ["已制定创建工作方案，成立创建工作小组", "完成劳动合同签订情况自查", "召开创建动员会，职工代表参会",
                 "正在完善工资集体协商制度"],
    "self_assessing": ["已对照评价指标开展自评", "自评材料整理中，拟于月底提交", "职工满意度测评已组织"],
    "qualified": ["经县级审核达标", "自评及县级复核均达标", "达标，建议继续巩固集体协商成果"],
    "demonstration": ["被评为创建示范企业", "命名为和谐劳动关系创建示范企业", "示范企业，发挥带动作用"],
}


def _is_demonstration(enterprise):
    return enterprise.subject.creation_records.filter(status=CreationRecord.Status.DEMONSTRATION).exists()


def _contacts(county, enterprises, rng):
    """Three of the county's four member units name contact units for 2026; the fourth is left for the
    compliance view to show."""
    for unit, enterprise in zip([MemberUnit.HRSS, MemberUnit.UNION, MemberUnit.FIC], enterprises[1:4], strict=True):
        office, _ = Office.objects.get_or_create(region=county, member_unit=unit)
        assignment = ContactAssignment.objects.create(
            office=office, subject=enterprise.subject, year=2026,
            contact_person=demo_words.person_name(rng, rng.random() < 0.5),
            notes="指导建立职代会制度，推动签订工资专项集体合同")
        ContactVisit.objects.create(assignment=assignment, visited_on=date(2026, 4, 20),
                                    content="上门指导企业完善劳动合同台账，讲解创建标准。")


def _account(county_code, enterprise):
    username = ENTERPRISE_ACCOUNTS[county_code]
    User.objects.get_or_create(username=username, defaults={
        "password": make_password(DEMO_PASSWORD), "kind": User.Kind.ENTERPRISE, "enterprise": enterprise,
        "full_name": f"{enterprise.name}联系人", "email": f"{username}@demo.invalid"})
