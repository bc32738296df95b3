"""Excel imports (ledger, trainings, attendance) as background jobs, shared by the views and Celery tasks.

Upload → the file is kept in media storage on a BackgroundJob (so any web or worker node can read it) →
validated (small files in the request, large ones by a Celery task with progress) → the page lists every
bad row → the owner confirms → written in one transaction or not at all (large ones again by a task).
Nothing stored on the job ever holds a full 身份证号: previews are masked and messages never repeat it.
"""

import datetime
import io
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.models import BackgroundJob

from . import excel
from .models import Training

IMPORT_KIND = "coordinator_import"
SYNC_VALIDATE_BYTES = 400 * 1024   # larger files are validated by a job
SYNC_VALIDATE_ROWS = 1000          # …and so are files with more data rows than this
SYNC_APPLY_ROWS = 1000             # more rows than this are written by a job
PREVIEW_ROWS = 50

IMPORTERS = {"ledger": excel.CoordinatorImport, "trainings": excel.TrainingImport,
             "attendance": excel.AttendanceImport}


def importer_class(job):
    return IMPORTERS[job.params["import_kind"]]


def importer_for(job):
    """The importer acting for the job's owner, with the owner's area as it is now."""
    kind = job.params["import_kind"]
    if kind == "attendance":
        training = Training.objects.visible_to(job.owner).filter(pk=job.params.get("training")).first()
        if training is None:
            raise excel.ImportErrors([(0, "该培训不存在或不在您的管辖区域内，未导入任何记录。")])
        return excel.AttendanceImport(job.owner, training)
    return IMPORTERS[kind](job.owner)


def data_rows(data):
    """Data rows the first sheet declares (its dimension), counted by reading when the file does not say."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # noqa: BLE001 - an unreadable file is reported by the validation itself
        return 0
    try:
        sheet = book.worksheets[0]
        rows = sheet.max_row
        if rows is None:
            rows = sum(1 for _ in sheet.iter_rows(values_only=True))
        return max(rows - 1, 0)
    finally:
        book.close()


def start_import(user, kind, upload, training=None):
    """Keep the upload on a new job; small files are validated at once, others by a Celery task."""
    data = upload.read()
    path = default_storage.save(f"imports/coordinators/{uuid.uuid4().hex}.xlsx", ContentFile(data))
    title = IMPORTERS[kind].title
    job = BackgroundJob.objects.create(
        owner=user, kind=IMPORT_KIND, title=f"{title}导入：{upload.name}"[:200],
        params={"source": path, "upload_name": upload.name, "import_kind": kind,
                "training": training.pk if training else None, "stage": "validating"})
    job.params["next_url"] = reverse("coordinators:import_job", args=[job.pk])
    job.save(update_fields=["params"])
    if len(data) <= SYNC_VALIDATE_BYTES and data_rows(data) <= SYNC_VALIDATE_ROWS:
        return validate_job(job.pk)
    from .tasks import validate_import

    transaction.on_commit(lambda: validate_import.delay(job.pk))
    return job


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value) if not isinstance(value, (int, float)) else value


def _check(job, progress=True):
    """Read and validate the job's file for its owner: (importer, data rows, prepared, errors)."""
    importer = importer_for(job)
    with default_storage.open(job.params["source"], "rb") as handle:
        rows = excel.read_rows(handle, importer.headers)
    job.update_progress(0, total=len(rows))
    prepared, errors = importer.validate(rows, progress=job.update_progress if progress else None)
    return importer, rows, prepared, errors


def _record(job, rows, prepared, errors, importer=None):
    job.params.update(rows=rows, count=len(prepared), errors=[[row, message] for row, message in errors],
                      preview=[] if errors or importer is None else
                      [[_cell(v) for v in importer.preview_row(item)] for item in prepared[:PREVIEW_ROWS]])
    job.progress = job.total = rows


def _invalid_message(job):
    rows, errors = job.params.get("rows", 0), job.params.get("errors", [])
    lead = f"共 {rows} 行数据，" if rows else ""
    return f"{lead}文件中有 {len(errors)} 处问题，未导入任何记录。请按列出的原因修改后重新上传。"


def validate_job(job_id):
    """Validate the stored file; every bad row (or the preview of the first rows) goes in job.params."""
    job = BackgroundJob.objects.select_related("owner__office__region").get(pk=job_id)
    job.update_progress(0)
    try:
        importer, rows, prepared, errors = _check(job)
    except excel.ImportErrors as exc:
        importer, rows, prepared, errors = None, [], [], exc.errors
    _record(job, len(rows), prepared, errors, importer)
    if errors:
        return job.finish(BackgroundJob.Status.DONE, _invalid_message(job), "invalid")
    return job.finish(BackgroundJob.Status.DONE,
                   f"校验通过：共 {len(prepared)} 条记录。请在预览页核对后确认导入。", "validated")


def apply_job(job_id):
    """Validate again for the owner (the data or the owner's area may have changed) and write all or nothing."""
    job = BackgroundJob.objects.select_related("owner__office__region").get(pk=job_id)
    job.status, job.progress, job.finished_at = BackgroundJob.Status.RUNNING, 0, None
    job.params["stage"] = "applying"
    job.save(update_fields=["status", "params", "progress", "finished_at"])
    try:
        importer, rows, prepared, errors = _check(job)
        if errors:
            _record(job, len(rows), prepared, errors)
            return job.finish(BackgroundJob.Status.DONE,
                           f"确认前数据已发生变化，重新校验发现 {len(errors)} 处问题，未导入任何记录。"
                           "请按列出的原因修改后重新上传。", "invalid")
        count = importer.write(prepared)
    except excel.ImportErrors as exc:
        job.params["errors"] = [[row, message] for row, message in exc.errors]
        job.params["preview"] = []
        return job.finish(BackgroundJob.Status.DONE, _invalid_message(job), "invalid")
    job.params["result"] = count
    job.progress = job.total = len(rows)
    default_storage.delete(job.params["source"])
    return job.finish(BackgroundJob.Status.DONE, f"已导入{count}条{importer.title}记录。", "applied")


def fail(job_id, exc):
    """An unexpected error in a task: the job says so instead of staying 'running' for ever."""
    BackgroundJob.objects.filter(pk=job_id).update(
        status=BackgroundJob.Status.FAILED, finished_at=timezone.now(),
        message=f"导入失败（{exc.__class__.__name__}），未导入任何记录。请稍后重试或联系管理员。")


def confirm(job):
    """Write a validated import: a few rows at once, more in a job (the page shows its progress)."""
    if job.params.get("count", 0) <= SYNC_APPLY_ROWS:
        return apply_job(job.pk)
    from .tasks import apply_import

    job.status, job.finished_at = BackgroundJob.Status.QUEUED, None
    job.params["stage"] = "applying"
    job.save(update_fields=["status", "params", "finished_at"])
    transaction.on_commit(lambda: apply_import.delay(job.pk))
    return job
