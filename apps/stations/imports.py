"""Excel imports of the station and park ledgers as background jobs (same flow as the enterprise ledger).

upload → check every row → preview (every bad row listed in Chinese) → confirm → every row written in one
transaction, or none. A small file is checked in the request; a large one (more than SYNC_BYTES, or more
than SYNC_ROWS data rows) by a Celery job whose progress the page polls. The write runs in the request up
to SYNC_APPLY_ROWS rows, else as a Celery job too. Every import is a BackgroundJob (listed under 我的任务):
its owner alone may see or confirm it (BackgroundJob is scoped by owner), the uploaded file waits in media
storage (params["source"]) so that any web or worker node can read it, and the write checks the file again
against the owner's area before writing.

`importer` is a module (apps.stations.excel, apps.parks.importing) with JOB_KIND, JOB_TITLE, NOUN,
read(file) -> rows, validate(file, user, progress=None, data=None) -> ImportResult,
write(result, user, progress=None) -> (created, updated), preview_row(obj) and PREVIEW_HEADERS.
"""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.utils.module_loading import import_string

from apps.core.models import BackgroundJob

SYNC_BYTES = 400 * 1024   # check in the request up to this file size …
SYNC_ROWS = 1000          # … and this many data rows; else a job
SYNC_APPLY_ROWS = 1000    # write in the request up to this many rows; else a job
PREVIEW_ROWS = 50         # rows shown on the preview


def importer_of(job):
    return import_string(job.params["importer"])


def create_job(user, importer, content, upload_name, job_url_name):
    """Store the upload in media storage and open the user's import job (nothing checked yet)."""
    from django.urls import reverse

    path = default_storage.save(f"imports/{importer.JOB_KIND}/{uuid.uuid4().hex}.xlsx", ContentFile(content))
    job = BackgroundJob.objects.create(
        owner=user, kind=importer.JOB_KIND, title=f"{importer.JOB_TITLE}：{upload_name}"[:200],
        params={"source": path, "upload_name": upload_name, "importer": importer.__name__, "noun": importer.NOUN,
                "stage": "validating", "token": uuid.uuid4().hex})
    job.params["next_url"] = reverse(job_url_name, args=[job.pk])
    job.save(update_fields=["params"])
    return job


def start_validation(user, importer, content, upload_name, job_url_name):
    """A large file: the job checks it in the background (after this request's commit)."""
    from .tasks import validate_import

    job = create_job(user, importer, content, upload_name, job_url_name)
    transaction.on_commit(lambda: validate_import.delay(job.pk))
    return job


def record_validated(user, importer, content, upload_name, job_url_name, result):
    """A small file already checked in the request: a job holding it until the user confirms."""
    job = create_job(user, importer, content, upload_name, job_url_name)
    job.params.update(result_params(result, importer))
    job.progress = job.total = job.params["rows"]
    return job.finish(BackgroundJob.Status.DONE, _validated_message(job.params), stage="validated")


def result_params(result, importer):
    rows = result.rows
    return {"errors": [[row, message] for row, message in result.errors],
            "creates": len(result.creates), "updates": len(result.updates), "rows": len(rows),
            "preview_headers": list(importer.PREVIEW_HEADERS),
            "preview": [[obj.import_row, [str(c) for c in importer.preview_row(obj)], bool(obj.pk)]
                        for obj in rows[:PREVIEW_ROWS]]}


def _validated_message(params):
    noun = params["noun"]
    return (f"检查通过：将新增 {params['creates']} 个{noun}，更新 {params['updates']} 个{noun}。"
            "请核对预览后确认导入。")


def _invalid_message(params):
    return f"文件有 {len(params['errors'])} 处问题，未导入任何数据。请修改后重新上传。"


def _source(job):
    path = job.params.get("source")
    if not path or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return handle.read()


def _drop_source(job):
    path = job.params.get("source")
    if path:
        default_storage.delete(path)


def validate_job(job_id, background=False):
    """Check the job's file for its owner; the counts, every bad row and a preview go in job.params."""
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id)
    importer = importer_of(job)
    job.update_progress(0)
    content = _source(job)
    if content is None:
        return job.finish(BackgroundJob.Status.FAILED, "导入文件已失效，请重新上传。", stage="rejected")
    result = importer.validate(ContentFile(content), job.owner, progress=job.update_progress)
    job.params.update(result_params(result, importer))
    job.progress = job.total = max(job.params["rows"], job.total)
    if result.ok:
        job = job.finish(BackgroundJob.Status.DONE, _validated_message(job.params), stage="validated")
    else:
        _drop_source(job)  # a file with errors is never written: nothing to keep
        job = job.finish(BackgroundJob.Status.DONE, _invalid_message(job.params), stage="invalid")
    if background:
        _notify(job, "检查完成")
    return job


