"""Faults the portal must survive under `make run`: a process that exits, slow clients, a PDF that fails to
render, a task message delivered twice. (`make drill` runs the same faults against the real processes.)"""

import datetime
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from apps.documents.models import GeneratedDocument, Notification
from apps.supervision.models import AnnualReport
from config.services import Supervisor
from tests.conftest import make_staff

ROOT = Path(__file__).resolve().parents[2]


def test_a_process_that_exits_is_restarted_and_the_others_keep_running():
    py = sys.executable
    logged = []
    supervisor = Supervisor({"worker": [py, "-c", "import sys; sys.exit(1)"],
                             "web": [py, "-c", "import time; time.sleep(60)"]}, cwd=ROOT, env=dict(os.environ),
                            log=logged.append)
    supervisor.start()
    web_pid = supervisor.procs["web"].pid
    try:
        deadline = time.monotonic() + 20
        while supervisor.restarts["worker"] < 2 and time.monotonic() < deadline:
            supervisor.check()
            time.sleep(0.1)
        assert supervisor.restarts["worker"] >= 2  # restarted, again and again, with a growing pause
        assert supervisor.procs["web"].pid == web_pid and supervisor.procs["web"].poll() is None
        assert any("[worker] 进程已退出（退出码 1）" in line and "其余进程照常运行" in line for line in logged)
    finally:
        supervisor.stop()
    assert supervisor.procs["web"].poll() is not None  # stop() ends them all


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port, path, timeout):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        return s.recv(64).decode("latin-1")


