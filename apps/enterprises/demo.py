"""Demo enterprises with their creation ledgers in 江岸区 (武汉市) and 西陵区 (宜昌市), two enterprise
accounts, and contact assignments, so that a newcomer sees the ledger working at once."""

import random
from datetime import date

from django.contrib.auth.hashers import make_password
from stdnum.cn import uscc as uscc_number

from apps.accounts.demo import DEMO_PASSWORD
from apps.accounts.models import MemberUnit, Office, User
from apps.regions.models import Park, Region

from .models import ContactAssignment, ContactVisit, CreationRecord, Enterprise, Ownership

COUNTIES = {"420102": 180, "420502": 120}
ENTERPRISE_ACCOUNTS = {"420102": "ent-420102-demo", "420502": "ent-420502-demo"}
WORDS = ["长江", "汉口", "江城", "楚天", "荆楚", "黄鹤", "三峡", "夷陵", "西陵", "鄂西", "光谷", "汉水", "晴川", "东湖"]
TRADES = [("C", "机械制造"), ("C", "食品加工"), ("C", "电子科技"), ("F", "商贸"), ("G", "物流"), ("H", "餐饮管理"),
          ("I", "软件技术"), ("E", "建设工程"), ("L", "商务服务"), ("K", "物业服务"), ("M", "检测技术"), ("Q", "医疗服务")]
YEARS = (2023, 2024, 2025, 2026)
# 示范 comes only from a province naming (apps.honours), never from a ledger entry
STATUSES = [s for s in CreationRecord.Status.values if s != CreationRecord.Status.DEMONSTRATION]


def demo_uscc(county_code, number):
    body = f"91{county_code}MA{number:07d}"
    return body + uscc_number.calc_check_digit(body)


def load_demo(stdout):
    rng = random.Random(2026)
    if Enterprise.objects.filter(uscc=demo_uscc("420102", 1)).exists():
        stdout.write("  企业演示数据已存在，跳过")
        return
    total = 0
    for county_code, count in COUNTIES.items():
        county = Region.objects.get(code=county_code)
        townships = list(county.children.order_by("code"))
        parks = list(Park.objects.filter(region=county).values_list("pk", flat=True))
        made = []
        for i in range(1, count + 1):
            word, (industry, trade) = rng.choice(WORDS), TRADES[i % len(TRADES)]
            township = townships[i % len(townships)]
            enterprise = Enterprise(
                name=f"{county.name[:2]}{word}{trade}有限公司{i}号" if i > 60 else f"{word}{trade}有限公司（{county.name}{i}）",
                uscc=demo_uscc(county_code, i), region=township,
                park_id=parks[i % len(parks)] if parks and i % 4 == 0 else None,
                industry=industry, ownership=rng.choice(Ownership.values),
                employee_count=int(rng.lognormvariate(4, 1.1)), has_union=rng.random() < 0.75,
                has_collective_contract=rng.random() < 0.55, contact_person=rng.choice(["张伟", "王芳", "李娜", "刘洋"]),
                contact_phone=f"139{rng.randrange(10**8):08d}")
            enterprise._change_reason = "演示数据"
            enterprise.save()
            made.append(enterprise)
            level = rng.randrange(len(STATUSES))
            for offset, year in enumerate(YEARS):
                status = STATUSES[min(level, max(0, level - (len(YEARS) - 1 - offset)))]
                record = CreationRecord(subject=enterprise.subject, year=year, status=status,
                                        started_on=date(year, 3, 15) if status != "not_started" else None,
                                        notes="" if status == "not_started" else f"{year}年按计划推进")
                record._change_reason = "演示数据"
                record.save()
        total += len(made)
        _contacts(county, made, rng)
        _account(county_code, made[0])
    stdout.write(f"  演示企业 {total} 家（江岸区、西陵区），企业账号 " + "、".join(ENTERPRISE_ACCOUNTS.values())
                 + f"（密码 {DEMO_PASSWORD}）")


def _contacts(county, enterprises, rng):
    """Three of the county's four member units name contact units for 2026; the fourth is left for the
    compliance view to show."""
    for unit, enterprise in zip([MemberUnit.HRSS, MemberUnit.UNION, MemberUnit.FIC], enterprises[1:4], strict=True):
        office, _ = Office.objects.get_or_create(region=county, member_unit=unit)
        assignment = ContactAssignment.objects.create(
            office=office, subject=enterprise.subject, year=2026, contact_person="王科长",
            notes="指导建立职代会制度，推动签订工资专项集体合同")
        ContactVisit.objects.create(assignment=assignment, visited_on=date(2026, 4, 20),
                                    content="上门指导企业完善劳动合同台账，讲解创建标准。")


def _account(county_code, enterprise):
    username = ENTERPRISE_ACCOUNTS[county_code]
    User.objects.get_or_create(username=username, defaults={
        "password": make_password(DEMO_PASSWORD), "kind": User.Kind.ENTERPRISE, "enterprise": enterprise,
        "full_name": f"{enterprise.name}联系人", "email": f"{username}@demo.invalid"})
