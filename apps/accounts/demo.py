"""Demo offices and users: one documented pattern, `<区划代码>-<成员单位>-<角色>`, one password."""

from django.contrib.auth.hashers import make_password

from apps.regions.models import Region

from .models import MemberUnit, Office, User
from .roles import ROLES, role_group

DEMO_PASSWORD = "Demo@2026hb"
# province, 武汉市, 江岸区, 大智街道 (a township of 江岸区), and 宜昌市 / 西陵区 for a second city and county
DEMO_REGIONS = ["42", "4201", "420102", "420102002", "4205", "420502"]
ROLE_TITLES = {"clerk": "录入员", "reviewer": "审核员", "leader": "负责人", "admin": "管理员"}


def demo_username(region_code, unit, role):
    return f"{region_code}-{unit}-{role}"


def load_demo(stdout):
    password = make_password(DEMO_PASSWORD)
    groups = {role: role_group(role) for role in ROLES}
    created = 0
    for region in Region.objects.filter(code__in=DEMO_REGIONS):
        for unit in MemberUnit.values:
            office, _ = Office.objects.get_or_create(region=region, member_unit=unit)
            for role in ROLES:
                user, is_new = User.objects.get_or_create(
                    username=demo_username(region.code, unit, role),
                    defaults={"password": password, "office": office, "kind": User.Kind.STAFF,
                              "full_name": f"{region.name}{office.unit_name}{ROLE_TITLES[role]}",
                              "email": f"{region.code}-{unit}-{role}@demo.invalid"},
                )
                user.groups.add(groups[role])
                created += is_new
    stdout.write(f"  演示用户 {created} 个（密码 {DEMO_PASSWORD}）")


def demo_logins():
    rows = []
    for code in DEMO_REGIONS:
        region = Region.objects.filter(code=code).first()
        if region:
            rows.append((region.full_name, demo_username(code, "hrss", "clerk"), demo_username(code, "hrss", "admin")))
    return rows
