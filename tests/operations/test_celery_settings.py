"""Celery settings that a process sharing one Redis database with others depends on."""

import json
import os
import subprocess
import sys

from django.conf import settings


def test_a_key_prefix_keeps_the_broker_queue_apart_and_the_visibility_timeout():
    # a process with its own REDIS_KEY_PREFIX (each pytest-xdist worker, a second portal on one Redis) must get
    # both broker options: the prefix once got overwritten by the visibility timeout set below it
    env = {**os.environ, "REDIS_KEY_PREFIX": "probe", "CELERY_VISIBILITY_TIMEOUT": "1234", "DEMO_MODE": "1"}
    code = "import json, config.settings as s; print(json.dumps(s.CELERY_BROKER_TRANSPORT_OPTIONS))"
    out = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                         text=True, check=True).stdout
    assert json.loads(out) == {"global_keyprefix": "probe:", "visibility_timeout": 1234}
