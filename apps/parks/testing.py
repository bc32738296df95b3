def build_sweep_world(world):
    """Parks come from apps/regions/testing.py; the township detail pages take a Township key."""
    from .models import Township

    world.add(Township.objects.get(pk=world.township_a.pk))