def test_slow_request_bodies_do_not_hold_the_web_workers():
    """Four clients send a POST's headers and then its body a trickle at a time; with one web worker (as with
    three before: a sync worker per slow client) everyone else's requests still answer at once."""
    port = _free_port()
    env = dict(os.environ, WEB_WORKERS="1", WEB_ACCESS_LOG="/dev/null", DJANGO_SETTINGS_MODULE="config.settings")
    env.pop("WEB_THREADS", None)  # make run's default
    web = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-c",
                            str(ROOT / "config" / "gunicorn.py"), "-b", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    slow = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert _get(port, "/healthz", timeout=30).startswith("HTTP/1.1 200")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.5)
        for _ in range(4):
            s = socket.create_connection(("127.0.0.1", port))
            # with a CSRF cookie, so that Django reads the body (the token is in it) and waits for the rest
            s.sendall(b"POST /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                      b"\r\nCookie: csrftoken=" + b"a" * 32 + b"\r\nContent-Length: 2000\r\n\r\nusername=")
            slow.append(s)
        time.sleep(1)  # the slow bodies have reached the workers
        started = time.monotonic()
        assert _get(port, "/healthz", timeout=15).startswith("HTTP/1.1 200")
        assert time.monotonic() - started < 5
    finally:
        for s in slow:
            s.close()
        web.terminate()
        web.wait(timeout=30)


@pytest.mark.django_db
def test_a_failed_pdf_render_shows_an_error_and_changes_nothing(client, media, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    """The annual report's PDF is made by the document job: a render that fails shows 生成失败 on the document's
    page, keeps no file and leaves the report as it was."""
    from config import celery_app

    county = make_staff("420102")
    report = AnnualReport.objects.create(region=county.region, year=2026, period_start=datetime.date(2026, 1, 1),
                                         period_end=datetime.date(2026, 12, 31), due_on=datetime.date(2026, 11, 30),
                                         achievements="全年新增创建企业 120 家。")
    before = AnnualReport.objects.filter(pk=report.pk).values().get()

    def broken(*args, **kwargs):
        raise OSError("字体缺失")

    monkeypatch.setattr("apps.documents.pdf.render_pdf", broken)
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", False)
    client.force_login(county)
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.get(reverse("supervision:report_pdf", args=[report.pk]))
    response = client.get(asked["Location"])
    assert response.status_code == 200
    assert "生成失败" in response.content.decode()
    document = GeneratedDocument.objects.get(kind="annual-report")
    assert document.status == "failed" and not document.file
    assert AnnualReport.objects.filter(pk=report.pk).values().get() == before


@pytest.mark.django_db
def test_a_failed_background_render_tells_the_requester_and_keeps_no_file(media, monkeypatch):
    from apps.documents.tasks import render_document

    leader = make_staff("4201", roles=("leader",))
    document = GeneratedDocument.objects.create(title="关于年度评估的通知", template_name="documents/official_notice.html",
                                                context={}, region=leader.region, created_by=leader)

    def broken(*args, **kwargs):
        raise OSError("字体缺失")

    monkeypatch.setattr("apps.documents.pdf.render_pdf", broken)
    with pytest.raises(OSError):
        render_document(document.pk)
    document.refresh_from_db()
    assert document.status == "failed" and not document.file
    notice = Notification.objects.get(recipient=leader)
    assert notice.title == "文书生成失败：关于年度评估的通知" and notice.level == "danger"


@pytest.mark.django_db
def test_a_render_delivered_again_after_its_worker_died_renders_and_announces_once(media, monkeypatch):
    """acks_late: a worker killed after rendering leaves the message in Redis and another worker runs it again."""
    from django.conf import settings

    from apps.documents import pdf
    from apps.documents.tasks import render_document

    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    leader = make_staff("4201", roles=("leader",))
    document = GeneratedDocument.objects.create(title="命名通知", template_name="documents/official_notice.html",
                                                context={}, region=leader.region, created_by=leader)
    calls = []
    monkeypatch.setattr(pdf, "render_pdf", lambda *a, **k: calls.append(1) or b"%PDF-1.4 test")
    render_document(document.pk)
    render_document(document.pk)  # the same message, delivered again
    assert len(calls) == 1
    assert Notification.objects.filter(recipient=leader, title="文书已生成：命名通知").count() == 1


def _worker(name):
    from django.conf import settings

    from tests.risks.test_risk_worker import worker_database_url

    env = dict(os.environ, DATABASE_URL=worker_database_url(), REDIS_URL=settings.REDIS_URL,
               MEDIA_ROOT=str(settings.MEDIA_ROOT))
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    return subprocess.Popen([str(Path(sys.executable).parent / "celery"), "-A", "config", "worker", "--pool", "solo",
                             "-l", "warning", "-n", f"{name}-{os.getpid()}@%h"], env=env, cwd=ROOT)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_outright_while_rendering_a_notice_is_recovered_and_announces_once(media):
    """The worker process is killed (SIGKILL) mid-render: Redis keeps its message until the visibility timeout (an
    hour), so the per-minute sweep sends the render again once its heartbeat is stale; a new worker renders it,
    and its requester is told once."""
    import signal

    from django.utils import timezone

    from apps.core.jobs import LOST_AFTER
    from apps.documents.tasks import recover_lost_renders, render_document
    from apps.documents.testing import notice_sample
    from config import celery_app

    leader = make_staff("4201", roles=("leader",))
    document = GeneratedDocument.objects.create(
        title="演练：命名通知", template_name="documents/official_notice.html", region=leader.region,
        created_by=leader, context={**notice_sample(), "paragraphs": ["演练。" * 200] * 80})
    celery_app.conf.task_always_eager = False
    first = _worker("render-killed")
    second = None
    try:
        render_document.delay(document.pk)
        deadline = time.monotonic() + 120
        while not GeneratedDocument.objects.filter(pk=document.pk, attempts=1).exists():
            assert time.monotonic() < deadline and first.poll() is None, "the worker did not start the render"
            time.sleep(0.1)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=20)
        document.refresh_from_db()
        assert document.status == "queued" and not document.file  # 生成中, its worker gone
        later = timezone.now() + LOST_AFTER + datetime.timedelta(seconds=5)
        assert recover_lost_renders(now=later) == 1  # sent again (the on_commit runs at once: no transaction)
        assert recover_lost_renders(now=later) == 0
        second = _worker("render-again")
        deadline = time.monotonic() + 180
        while not GeneratedDocument.objects.filter(pk=document.pk, status="done").exists():
            assert time.monotonic() < deadline and second.poll() is None, "the render was not made again"
            assert not GeneratedDocument.objects.filter(pk=document.pk, status="failed").exists()
            time.sleep(0.5)
        document.refresh_from_db()
        assert document.attempts == 2 and document.file.read().startswith(b"%PDF")
        assert Notification.objects.filter(recipient=leader, title="文书已生成：演练：命名通知").count() == 1
    finally:
        celery_app.conf.task_always_eager = True
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)
