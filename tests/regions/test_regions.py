import pytest

from apps.regions.models import Region

pytestmark = pytest.mark.django_db


def test_tree_has_every_hubei_unit():
    counts = {level: Region.objects.filter(level=level).count() for level in Region.Level.values}
    assert counts == {"province": 1, "city": 17, "county": 101, "township": 1475}


@pytest.mark.parametrize("code,full_name,level,parent", [
    ("42", "湖北省", "province", None),
    ("4201", "武汉市", "city", "42"),
    ("420102", "武汉市江岸区", "county", "4201"),
    ("420102002", "武汉市江岸区大智街道", "township", "420102"),
    ("4228", "恩施土家族苗族自治州", "city", "42"),
    ("422801", "恩施土家族苗族自治州恩施市", "county", "4228"),
    ("429004", "仙桃市", "city", "42"),
    ("429005", "潜江市", "city", "42"),
    ("429006", "天门市", "city", "42"),
    ("429021", "神农架林区", "city", "42"),
    ("420502", "宜昌市西陵区", "county", "4205"),
    ("4213", "随州市", "city", "42"),
])
def test_known_codes(code, full_name, level, parent):
    region = Region.objects.select_related("parent").get(code=code)
    assert (region.full_name, region.level) == (full_name, level)
    assert (region.parent.code if region.parent else None) == parent


def test_directly_governed_units_hold_their_townships():
    xiantao = Region.objects.get(code="429004")
    townships = Region.objects.filter(parent=xiantao)
    assert townships.exists()
    assert set(townships.values_list("level", flat=True)) == {"township"}
    assert not Region.objects.filter(code="4290").exists()


def test_inside_is_a_prefix_of_the_path():
    wuhan = Region.objects.get(code="4201")
    inside = Region.objects.inside(wuhan.path)
    assert inside.filter(code="420102002").exists()
    assert not inside.filter(code="4202").exists()
    assert inside.count() == 1 + Region.objects.filter(path__startswith="42/4201/").exclude(code="4201").count()
    assert all(r.path.startswith("42/4201/") for r in inside)
