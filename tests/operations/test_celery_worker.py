"""A real Celery worker against the real Redis (embedded or REDIS_URL) answers a task."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config import celery_app


@pytest.fixture
def real_worker():
    env = dict(os.environ)
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    celery = Path(sys.executable).parent / "celery"
    proc = subprocess.Popen([str(celery), "-A", "config", "worker", "--pool", "solo", "-l", "warning",
                             "-n", f"test-{os.getpid()}@%h"], env=env, cwd=settings.BASE_DIR)
    celery_app.conf.task_always_eager = False
    yield proc
    proc.terminate()
    proc.wait(timeout=20)


def test_worker_runs_a_task_and_returns_its_result(real_worker):
    from apps.documents.tasks import ping

    result = ping.delay("湖北")
    assert result.get(timeout=60) == "pong:湖北"
