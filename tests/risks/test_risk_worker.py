"""A 重大 risk reaches the province office through a REAL Celery worker (in-app at once, e-mail by the job)."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from apps.documents.models import Notification
from apps.enterprises.models import Enterprise
from apps.regions.models import Region
from config import celery_app
from tests.conftest import make_staff


def worker_database_url():
    """DATABASE_URL of the TEST database this process writes to, for the worker subprocess.

    The URL this run was given, with only the database name swapped: host, socket directory (`?host=`) and
    credentials stay as they are, whether the server is the embedded one or DATABASE_URL's.
    """
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + quote(connection.settings_dict["NAME"])))


@pytest.fixture
def coordinators_worker(ensure_regions):
    env = dict(os.environ)
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    env["DATABASE_URL"] = worker_database_url()
    env["REDIS_URL"] = settings.REDIS_URL
    env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    celery = Path(sys.executable).parent / "celery"
    proc = subprocess.Popen([str(celery), "-A", "config", "worker", "--pool", "solo", "-l", "warning",
                             "-n", f"coordinators-{os.getpid()}@%h"], env=env, cwd=settings.BASE_DIR)
    celery_app.conf.task_always_eager = False
    try:
        yield proc
    finally:
        celery_app.conf.task_always_eager = True
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.django_db(transaction=True)
def test_major_risk_reaches_the_province_through_a_real_worker(client, coordinators_worker):
    region = Region.objects.get(code="420102002")
    enterprise = Enterprise.objects.create(name="江岸某重工有限公司", uscc="91420102MA4K00017C", region=region,
                                           industry="C", employee_count=800)
    province = make_staff("42", roles=("leader",), email="province@example.com")
    city = make_staff("4201", roles=("leader",), email="city@example.com")
    reporter = make_staff("420102", roles=("clerk",))
    client.force_login(reporter)
    response = client.post(reverse("risks:risk_add"), {
        "enterprise": enterprise.pk, "category": "wage_arrears", "severity": "major", "people_affected": 300,
        "amount": "450", "description": "拖欠三百余名职工工资两个月，职工聚集", "actions_taken": "已上门约谈"})
    assert response.status_code == 302
    # in-app at once, in the same request
    note = Notification.objects.get(recipient=province)
    assert note.level == "danger" and "重大" in note.title and note.emailed_at is None
    assert Notification.objects.filter(recipient=city).exists()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        note.refresh_from_db()
        if note.emailed_at is not None:
            break
        assert coordinators_worker.poll() is None, "the Celery worker exited"
        time.sleep(0.5)
    assert note.emailed_at is not None, "the worker did not e-mail the province office within 30 s"
    assert Notification.objects.get(recipient=city).emailed_at is not None
