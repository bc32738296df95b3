"""Demo stations in 江岸区 and 西陵区: some accepted, some model stations, and gaps for the coverage view."""

import datetime

from apps.parks.models import Park
from apps.regions.models import Region

from .models import Station

ALL_SIX = dict.fromkeys(["has_platform", "has_team", "has_rules", "has_funding", "has_standards", "has_results"],
                        True)
HOURS = "周一至周五 9:00-12:00，14:00-17:30"

STATIONS = [
    dict(name="大智街道劳动关系公共服务站", kind="street", region="420102002", address="武汉市江岸区大智路 58 号",
         phone="027-82761234", services=["policy", "contract", "bargaining", "mediation", "training"], staff_count=4,
         staff_names="王敏、刘洋、陈静、张磊", coordinator_count=2, coordinator_names="李娜、周强",
         established_on=datetime.date(2023, 5, 18), acceptance_result="passed",
         acceptance_date=datetime.date(2023, 11, 20), acceptance_evaluator="江岸区协调劳动关系三方委员会办公室",
         model_status="provincial", **ALL_SIX),
    dict(name="二七滨江商务区园区劳动关系服务站", kind="park", region="420102010", park="二七滨江商务区",
         address="武汉市江岸区中山大道 1505 号滨江苑 2 楼", phone="027-82765678",
         services=["policy", "contract", "checkup", "mediation", "jobs"], staff_count=3, coordinator_count=3,
         coordinator_names="黄丽、吴斌、郑芳", established_on=datetime.date(2023, 9, 1), acceptance_result="passed",
         acceptance_date=datetime.date(2024, 6, 12), acceptance_evaluator="武汉市人社局劳动关系处",
         has_platform=True, has_team=True, has_rules=True, has_funding=True, has_standards=True),
    dict(name="车站街道劳动关系公共服务站", kind="street", region="420102004", address="武汉市江岸区车站路 22 号",
         services=["policy", "mediation"], staff_count=1, coordinator_count=0,
         established_on=datetime.date(2024, 3, 5), acceptance_result="failed",
         acceptance_date=datetime.date(2024, 12, 3), acceptance_evaluator="江岸区人社局",
         acceptance_notes="场所不固定，缺少服务台账，限期整改。", has_platform=False, has_team=True),
    dict(name="百步亭社区劳动关系服务点", kind="community", region="420102400", address="武汉市江岸区百步亭花园路 18 号",
         services=["policy", "jobs", "training"], staff_count=2, coordinator_count=1, coordinator_names="孙悦",
         established_on=datetime.date(2025, 4, 10), has_platform=True, has_team=True, has_rules=True),
    dict(name="西陵街道劳动关系公共服务站", kind="street", region="420502001", address="宜昌市西陵区解放路 36 号",
         phone="0717-6221234", services=["policy", "contract", "bargaining", "democratic", "mediation", "training"],
         staff_count=5, coordinator_count=3, coordinator_names="杨帆、许婷、马超",
         established_on=datetime.date(2023, 4, 20), acceptance_result="passed",
         acceptance_date=datetime.date(2023, 10, 16), acceptance_evaluator="宜昌市协调劳动关系三方委员会办公室",
         model_status="national_nominee", **ALL_SIX),
    dict(name="宜昌西陵经济开发区劳动关系服务站", kind="park", region="420502002", park="宜昌西陵经济开发区",
         address="宜昌市西陵区发展大道 57 号", services=["policy", "contract", "checkup", "mediation"],
         staff_count=2, coordinator_count=2, coordinator_names="胡军、林静", established_on=datetime.date(2025, 8, 1),
         opening_hours="周一至周六 8:30-17:30", has_platform=True, has_team=True, has_rules=True, has_funding=True),
]


def load_demo(stdout):
    created = 0
    for data in STATIONS:
        data = dict(data)
        region = Region.objects.get(code=data.pop("region"))
        park_name = data.pop("park", None)
        park = Park.objects.filter(name=park_name).first() if park_name else None
        data.setdefault("opening_hours", HOURS)
        _, is_new = Station.objects.get_or_create(region=region, name=data.pop("name"),
                                                  defaults={**data, "park": park})
        created += is_new
    stdout.write(f"  服务站点 {created} 个（江岸区 4 个、西陵区 2 个；一元街道和三个园区尚无站点）")