class _SideProgress:
    """Progress written on a connection of its own: the write's transaction is not committed until the end,
    yet the page polling the job must see how far it got."""

    def __init__(self, job):
        self.job = job
        self.connection = None

    def __call__(self, done):
        if self.connection is None:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        with self.connection.cursor() as cursor:
            cursor.execute(f'UPDATE "{BackgroundJob._meta.db_table}" SET progress = %s WHERE id = %s',
                           [done, self.job.pk])

    def close(self):
        if self.connection is not None:
            self.connection.close()


def apply_job(job_id, background=False):
    """Check the file again (the data or the owner's area may have changed) and write every row in one
    transaction; any error writes nothing and is listed like a bad row."""
    job = BackgroundJob.objects.select_related("owner").get(pk=job_id)
    importer = importer_of(job)
    noun = job.params["noun"]
    job.status = BackgroundJob.Status.RUNNING
    job.params["stage"] = "applying"
    job.progress = 0
    job.finished_at = None
    job.save(update_fields=["status", "params", "progress", "finished_at"])
    content = _source(job)
    if content is None:
        return job.finish(BackgroundJob.Status.FAILED, "导入文件已失效，请重新上传。", stage="rejected")
    result = importer.validate(ContentFile(content), job.owner)
    if not result.ok:
        job.params.update(result_params(result, importer))
        _drop_source(job)
        return job.finish(BackgroundJob.Status.DONE,
                       "确认前数据已发生变化，重新检查发现问题，未导入任何数据。请修改后重新上传。", stage="invalid")
    total = len(result.creates) + len(result.updates)
    job.update_progress(0, total=total)
    progress = _SideProgress(job) if background else None
    try:
        created, updated = importer.write(result, job.owner, progress=progress)
    except IntegrityError:  # the same name was entered meanwhile: nothing was written
        job.params["errors"] = [[None, f"导入期间有同名{noun}被他人录入，本次未导入任何数据，请重新上传检查。"]]
        _drop_source(job)
        return job.finish(BackgroundJob.Status.DONE, _invalid_message(job.params), stage="invalid")
    finally:
        if progress is not None:
            progress.close()
    _drop_source(job)
    job.params.update({"created": created, "updated": updated})
    job.progress = job.total = total
    job = job.finish(BackgroundJob.Status.DONE, f"导入完成：新增 {created} 个{noun}，更新 {updated} 个{noun}。",
                  stage="applied")
    if background:
        _notify(job, "导入完成")
    return job


def _notify(job, what):
    """The user may have left the page: the result also reaches the notification centre."""
    from apps.documents.services import notify

    notify([job.owner], f"{job.title}（{what}）"[:200], body=job.message, url=job.params.get("next_url", ""),
           level="danger" if job.params.get("stage") == "invalid" else "info", email=False)


def confirm(job):
    """Write a checked import: a small one at once, a large one as a job (the page shows its progress).

    The job is claimed first (validated → applying in one UPDATE), so a double click or two open pages
    write it once; None when it was no longer waiting for confirmation.
    """
    params = {**job.params, "stage": "applying"}
    claimed = BackgroundJob.objects.filter(pk=job.pk, params__stage="validated").update(
        params=params, status=BackgroundJob.Status.QUEUED, progress=0, finished_at=None)
    if not claimed:
        return None
    if job.params.get("rows", 0) <= SYNC_APPLY_ROWS:
        return apply_job(job.pk)
    from .tasks import apply_import

    job.refresh_from_db()
    transaction.on_commit(lambda: apply_import.delay(job.pk))
    return job


def job_for_token(user, importer, token):
    """The user's own checked, not yet written import behind this token (None if used up or unknown)."""
    if not token or len(token) > 64:
        return None
    return BackgroundJob.objects.visible_to(user).filter(
        kind=importer.JOB_KIND, params__token=token, params__stage="validated").first()


def fail(job_id, message):
    """An unexpected error in a job: shown as failed rather than running for ever (nothing was written)."""
    job = BackgroundJob.objects.filter(pk=job_id).first()
    if job is not None:
        job.finish(BackgroundJob.Status.FAILED, message, stage="rejected")
