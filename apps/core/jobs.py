"""One runner for every kind of long work (imports, exports, PDF batches, reports).

An app declares a job kind once, with the function that does the work:

    @job_kind("enterprises.export", "企业台账导出")
    def export_enterprises(job):
        ...                       # read job.params, call job.update_progress(n, total), save job.result_file
        return "已导出 1,234 条。"  # the message the owner reads

and starts one with `start_job("enterprises.export", user, title, params=...)`. `run_job` is the only place a
job changes status: it claims the queued row atomically (a double click or a re-delivered Celery message runs
it once), runs the function, and finishes the row as done — or as failed with a Chinese message, the traceback
in the log and a notification to the owner, whatever the function raised. No job is ever left "running": a
daily sweep fails the rows whose worker died (`fail_stale_jobs`). As NetBox's `JobRunner.handle` does.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import BackgroundJob

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=6)  # longer than any job's Celery time limit


class JobFailed(Exception):
    """Raised by a job function to end the job as failed with this message for the user (in Chinese)."""


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str
    run: Callable[[BackgroundJob], str]
    notify_done: bool = True


JOB_KINDS: dict[str, JobKind] = {}


def job_kind(name, label, notify_done=True):
    """Register the decorated function as the job kind `name` (shown to users as `label`)."""

    def register(func):
        if name in JOB_KINDS and JOB_KINDS[name].run is not func:
            raise RuntimeError(f"job kind {name!r} registered twice")
        JOB_KINDS[name] = JobKind(name, label, func, notify_done)
        return func

    return register


def start_job(kind, owner, title, params=None, total=0):
    """Create a queued job and hand it to a worker once the current transaction commits."""
    if kind not in JOB_KINDS:
        raise KeyError(f"unknown job kind {kind!r}")
    job = BackgroundJob.objects.create(owner=owner, kind=kind, title=title, total=total, params=params or {})
    transaction.on_commit(lambda: run_background_job.delay(job.pk))
    return job


def requeue_job(job, **params):
    """Put a finished job back in the queue for its next stage (an import's write after its preview).

    The claim is one conditional UPDATE: of two clicks on 确认导入 only the first requeues the job, the second
    gets False and must tell the user the job is already under way.
    """
    merged = {**job.params, **params}
    claimed = BackgroundJob.objects.filter(pk=job.pk, status=BackgroundJob.Status.DONE,
                                           params__stage=job.params.get("stage")).update(
        status=BackgroundJob.Status.QUEUED, params=merged, finished_at=None)
    if claimed:
        job.status, job.params, job.finished_at = BackgroundJob.Status.QUEUED, merged, None
        transaction.on_commit(lambda: run_background_job.delay(job.pk))
    return bool(claimed)


@shared_task(name="core.run_background_job")
def run_background_job(job_id):
    # the job's own row holds its outcome; the task's result (stored as JSON by the result backend) is its status:
    # returning the model instance made every job end in "EncodeError: BackgroundJob is not JSON serializable"
    job = run_job(job_id)
    return job.status if job is not None else None


def run_job(job_id):
    """Claim, run and finish one job. Returns the job, or None when another run had claimed it."""
    claimed = BackgroundJob.objects.filter(pk=job_id, status=BackgroundJob.Status.QUEUED).update(
        status=BackgroundJob.Status.RUNNING)
    if not claimed:
        return None
    job = BackgroundJob.objects.select_related("owner__office__region").get(pk=job_id)
    kind = JOB_KINDS.get(job.kind)
    try:
        if kind is None:
            raise JobFailed("该类型的任务已不再支持，请重新发起。")
        message = kind.run(job)
    except JobFailed as exc:
        _finish(job, BackgroundJob.Status.FAILED, str(exc), "failed")
    except Exception:  # noqa: BLE001 - whatever went wrong, the job must not stay "running"
        log.exception("background job %s (%s) failed", job_id, job.kind)
        label = kind.label if kind else "任务"
        _finish(job, BackgroundJob.Status.FAILED,
                f"{label}失败：系统内部错误，已记录日志。请稍后重试；如仍失败，请联系系统管理员（任务编号 {job_id}）。",
                "failed")
    else:
        job.refresh_from_db(fields=["status", "params"])
        if job.status == BackgroundJob.Status.RUNNING:  # the function may have finished it (an import's stage)
            if job.total and job.progress < job.total:
                job.progress = job.total
            _finish(job, BackgroundJob.Status.DONE, message or "已完成。", job.params.get("stage") or "done",
                    notify=kind.notify_done)
    return job


def _finish(job, status, message, stage, notify=True):
    job.finish(status, message, stage)
    if notify or status == BackgroundJob.Status.FAILED:
        from apps.documents.services import notify as send

        failed = status == BackgroundJob.Status.FAILED
        send([job.owner], f"{'后台任务失败' if failed else '后台任务已完成'}：{job.title}", body=message,
             url=reverse("core:job_detail", args=[job.pk]), level="danger" if failed else "info", email=failed)


@shared_task(name="core.fail_stale_jobs")
def fail_stale_jobs(now=None):
    """Fail the jobs whose worker died mid-run (killed, restarted); their owners are told to start again."""
    now = now or timezone.now()
    stale = BackgroundJob.objects.filter(status=BackgroundJob.Status.RUNNING, created_at__lt=now - STALE_AFTER)
    count = 0
    for job in stale.select_related("owner"):
        if BackgroundJob.objects.filter(pk=job.pk, status=BackgroundJob.Status.RUNNING).update(
                status=BackgroundJob.Status.FAILED):
            _finish(job, BackgroundJob.Status.FAILED, "任务处理中断（服务重启或超时），未完成的写入已全部撤销，请重新发起。",
                    "failed")
            count += 1
    return count
