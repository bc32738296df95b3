from apps.core.testing import SWEEP_MARK
from apps.core.workflow import WorkflowCase


def build_sweep_world(world):
    from .models import Station

    world.add(Station.objects.create(
        name=f"{SWEEP_MARK}劳动关系服务站", kind=Station.Kind.STREET, region=world.township_a,
        address=f"{SWEEP_MARK}大智路 1 号", services=["policy", "mediation"], opening_hours="周一至周五"))


def figure_examples():
    """Rows that move each figure of this app (tests/contracts/test_figures_contract.py)."""
    from .models import Station

    def station(w, **fields):
        fields = {"kind": Station.Kind.STREET, **fields}
        return Station.objects.create(name="指标测试站点", region=w.township, address="大智路 2 号",
                                      services=["policy"], **fields)

    def coverage(w):
        park = w.park()  # a park to cover (+1 unit) and a station serving it (+1 covered)
        station(w, kind=Station.Kind.PARK, park=park)
        return (1, 1)

    return {
        "stations.built": lambda w: station(w, established_on=w.date()) and 1,
        "stations.accepted": lambda w: station(w, established_on=w.date(), acceptance_result="passed") and 1,
        "stations.coverage": coverage,
    }


def build_workflow_cases(world):
    """Stations of county A in each acceptance state (tests/contracts/test_workflow_contract.py)."""
    import datetime
    import itertools

    from .models import Station

    counter = itertools.count(1)

    def station(state):
        inspected = {} if state == Station.Acceptance.PENDING else {
            "acceptance_date": datetime.date(2026, 6, 1), "acceptance_evaluator": "江岸区三方办"}
        return Station.objects.create(name=f"流程测试{next(counter)}号服务站", kind=Station.Kind.STREET,
                                      region=world.township_a, address="大智路 3 号", services=["policy"],
                                      acceptance_result=state, **inspected)

    def inspected(station, user):
        return {"acceptance_date": datetime.date(2026, 6, 1), "acceptance_evaluator": "江岸区三方办"}

    return {"stations.acceptance": WorkflowCase(make=station, ready={
        "pass": inspected, "fail": inspected, "revoke": inspected})}


def build_import_cases(world):
    """The station ledger's importer, for the data contract (tests/contracts/test_data_contracts.py)."""
    from apps.core.testing import ImportCase
    from apps.parks.models import Park

    from .models import Station

    park = Park.objects.create(name="契约服务园", level=Park.Level.MUNICIPAL, region=world.region_a)

    def row(n, **overrides):
        """Every declared column filled (the data contract round-trips each one); acceptance is a workflow step,
        so a new station's acceptance columns can only be 未验收 and blank."""
        return {"站点名称": f"契约服务站{n}", "站点类型": "街道", "所在区划代码": "420102002", "所在区划": "武汉市江岸区大智街道",
                "地址": f"中山大道{n}号", "咨询电话": f"027-8888000{n}", "开放时间": "周一至周五 9:00-17:00",
                "服务内容": "政策咨询、劳动争议调解", "工作人员数": 2, "工作人员": "张三、李四", "驻站协调员数": 1,
                "驻站协调员": "王五", "建站日期": "2024-05-01", "有平台": "是", "有队伍": "否", "有制度": "是",
                "有保障": "否", "有标准": "是", "有成效": "否", "验收结果": "未验收", **overrides}

    return {"stations.ledger": ImportCase(
        rows=[row(1), row(2, 站点类型="园区", 服务园区=park.name)], bad=row(3, 建站日期="去年"), foreign=row(4, 所在区划代码="420502001"),
        written=lambda: Station.objects.filter(name__startswith="契约服务站"), key="站点名称")}


def build_export_cases(world):
    from apps.core.testing import ExportCase
    from apps.regions.models import Region

    from .models import Station

    ours = Station.objects.create(name="江岸导出服务站", kind="street", region=world.township_a, address="一元路 2 号")
    theirs = Station.objects.create(name="西陵导出服务站", kind="street", region=Region.objects.get(code="420502001"),
                                    address="夷陵大道 1 号")
    return {"stations.ledger": ExportCase(visible=[ours.name], hidden=[theirs.name])}
