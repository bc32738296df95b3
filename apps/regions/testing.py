from apps.core.testing import SWEEP_MARK


def build_sweep_world(world):
    from .models import Park

    world.add(Park.objects.create(name=f"{SWEEP_MARK}工业园", level=Park.Level.PROVINCIAL, region=world.region_a))
