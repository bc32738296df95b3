"""Every registered figure, walked at province, city and county against rows its app's example creates.

Cover by construction: a figure registered without an example in its app's testing.py fails here, the way a
URL without a sweep object fails the scoping sweep.
"""

import importlib

import pytest
from django.apps import apps

from apps.core import figures
from apps.dashboards.testing import FigureWorld


def all_examples():
    examples = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.testing")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "figure_examples"):
            examples.update(module.figure_examples())
    return examples


@pytest.fixture(autouse=True)
def _fresh_cache():
    figures.figures_cache().clear()
    yield
    figures.figures_cache().clear()


def test_every_figure_has_an_example_and_a_known_group():
    examples = all_examples()
    keys = [f.key for f in figures.all_figures()]
    assert len(keys) >= 20
    assert sorted(set(keys) - set(examples)) == [], "figures registered without an example in testing.py"
    assert sorted(set(examples) - set(keys)) == [], "examples for figures that are not registered"
    for figure in figures.all_figures():
        assert figure.label and figure.unit and figure.group in figures.GROUPS, figure.key
        assert (figure.kind == "ratio") == (figure.unit == "%"), figure.key


def _moves(figure_value):
    if figure_value is None:
        return (0, 0)
    if figure_value.figure.is_ratio:
        return (figure_value.numerator, figure_value.denominator)
    return figure_value.value


def _delta(before, after):
    if isinstance(after, tuple):
        return (after[0] - before[0], after[1] - before[1])
    return after - before


def _snapshot(world, key):
    areas = {"province": world.province, "city": world.city, "county": world.county, "other": world.other_county}
    shot = {name: _moves(figures.area_figures(region, world.year, keys=[key])[0]) for name, region in areas.items()}
    # the sub-area rows: the child holding the township (province → city, city → county) and, for the county,
    # the sum of its rows (townships and 本级直属), which must add up to the county's own figure
    rows = figures.sub_area_figures(world.province, world.year, key)
    shot["province/city-row"] = _moves(next(r for r in rows if r.region and r.region.code == world.city.code))
    rows = figures.sub_area_figures(world.city, world.year, key)
    shot["city/county-row"] = _moves(next(r for r in rows if r.region and r.region.code == world.county.code))
    rows = [_moves(r) for r in figures.sub_area_figures(world.county, world.year, key)]
    shot["county/rows"] = (tuple(map(sum, zip(*rows, strict=True))) if rows and isinstance(rows[0], tuple)
                           else sum(rows))
    return shot


@pytest.mark.parametrize("key", [f.key for f in figures.all_figures()])
def test_figure_moves_with_the_rows_its_example_creates(db, key):
    example = all_examples()[key]
    world = FigureWorld()
    before = _snapshot(world, key)  # computed, and cached: the example's saves must start a new version
    expected = example(world)
    after = _snapshot(world, key)
    zero = (0, 0) if isinstance(expected, tuple) else 0
    moved = {name: _delta(before[name], after[name]) for name in before}
    assert moved == {"province": expected, "city": expected, "county": expected, "other": zero,
                     "province/city-row": expected, "city/county-row": expected, "county/rows": expected}


@pytest.mark.parametrize("key", [f.key for f in figures.all_figures()])
def test_series_has_one_value_per_campaign_year(db, key):
    world = FigureWorld()
    series = figures.figure_series(world.county, key)
    assert [v.year for v in series] == figures.CAMPAIGN_YEARS


def test_unknown_figure_is_none_not_an_error(db):
    world = FigureWorld()
    assert figures.get_figure("nonsense") is None
    assert figures.sub_area_figures(world.province, 2026, "nonsense") == []
    assert figures.figure_series(world.province, "nonsense") == []



@pytest.mark.parametrize("key", [f.key for f in figures.all_figures()])
def test_the_warm_up_asks_each_source_once_and_folds_every_city_as_the_city_counts_itself(db, key):
    """The warm-up groups each source's rows of the province by region path in one statement and folds the
    cities from it (issue 23: 17 statements each reading the whole ledger cost four times the province's). The
    fold must equal what each city counts on its own, for the sources of every registered figure, with rows of
    its example in one city and of the ledger in another."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.core.aggregation import per_child
    from apps.regions.models import Region

    here, there = FigureWorld(), FigureWorld()
    there.township = Region.objects.get(code="420502001")
    there.county, there.city = there.township.parent, there.township.parent.parent
    all_examples()[key](here)
    there.record(there.enterprise(region=there.township).subject, status="qualified")
    there.coordinator()
    areas = [here.province, here.city, there.city]
    versions = figures.current_version()
    with CaptureQueriesContext(connection) as queries:
        computed = figures.warm(areas, versions=versions)
    sources = figures.all_sources()
    pairs = sum(len(figures.CAMPAIGN_YEARS) if source.yearly else 1 for source in sources)
    assert computed == pairs * len(areas)
    statements = sum((len(figures.CAMPAIGN_YEARS) if source.yearly else 1) * (1 if source.folds else len(areas))
                     for source in sources)
    assert len([q for q in queries.captured_queries if "GROUP BY" in q["sql"]]) <= statements  # not one per area
    assert statements < pairs * 1.2  # a source that does not fold is the exception

    cache = figures.figures_cache()
    counted = set()  # (source, city) with something to count: the comparison is not one of zeros
    for source in figures.get_figure(key).sources().values():
        for year in figures.CAMPAIGN_YEARS if source.yearly else figures.CAMPAIGN_YEARS[:1]:
            for region in areas:
                folded = cache.get(figures._cache_key(source, region, year, versions))
                direct = per_child(*figures._rows(source, region, year), region.path, source.counts)
                assert folded == direct, (source.key, year, region.code)
                if region.level == "city" and any(any(counts.values()) for counts in direct.values()):
                    counted.add((source.key, region.code))
    assert here.city.code in {code for _key, code in counted}
