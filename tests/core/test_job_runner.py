"""The one job runner: a job is claimed once, ends done or failed (never stuck), and its owner is told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core import jobs
from apps.core.models import BackgroundJob
from apps.documents.models import Notification
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds():
    calls = []

    def works(job):
        calls.append(job.pk)
        job.update_progress(3, total=3)
        return "处理了 3 条。"

    def breaks(job):
        calls.append(job.pk)
        raise ValueError("connection reset while writing row 17")

    def refuses(job):
        raise jobs.JobFailed("文件中没有可导入的数据行。")

    jobs.job_kind("test.works", "测试任务")(works)
    jobs.job_kind("test.breaks", "测试导出")(breaks)
    jobs.job_kind("test.refuses", "测试导入")(refuses)
    yield calls
    for name in ("test.works", "test.breaks", "test.refuses"):
        jobs.JOB_KINDS.pop(name)


def test_a_job_runs_once_and_ends_done(kinds, django_capture_on_commit_callbacks):
    owner = make_staff("420102")
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job("test.works", owner, "测试")
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.message == "处理了 3 条。" and job.percent == 100
    assert jobs.run_job(job.pk) is None  # a re-delivered message finds nothing to claim
    assert kinds == [job.pk]
    assert Notification.objects.filter(recipient=owner, title__contains="已完成").count() == 1


def test_a_job_that_raises_ends_failed_with_a_chinese_message_and_the_owner_notified(kinds, caplog):
    owner = make_staff("420102")
    job = BackgroundJob.objects.create(owner=owner, kind="test.breaks", title="导出台账")
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED and job.finished_at is not None
    assert "测试导出失败" in job.message and "connection reset" not in job.message  # no internals shown
    assert "connection reset" in caplog.text  # but the traceback is logged
    note = Notification.objects.get(recipient=owner)
    assert "失败" in note.title and note.level == "danger"


def test_a_refusal_is_shown_as_written(kinds):
    owner = make_staff("420102")
    job = BackgroundJob.objects.create(owner=owner, kind="test.refuses", title="导入")
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED and job.message == "文件中没有可导入的数据行。"


def test_an_unknown_kind_fails_instead_of_hanging():
    owner = make_staff("420102")
    job = BackgroundJob.objects.create(owner=owner, kind="gone.away", title="旧任务")
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED and "不再支持" in job.message


def test_requeue_is_claimed_once(kinds):
    owner = make_staff("420102")
    job = BackgroundJob.objects.create(owner=owner, kind="test.works", title="导入", status="done",
                                       params={"stage": "validated"})
    first = BackgroundJob.objects.get(pk=job.pk)
    second = BackgroundJob.objects.get(pk=job.pk)
    assert jobs.requeue_job(first, stage="confirmed") is True
    assert jobs.requeue_job(second, stage="confirmed") is False
    assert BackgroundJob.objects.get(pk=job.pk).params["stage"] == "confirmed"


def test_jobs_left_running_by_a_dead_worker_are_failed():
    owner = make_staff("420102")
    dead = BackgroundJob.objects.create(owner=owner, kind="test.works", title="中断的任务", status="running")
    alive = BackgroundJob.objects.create(owner=owner, kind="test.works", title="进行中的任务", status="running")
    BackgroundJob.objects.filter(pk=dead.pk).update(created_at=timezone.now() - timedelta(hours=7))
    assert jobs.fail_stale_jobs() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == "failed" and "重新发起" in dead.message and alive.status == "running"
    assert jobs.fail_stale_jobs() == 0


def _lose_worker(job_id, ago=timedelta(minutes=2)):
    """A worker claimed the job and was killed: its heartbeat stopped `ago`."""
    assert jobs._claim(job_id)
    BackgroundJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now() - ago)


def test_a_job_whose_worker_was_killed_shows_it_is_queued_again_and_runs_once(
        kinds, client, django_capture_on_commit_callbacks):
    from django.urls import reverse

    owner = make_staff("420102")
    job = BackgroundJob.objects.create(owner=owner, kind="test.works", title="导出台账")
    _lose_worker(job.pk)
    client.force_login(owner)
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "进行中" in page and "系统将在一分钟内自动重新排队执行" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.recover_lost_jobs() == (1, 0)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and job.message == "处理了 3 条。" and job.attempts == 2
    assert kinds == [job.pk]  # run once more, by a live worker
    assert Notification.objects.filter(recipient=owner, title__contains="已完成").count() == 1
    assert jobs.recover_lost_jobs() == (0, 0)


def test_the_sweep_requeues_a_lost_job_with_a_message_its_owner_reads(kinds):
    owner = make_staff("420102")
    job = BackgroundJob.objects.create(owner=owner, kind="test.works", title="导出台账")
    _lose_worker(job.pk)
    assert jobs.recover_lost_jobs() == (1, 0)  # on_commit not run: the job waits in the queue
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.QUEUED and "已自动重新排队（第 2 次执行）" in job.message
    assert kinds == []


def test_a_message_delivered_again_reclaims_the_job_only_once_its_worker_stopped_beating(kinds):
    owner = make_staff("420102")
    job = BackgroundJob.objects.create(owner=owner, kind="test.works", title="导出台账")
    assert jobs._claim(job.pk)  # a worker is running it, beating
    assert jobs.run_job(job.pk) is None and kinds == []  # the same message again: the live run is left alone
    BackgroundJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=2))
    assert jobs.run_job(job.pk).status == BackgroundJob.Status.DONE and kinds == [job.pk]


def test_a_job_that_kills_its_worker_every_time_ends_failed_and_its_owner_is_told(kinds):
    owner = make_staff("420102")
    job = BackgroundJob.objects.create(owner=owner, kind="test.works", title="导出台账",
                                       attempts=jobs.MAX_ATTEMPTS - 1)
    _lose_worker(job.pk)
    assert jobs.run_job(job.pk) is None  # no run beyond MAX_ATTEMPTS
    assert jobs.recover_lost_jobs() == (0, 1)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED and f"执行 {jobs.MAX_ATTEMPTS} 次均因进程中断" in job.message
    assert Notification.objects.get(recipient=owner).level == "danger" and kinds == []


@pytest.mark.django_db(transaction=True)
def test_a_running_job_beats_its_heartbeat(monkeypatch):
    import time

    seen = []

    def slow(job):
        started = BackgroundJob.objects.get(pk=job.pk).heartbeat_at
        time.sleep(0.5)
        seen.append((started, BackgroundJob.objects.get(pk=job.pk).heartbeat_at))
        return "好了。"

    monkeypatch.setattr(jobs, "HEARTBEAT_EVERY", 0.05)
    jobs.job_kind("test.slow", "慢任务")(slow)
    try:
        owner = make_staff("420102")
        job = BackgroundJob.objects.create(owner=owner, kind="test.slow", title="慢任务")
        jobs.run_job(job.pk)
    finally:
        jobs.JOB_KINDS.pop("test.slow")
    (started, later), = seen
    assert started is not None and later > started  # touched while the function ran
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE and not job.seems_lost


def test_the_recovery_sweeps_are_on_the_beat_schedule_every_minute():
    from config.celery import app

    assert app.conf.beat_schedule["recover-lost-jobs"] == {"task": "core.recover_lost_jobs", "schedule": 60.0}
    assert app.conf.beat_schedule["recover-lost-renders"] == {
        "task": "apps.documents.tasks.recover_lost_renders", "schedule": 60.0}


def test_a_render_that_killed_its_worker_every_time_ends_failed_and_its_requester_is_told(media, monkeypatch):
    from apps.documents import pdf
    from apps.documents.models import GeneratedDocument
    from apps.documents.tasks import recover_lost_renders, render_document

    leader = make_staff("4201", roles=("leader",))
    document = GeneratedDocument.objects.create(title="命名通知", template_name="documents/official_notice.html",
                                                context={}, region=leader.region, created_by=leader,
                                                attempts=jobs.MAX_ATTEMPTS,
                                                heartbeat_at=timezone.now() - timedelta(minutes=2))
    calls = []
    monkeypatch.setattr(pdf, "render_pdf", lambda *a, **k: calls.append(1) or b"%PDF-1.4 test")
    assert recover_lost_renders() == 0
    document.refresh_from_db()
    assert document.status == "failed" and "生成 3 次均因进程中断" in document.error and not document.file
    render_document(document.pk)  # a message delivered again renders nothing
    assert calls == []
    assert Notification.objects.get(recipient=leader).title == "文书生成失败：命名通知"
