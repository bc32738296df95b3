def build_sweep_world(world):
    """A park of county A, and the township detail pages take a Township key."""
    from apps.core.testing import SWEEP_MARK

    from .models import Park, Township

    world.add(Park.objects.create(name=f"{SWEEP_MARK}工业园", level=Park.Level.PROVINCIAL, region=world.region_a))
    world.add(Township.objects.get(pk=world.township_a.pk))


def figure_examples():
    """Rows that move each figure of this app (tests/contracts/test_figures_contract.py)."""
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


def build_import_cases(world):
    """The park ledger's importer, for the data contract (tests/contracts/test_data_contracts.py)."""
    from apps.core.testing import ImportCase

    from .models import Park

    def row(n, **overrides):
        """Every declared column filled: the data contract round-trips each one."""
        return {"园区名称": f"契约产业园{n}", "园区级别": "市级", "所在区划代码": "420102", "所在区划": "武汉市江岸区",
                "管理机构": "园区管委会", "入驻企业数": 10 + n, "从业职工数": 1000 + n, "联系人": f"联系人{n}",
                "联系电话": f"1380000123{n}", **overrides}

    return {"parks.industrial": ImportCase(
        rows=[row(1), row(2)], bad=row(3, 园区级别="宇宙级"), foreign=row(4, 所在区划代码="420502"),
        written=lambda: Park.objects.filter(name__startswith="契约产业园"), key="园区名称")}


def build_export_cases(world):
    from apps.core.testing import ExportCase
    from apps.regions.models import Region

    from .models import Park

    ours = Park.objects.create(name="江岸导出产业园", level=Park.Level.MUNICIPAL, region=world.region_a)
    theirs = Park.objects.create(name="西陵导出产业园", level=Park.Level.MUNICIPAL, region=Region.objects.get(code="420502"))
    return {"parks.industrial": ExportCase(visible=[ours.name], hidden=[theirs.name])}
