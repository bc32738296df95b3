def build_sweep_world(world):
    """Parks come from apps/regions/testing.py; the township detail pages take a Township key."""
    from .models import Township

    world.add(Township.objects.get(pk=world.township_a.pk))


def figure_examples():
    """Rows that move each figure of this app (tests/test_figures_contract.py)."""
    from .services import subject_for_park, subject_for_township

    def park(status):
        def example(w):
            w.record(subject_for_park(w.park()), status=status)
            return (1, 1)
        return example

    def township(w):
        w.record(subject_for_township(w.township))
        return (1, 0)  # the township was counted already: it now takes part

    def township_qualified(w):
        w.record(subject_for_township(w.township), status="demonstration")
        return (1, 1)

    return {
        "parks.participating": park("creating"),
        "parks.qualified": park("qualified"),
        "parks.townships_participating": township,
        "parks.townships_qualified": township_qualified,
    }
