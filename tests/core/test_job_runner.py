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
