from apps.core.testing import SWEEP_MARK
from apps.core.workflow import WorkflowCase


def build_sweep_world(world):
    from .models import Station

    world.add(Station.objects.create(
        name=f"{SWEEP_MARK}劳动关系服务站", kind=Station.Kind.STREET, region=world.township_a,
        address=f"{SWEEP_MARK}大智路 1 号", services=["policy", "mediation"], opening_hours="周一至周五"))


def figure_examples():
    """Rows that move each figure of this app (tests/test_figures_contract.py)."""
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
    """Stations of county A in each acceptance state (tests/test_workflow_contract.py)."""
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

    return {"stations.acceptance": WorkflowCase(make=station)}
