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
    world.api_secret_a = secret  # the API sweep (tests/test_exchange_api.py) reads county A with it
    world.add(ApiCall.objects.create(token=token, method="GET", path=f"/api/v1/enterprises?q={SWEEP_MARK}",
                                     operation="enterprises", status=200, rows=1))
    enterprise = Enterprise.objects.filter(region_path__startswith=world.region_a.path).first()
    if enterprise is None:
        enterprise = Enterprise.objects.create(name=f"{SWEEP_MARK}信号企业", uscc="91420102MA4K0003X1",
                                               region=world.township_a, industry="C")
    world.add(EnterpriseSignal.objects.create(enterprise=enterprise, date=datetime.date(2026, 5, 1), disputes=1,
                                              source=token))
    world.public_urls.add("exchange:api_docs")
