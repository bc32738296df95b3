"""Cases of the risk app for the contract tests: the URL sweep, the workflow contract, the figures contract
and the export contract (tests/contracts/)."""

import datetime

from apps.core.testing import SWEEP_MARK
from apps.core.workflow import WorkflowCase


def build_sweep_world(world):
    from apps.enterprises.models import Enterprise

    from .models import RiskReport

    enterprise = Enterprise.objects.filter(region__path__startswith=world.region_a.path).first()
    if enterprise is None:
        enterprise = Enterprise.objects.create(name=f"{SWEEP_MARK}风险企业", uscc="91420102MA4K0002XH",
                                               region=world.township_a, industry="C")
    world.add(RiskReport.objects.create(
        enterprise=enterprise, region=enterprise.region, category="wage_arrears", people_affected=30, amount=12,
        severity="serious", description=f"{SWEEP_MARK}欠薪", reported_by=world.user_a,
        due_date=datetime.date(2026, 12, 1)))
    # the old /coordinators/risks/… addresses only redirect (the page they lead to is swept under risks:)
    world.url_kwargs["risks_moved:moved_below"] = {"rest": "board/"}


def build_workflow_cases(world):
    """Risk reports of county A in any state for tests/contracts/test_workflow_contract.py."""
    from apps.enterprises.models import Enterprise

    from .models import RiskReport

    enterprise = Enterprise.objects.create(name="流程测试风险企业有限公司", uscc="91420102MA4WF0001X",
                                           region=world.township_a, industry="C")

    def risk(state):
        return RiskReport.objects.create(
            enterprise=enterprise, region=enterprise.region, category="wage_arrears", people_affected=30, amount=12,
            severity="serious", description="流程测试欠薪", reported_by=world.user_a, status=state,
            due_date=datetime.date(2026, 12, 1))

    return {"risks.risk": WorkflowCase(make=risk)}


def figure_examples():
    """Rows that move each figure of this app (tests/contracts/test_figures_contract.py)."""
    from .models import RiskReport

    def risk(severity):
        def example(w):
            from apps.accounts.models import User

            reporter = User.objects.create_user(username=f"risk-reporter-{severity}", password="x-Test@2026")
            RiskReport.objects.create(enterprise=w.enterprise(), region=w.township, category="wage_arrears",
                                      people_affected=10, severity=severity, description="欠薪",
                                      reported_by=reporter, due_date=w.date(12, 1))
            return 1
        return example

    return {
        "risks.open_risks": risk(RiskReport.Severity.GENERAL),
        "risks.open_risks_major": risk(RiskReport.Severity.MAJOR),
        "risks.open_risks_serious": risk(RiskReport.Severity.SERIOUS),
        "risks.open_risks_general": risk(RiskReport.Severity.GENERAL),
    }


def build_export_cases(world):
    """The risk export: county A's reports, never county B's."""
    from apps.core.testing import ExportCase
    from apps.enterprises.models import Enterprise
    from apps.regions.models import Region

    from .models import RiskReport

    firms = []
    for name, code, township in (("江岸导出风险有限公司", "91420102MA4K0RSK1A", "420102002"),
                                 ("西陵导出风险有限公司", "91420502MA4K0RSK2B", "420502001")):
        firm = Enterprise.objects.create(name=name, uscc=code, region=Region.objects.get(code=township), industry="C")
        RiskReport.objects.create(enterprise=firm, region=firm.region, category="wage_arrears", people_affected=12,
                                  amount=30, severity="serious", description=f"{name}欠薪", reported_by=world.user_a,
                                  due_date=datetime.date(2026, 12, 20))
        firms.append(firm)
    return {"risks.reports": ExportCase(visible=[firms[0].name], hidden=[firms[1].name])}
