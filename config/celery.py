import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def _check_keys(**kwargs):
    """A worker with a wrong personal-data key would fail every job that reads 身份证号: it does not start."""
    from config.checks import require_field_key, require_secret_key, verify_field_key

    require_secret_key()
    require_field_key()
    verify_field_key()
