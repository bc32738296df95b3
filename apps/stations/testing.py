from apps.core.testing import SWEEP_MARK


def build_sweep_world(world):
    from .models import Station

    world.add(Station.objects.create(
        name=f"{SWEEP_MARK}劳动关系服务站", kind=Station.Kind.STREET, region=world.township_a,
        address=f"{SWEEP_MARK}大智路 1 号", services=["policy", "mediation"], opening_hours="周一至周五"))
