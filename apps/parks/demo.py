"""Demo parks in 江岸区 and 西陵区, a few ledger enterprises in them, and their creation records."""

import datetime
import random

from stdnum.cn import uscc

from apps.core import demo_words
from apps.enterprises.models import CreationRecord, Enterprise
from apps.regions.models import Region

from .models import Park
from .services import subject_for_park, subject_for_township

PARKS = [
    # (county, name, level, managing body, enterprises, workers)
    ("420102", "二七滨江商务区", Park.Level.PROVINCIAL, "二七滨江商务区管理委员会", 210, 18600),
    ("420102", "江岸区沿江金融产业园", Park.Level.MUNICIPAL, "江岸区沿江金融产业园管理办公室", 86, 5400),
    ("420102", "百步亭科技创新园", Park.Level.OTHER, "百步亭科技创新园运营中心", 35, 1800),
    ("420502", "宜昌西陵经济开发区", Park.Level.PROVINCIAL, "宜昌西陵经济开发区管理委员会", 160, 12500),
    ("420502", "西陵区电子商务产业园", Park.Level.MUNICIPAL, "西陵区电子商务产业园管理办公室", 64, 3200),
]

# where each park lies on the ground (an enterprise of the park sits in one of these townships)
PARK_TOWNSHIPS = {"二七滨江商务区": ["420102010"], "百步亭科技创新园": ["420102017"],
                  "江岸区沿江金融产业园": ["420102002", "420102003"], "宜昌西陵经济开发区": ["420502002"],
                  "西陵区电子商务产业园": ["420502001", "420502003"]}

# (township, park name or "", enterprise name, industry, employees, taking part this year)
ENTERPRISES = [
    ("420102002", "", "武汉大智百货有限公司", "F", 680, True),
    ("420102002", "", "武汉江汉路餐饮管理有限公司", "H", 540, False),
    ("420102003", "", "武汉一元物流有限公司", "G", 1500, True),
    ("420102004", "", "武汉车站机电设备有限公司", "C", 800, False),
    ("420102010", "二七滨江商务区", "武汉滨江数字科技有限公司", "I", 950, True),
    ("420102010", "二七滨江商务区", "武汉二七金融服务有限公司", "J", 420, False),
    ("420102017", "百步亭科技创新园", "武汉百步亭智能制造有限公司", "C", 360, True),
    ("420502001", "", "宜昌西陵商贸集团有限公司", "F", 1100, True),
    ("420502002", "宜昌西陵经济开发区", "宜昌学院路精密机械有限公司", "C", 1300, True),
    ("420502002", "宜昌西陵经济开发区", "宜昌三峡电子材料有限公司", "C", 640, False),
    ("420502003", "", "宜昌云集物业服务有限公司", "O", 300, False),
]


def demo_uscc(region_code, n):
    for c in "0123456789X":
        s17 = f"91{region_code}H5D{n:05d}{c}"
        code = s17 + uscc.calc_check_digit(s17)
        if uscc.is_valid(code):
            return code
    raise ValueError(n)


def load_demo(stdout):
    year = 2026
    parks = {}
    for code, name, level, body, enterprises, workers in PARKS:
        park, _ = Park.objects.get_or_create(
            region=Region.objects.get(code=code), name=name,
            defaults={"level": level, "managing_body": body, "enterprise_count": enterprises, "worker_count": workers})
        parks[name] = park
        if name in PARK_TOWNSHIPS and not park.townships.exists():
            park.townships.set(Region.objects.filter(code__in=PARK_TOWNSHIPS[name]))
    for n, (code, park_name, name, industry, employees, taking_part) in enumerate(ENTERPRISES, start=1):
        region = Region.objects.get(code=code)
        enterprise = Enterprise.objects.filter(name=name).first()
        if enterprise is None:
            enterprise = Enterprise(name=name, uscc=demo_uscc(code[:6], n), region=region,
                                    park=parks.get(park_name), industry=industry, employee_count=employees,
                                    has_union=taking_part,
                                    contact_person=demo_words.person_name(random.Random(n), n % 2 == 0))
            enterprise.save()
        if taking_part:
            CreationRecord.objects.get_or_create(subject=enterprise.subject, year=year,
                                                 defaults={"status": CreationRecord.Status.CREATING})
    statuses = {"二七滨江商务区": [(2024, "creating"), (2025, "qualified"), (2026, "qualified")],
                "宜昌西陵经济开发区": [(2025, "creating"), (2026, "self_assessing")],
                "江岸区沿江金融产业园": [(2026, "creating")]}
    for name, rows in statuses.items():
        subject = subject_for_park(parks[name])
        for y, status in rows:
            CreationRecord.objects.get_or_create(subject=subject, year=y, defaults={
                "status": status, "started_on": datetime.date(y, 3, 1)})
    for code, status in (("420102002", "creating"), ("420502001", "self_assessing")):
        subject = subject_for_township(Region.objects.get(code=code))
        CreationRecord.objects.get_or_create(subject=subject, year=year, defaults={
            "status": status, "started_on": datetime.date(year, 4, 1)})
    stdout.write(f"  工业园区 {len(parks)} 个，园区和乡镇的演示企业 {len(ENTERPRISES)} 家")
