"""One runner for every kind of long work (imports, exports, PDF batches, reports).

An app declares a job kind once, with the function that does the work:

    @job_kind("enterprises.export", "企业台账导出")
    def export_enterprises(job):
        ...                       # read job.params, call job.update_progress(n, total), save job.result_file
        return "已导出 1,234 条。"  # the message the owner reads

and starts one with `start_job("enterprises.export", user, title, params=...)`. `run_job` is the only place a
job changes status: it claims the queued row atomically (a double click or a re-delivered Celery message runs
it once), runs the function, and finishes the row as done — or as failed with a Chinese message, the traceback
in the log and a notification to the owner, whatever the function raised. As NetBox's `JobRunner.handle` does.

No job is ever left "running": while a job runs, a thread of its worker touches the row's heartbeat every
HEARTBEAT_EVERY. A worker killed mid-run (kill -9, out of memory, a restart) stops beating, and within
LOST_AFTER plus a minute `recover_lost_jobs` (every minute, from beat) puts the row back in the queue and sends it
to a worker again — a message Celery delivers again (acks_late) reclaims it as soon as its heartbeat is stale.
After MAX_ATTEMPTS runs it is failed instead, its owner told. Every job function is safe to run again: imports
write in one transaction, exports rewrite their file, notifications and e-mails claim their row before sending.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from . import notifying
from .models import BackgroundJob

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(hours=6)  # a running row that never had a heartbeat (claimed before heartbeats existed)
HEARTBEAT_EVERY = 10  # seconds between two touches of a running job's row by its worker
LOST_AFTER = timedelta(seconds=60)  # a running job whose heartbeat is older than this has lost its worker
MAX_ATTEMPTS = 3  # runs of one job in all: a job that kills its worker every time ends failed, not in a loop


def is_lost(heartbeat_at, now=None):
    return heartbeat_at is not None and heartbeat_at < (now or timezone.now()) - LOST_AFTER


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
    if not _claim(job_id):
        return None
    job = BackgroundJob.objects.select_related("owner__office__region").get(pk=job_id)
    kind = JOB_KINDS.get(job.kind)
    heartbeat = Heartbeat(BackgroundJob.objects.filter(pk=job.pk, status=BackgroundJob.Status.RUNNING,
                                                       attempts=job.attempts), f"job {job.pk}")
    heartbeat.start()
    try:
        if kind is None:
            raise JobFailed("该类型的任务已不再支持，请重新发起。")
        message = kind.run(job)
    except JobFailed as exc:
        heartbeat.stop()
        _finish(job, BackgroundJob.Status.FAILED, str(exc), "failed")
    except Exception:  # noqa: BLE001 - whatever went wrong, the job must not stay "running"
        heartbeat.stop()
        log.exception("background job %s (%s) failed", job_id, job.kind)
        label = kind.label if kind else "任务"
        _finish(job, BackgroundJob.Status.FAILED,
                f"{label}失败：系统内部错误，已记录日志。请稍后重试；如仍失败，请联系系统管理员（任务编号 {job_id}）。",
                "failed")
    else:
        heartbeat.stop()
        job.refresh_from_db(fields=["status", "params"])
        if job.status == BackgroundJob.Status.RUNNING:  # the function may have finished it (an import's stage)
            if job.total and job.progress < job.total:
                job.progress = job.total
            _finish(job, BackgroundJob.Status.DONE, message or "已完成。", job.params.get("stage") or "done",
                    notify=kind.notify_done)
    return job


def _claim(job_id):
    """One conditional UPDATE: a queued row, or a running one whose worker has stopped beating (a message Celery
    delivered again after its worker was killed). Counts the attempt and starts the heartbeat."""
    now = timezone.now()
    lost = Q(status=BackgroundJob.Status.RUNNING, heartbeat_at__lt=now - LOST_AFTER, attempts__lt=MAX_ATTEMPTS)
    return BackgroundJob.objects.filter(Q(status=BackgroundJob.Status.QUEUED) | lost, pk=job_id).update(
        status=BackgroundJob.Status.RUNNING, heartbeat_at=now, attempts=F("attempts") + 1)


class Heartbeat(threading.Thread):
    """Touches a row's ``heartbeat_at`` every HEARTBEAT_EVERY seconds while its work runs (in a thread with its own
    DB connection): a background job's, a document's render. ``rows`` is the queryset of that one row as long as
    this run owns it."""

    def __init__(self, rows, name):
        super().__init__(name=f"heartbeat-{name}", daemon=True)
        self.rows, self.label, self.stopped = rows, name, threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(HEARTBEAT_EVERY):
                try:
                    self.rows.update(heartbeat_at=timezone.now())
                except DatabaseError:  # the database is away: the work itself will fail or carry on
                    log.warning("heartbeat of %s not written", self.label)
        finally:
            connection.close()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self.stopped.set()
        self.join(timeout=HEARTBEAT_EVERY)


def _finish(job, status, message, stage, notify=True):
    job.finish(status, message, stage)
    if notify or status == BackgroundJob.Status.FAILED:
        failed = status == BackgroundJob.Status.FAILED
        notifying.notify([job.owner], f"{'后台任务失败' if failed else '后台任务已完成'}：{job.title}", body=message,
             url=reverse("core:job_detail", args=[job.pk]), level="danger" if failed else "info", email=failed)


@shared_task(name="core.recover_lost_jobs", periodic=True)
def recover_lost_jobs(now=None):
    """Every minute: put the jobs whose worker died mid-run (heartbeat older than LOST_AFTER) back in the queue and
    send them to a worker; a job that has had MAX_ATTEMPTS runs is failed and its owner told. Returns
    (requeued, failed)."""
    now = now or timezone.now()
    requeued = failed = 0
    lost = BackgroundJob.objects.filter(status=BackgroundJob.Status.RUNNING, heartbeat_at__lt=now - LOST_AFTER)
    for job in lost.select_related("owner"):
        same = BackgroundJob.objects.filter(pk=job.pk, status=BackgroundJob.Status.RUNNING,
                                            heartbeat_at=job.heartbeat_at)
        if job.attempts < MAX_ATTEMPTS:
            message = (f"执行该任务的进程于 {timezone.localtime(job.heartbeat_at):%H:%M:%S} 后中断（服务重启或进程被终止），"
                       f"已自动重新排队（第 {job.attempts + 1} 次执行），无需重复发起。")
            if same.update(status=BackgroundJob.Status.QUEUED, message=message):
                log.warning("background job %s (%s) lost its worker: queued again", job.pk, job.kind)
                transaction.on_commit(lambda pk=job.pk: run_background_job.delay(pk))
                requeued += 1
        elif same.update(status=BackgroundJob.Status.FAILED):
            log.error("background job %s (%s) lost its worker %s times: failed", job.pk, job.kind, job.attempts)
            _finish(job, BackgroundJob.Status.FAILED,
                    f"任务执行 {job.attempts} 次均因进程中断未能完成，未完成的写入已全部撤销。请稍后重新发起；"
                    f"如仍失败，请联系系统管理员（任务编号 {job.pk}）。", "failed")
            failed += 1
    return requeued, failed


@shared_task(name="core.fail_stale_jobs", periodic=True)
def fail_stale_jobs(now=None):
    """Fail the running jobs that never had a heartbeat and are older than STALE_AFTER (claimed by a runner before
    heartbeats existed, their worker long gone); their owners are told to start again."""
    now = now or timezone.now()
    stale = BackgroundJob.objects.filter(status=BackgroundJob.Status.RUNNING, heartbeat_at__isnull=True,
                                         created_at__lt=now - STALE_AFTER)
    count = 0
    for job in stale.select_related("owner"):
        if BackgroundJob.objects.filter(pk=job.pk, status=BackgroundJob.Status.RUNNING).update(
                status=BackgroundJob.Status.FAILED):
            _finish(job, BackgroundJob.Status.FAILED, "任务处理中断（服务重启或超时），未完成的写入已全部撤销，请重新发起。",
                    "failed")
            count += 1
    return count
