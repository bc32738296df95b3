"""The world the cross-area sweep test walks (tests/contracts/test_url_sweep.py).

Every app may ship `apps/<app>/testing.py` with `build_sweep_world(world)`: it creates, inside county A
(武汉市江岸区), one object of each model its URLs take by key, whose pages carry SWEEP_MARK; and it names
URL parameters other than primary keys (`world.url_kwargs`) and pages meant for the public
(`world.public_urls`). A user of another county, holding every role, must then get 403/404 for every
object URL and never see SWEEP_MARK anywhere. The world itself (`SweepWorld`: county A, its user and the
objects) is built by the tests (tests/contracts/sweep.py): its counties are region rows, a layer above core.
"""

SWEEP_MARK = "甲区专属"


def build_sweep_world(world):
    from django.core.files.base import ContentFile

    from .models import BackgroundJob

    job = BackgroundJob(owner=world.user_a, kind="export", title=f"{SWEEP_MARK}导出任务",
                        status=BackgroundJob.Status.DONE)
    job.result_file.save("sweep.xlsx", ContentFile(b"sweep"), save=True)
    world.add(job)


# ---------------------------------------------------------------- the data contract (tests/contracts/test_data_contracts.py)

class ImportCase:
    """What the data contract needs to try one registered importer as user_a of county A.

    rows: good rows ({header: value}) that import cleanly; bad: one row with a bad cell; foreign: a row that
    would be good for a user of another county (it names a place, a person or a unit outside county A);
    written: a callable returning the queryset of what this importer writes (counted before and after);
    key: the header whose values identify the rows in the export of the same ledger (the round trip).
    """

    def __init__(self, rows, bad, foreign, written, key, context=None, user=None):
        self.rows, self.bad, self.foreign, self.written, self.key = rows, bad, foreign, written, key
        self.context, self.user = context or {}, user


class ExportCase:
    """What the data contract needs to try one registered exporter as user_a of county A.

    visible: texts each of which must be in the export (one per row of county A); hidden: texts of rows of
    another county that must never be in it; secrets: raw personal data that may leave only masked.
    """

    def __init__(self, visible, hidden, secrets=(), query=""):
        self.visible, self.hidden, self.secrets, self.query = list(visible), list(hidden), list(secrets), query
