"""The world the cross-area sweep (tests/contracts/test_url_sweep.py), the workflow and the data contracts walk:
county A (武汉市江岸区), its township 大智街道 and a staff user of it; every app's `build_sweep_world(world)`
(apps/<app>/testing.py, see apps/core/testing.py) adds its objects. Test support, not core's: its counties are
region rows, a layer above apps.core."""

from apps.regions.models import Region


class SweepWorld:
    def __init__(self, make_staff):
        self.make_staff = make_staff
        self.region_a = Region.objects.get(code="420102")
        self.township_a = Region.objects.get(code="420102002")
        self.user_a = make_staff("420102", username="sweep-a")
        self.objects = {}
        self.url_kwargs = {}
        self.public_urls = set()

    def add(self, obj, model=None):
        self.objects.setdefault(model or type(obj), obj)
        return obj
