"""Large exports run as background jobs (我的任务): the page shows progress and offers the file."""

from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from apps.core.models import BackgroundJob

from . import excel

SYNC_LIMIT = 5000  # more rows than this → a background job
EXPORT_KIND = "coordinator_export"


def filtered_ledger(user, query):
    from .models import Coordinator
    from .views import CoordinatorFilter

    queryset = Coordinator.objects.visible_to(user)
    filterset = CoordinatorFilter(QueryDict(query), queryset=queryset, request=SimpleNamespace(user=user))
    return filterset.qs if filterset.is_valid() else queryset.none()


def start_ledger_export(user, query, total):
    from .tasks import export_ledger

    filename = f"劳动关系协调员台账-{timezone.localtime():%Y%m%d_%H%M}.xlsx"
    job = BackgroundJob.objects.create(owner=user, kind=EXPORT_KIND, title=f"协调员台账导出（{total:,} 条）",
                                       total=total, params={"query": query, "filename": filename})
    transaction.on_commit(lambda: export_ledger.delay(job.pk))
    return job


def run_ledger_export(job_id):
    job = BackgroundJob.objects.select_related("owner__office__region").get(pk=job_id)
    job.update_progress(0)
    try:
        rows = filtered_ledger(job.owner, job.params["query"])

        def counted():
            for number, row in enumerate(excel.ledger_rows(rows), start=1):
                if number % 2000 == 0:
                    job.update_progress(number)
                yield row

        data = excel.workbook([("协调员台账", excel.LEDGER_HEADERS, counted())])
        job.result_file.save(job.params["filename"], ContentFile(data))
    except Exception as exc:
        job.finish(BackgroundJob.Status.FAILED, f"导出失败：{exc.__class__.__name__}", "failed")
        raise
    job.progress = job.total
    job.finish(BackgroundJob.Status.DONE, f"已导出 {job.total:,} 条记录（身份证号、手机号码已脱敏）。", "exported")
    from apps.documents.services import notify

    notify([job.owner], "协调员台账导出已完成", body=job.message, url=reverse("core:job_detail", args=[job.pk]),
           email=False)
    return job
