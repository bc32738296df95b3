"""Demo data exchange in 江岸区 (420102): a registered e-contract platform with a fixed, documented token,
and a week of its signals for ten enterprises, one of which crossed the dispute threshold and opened a risk."""

import datetime

from django.utils import timezone

from apps.accounts.models import MemberUnit, Office, User
from apps.core.imports import json_table
from apps.enterprises.models import Enterprise
from apps.regions.models import Region

from .importing import SignalImporter
from .models import ApiToken, Platform, digest_of
from .resources import SignalResource
from .services import issue_token

# Demo mode only (seed_demo refuses otherwise): documented in the README and printed by `make run`.
DEMO_TOKEN = "hbx_demo_420102_econtract_Demo2026"
DEMO_AREA = "420102"


def load_demo(stdout):
    if ApiToken.objects.filter(digest=digest_of(DEMO_TOKEN)).exists():
        stdout.write("  数据交换演示数据已存在，跳过")
        return
    region = Region.objects.get(code=DEMO_AREA)
    office, _ = Office.objects.get_or_create(region=region, member_unit=MemberUnit.HRSS)
    admin = User.objects.filter(office=office, username__endswith="-admin").first()
    platform = Platform.objects.create(name="湖北省电子劳动合同平台（演示）", kind=Platform.Kind.E_CONTRACT,
                                       office=office, contact="省人社厅信息中心 027-00000000",
                                       notes="报送劳动合同签订数；演示用。")
    mediation = Platform.objects.create(name="湖北省劳动争议调解仲裁网络平台（演示）", kind=Platform.Kind.MEDIATION,
                                        office=office)
    token, _ = issue_token(office=office, name="电子劳动合同平台 · 读取与报送", platform=platform, created_by=admin,
                           can_post_signals=True, days=365, secret=DEMO_TOKEN)
    issue_token(office=office, name="调解仲裁平台 · 争议案件报送", platform=mediation, created_by=admin,
                can_read=False, can_post_signals=True, days=90)
    firms = list(Enterprise.objects.inside(region.path).order_by("pk").values_list("uscc", flat=True)[:10])
    today = timezone.localdate()
    rows = [{"uscc": uscc, "date": str(today - datetime.timedelta(days=day)), "contracts_signed": (i * 7 + day) % 15,
             "disputes": 4 if (i, day) == (0, 1) else (i + day) % 2, "insurance_arrears": False}
            for i, uscc in enumerate(firms) for day in range(7)]
    if rows:
        from apps.core.imports import apply_rows

        plan, result = apply_rows(SignalImporter(token.account), json_table(SignalResource, rows))
        if result is None:
            raise RuntimeError(f"demo signals refused: {plan.errors[:3]}")
        stdout.write(f"  数据交换：2 个兄弟平台、2 个令牌、{result['created']} 条信号、{result['risks_opened']} 条自动风险预警")


def demo_hints():
    """Lines `seed_demo --list` (make run) prints after the demo log-ins (when the demo token was loaded)."""
    if not ApiToken.objects.filter(digest=digest_of(DEMO_TOKEN)).exists():
        return []
    return [f"演示接口令牌（{Region.objects.get(code=DEMO_AREA).full_name}，读取与报送）：{DEMO_TOKEN}",
            f"  curl -H 'Authorization: Bearer {DEMO_TOKEN}' http://127.0.0.1:8000/api/v1/enterprises?limit=5",
            "  接口文档：http://127.0.0.1:8000/api/v1/docs/"]
