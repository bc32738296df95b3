"""The world the cross-area sweep test walks (tests/test_scoping_sweep.py).

Every app may ship `apps/<app>/testing.py` with `build_sweep_world(world)`: it creates, inside county A
(武汉市江岸区), one object of each model its URLs take by key, whose pages carry SWEEP_MARK; and it names
URL parameters other than primary keys (`world.url_kwargs`) and pages meant for the public
(`world.public_urls`). A user of another county, holding every role, must then get 403/404 for every
object URL and never see SWEEP_MARK anywhere.
"""

SWEEP_MARK = "甲区专属"


class SweepWorld:
    def __init__(self, make_staff):
        from apps.regions.models import Region

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


def build_sweep_world(world):
    from django.core.files.base import ContentFile

    from .models import BackgroundJob

    job = BackgroundJob(owner=world.user_a, kind="export", title=f"{SWEEP_MARK}导出任务",
                        status=BackgroundJob.Status.DONE)
    job.result_file.save("sweep.xlsx", ContentFile(b"sweep"), save=True)
    world.add(job)
