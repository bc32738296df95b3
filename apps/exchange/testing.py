import datetime

from apps.core.testing import SWEEP_MARK


def build_sweep_world(world):
    from apps.accounts.models import MemberUnit, Office
    from apps.enterprises.models import Enterprise

    from .models import ApiCall, EnterpriseSignal, Platform
    from .services import issue_token

    office, _ = Office.objects.get_or_create(region=world.region_a, member_unit=MemberUnit.HRSS)
    platform = world.add(Platform.objects.create(name=f"{SWEEP_MARK}电子合同平台", kind="e_contract", office=office))
    token, secret = issue_token(office=office, name=f"{SWEEP_MARK}令牌", platform=platform, created_by=world.user_a,
                                can_post_signals=True)
    world.add(token)
    world.api_secret_a = secret  # the API sweep (tests/exchange/test_api.py) reads county A with it
    world.add(ApiCall.objects.create(token=token, method="GET", path=f"/api/v1/enterprises?q={SWEEP_MARK}",
                                     operation="enterprises", status=200, rows=1))
    enterprise = Enterprise.objects.filter(region_path__startswith=world.region_a.path).first()
    if enterprise is None:
        enterprise = Enterprise.objects.create(name=f"{SWEEP_MARK}信号企业", uscc="91420102MA4K0003X1",
                                               region=world.township_a, industry="C")
    world.add(EnterpriseSignal.objects.create(enterprise=enterprise, date=datetime.date(2026, 5, 1), disputes=1,
                                              source=token))
    world.public_urls.add("exchange:api_docs")


def build_import_cases(world):
    """The signal batches (JSON rows through apply_rows), for the data contract (tests/contracts/test_data_contracts.py)."""
    from stdnum.cn import uscc

    from apps.core.testing import ImportCase
    from apps.enterprises.models import Enterprise
    from apps.regions.models import Region

    from .models import EnterpriseSignal

    def firm(name, county, township, n):
        body = f"91{county}MA4T{n:05d}"
        return Enterprise.objects.create(name=name, uscc=body + uscc.calc_check_digit(body), industry="C",
                                         region=Region.objects.get(code=township))

    ours = [firm(f"江岸信号{n}有限公司", "420102", "420102002", n) for n in (1, 2)]
    theirs = firm("西陵信号有限公司", "420502", "420502001", 3)

    def row(enterprise, **overrides):
        return {"统一社会信用代码": enterprise.uscc, "日期": "2026-11-02", "劳动合同签订数": 40, "劳动争议案件数": 0,
                "仲裁案件数": 0, "社保欠缴": "否", **overrides}

    return {"exchange.signals": ImportCase(
        rows=[row(e) for e in ours], bad=row(ours[0], 日期="2026-11-03", 劳动争议案件数=-2), foreign=row(theirs),
        written=lambda: EnterpriseSignal.objects.filter(enterprise__name__contains="信号"), key="统一社会信用代码")}
