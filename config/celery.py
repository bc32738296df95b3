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


@signals.worker_process_init.connect
def _yield_to_pages(**kwargs):
    """Jobs (warm-ups, imports, renders) run below the web server's priority: where worker and web share a
    machine, a page waits for no job's Python (issue 23). CELERY_NICE=0 leaves the worker at the web's."""
    os.nice(int(os.environ.get("CELERY_NICE", "10")))
