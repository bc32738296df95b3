"""The beat schedule is one list in config/settings.py: every entry names a task the worker knows, and every task
declared periodic (`@shared_task(periodic=True)`) has its entry, so no job is scheduled by an app's ready() or
silently never runs."""

from pathlib import Path

from django.conf import settings

from config.celery import app


def _tasks():
    app.loader.import_default_modules()  # the worker's own discovery of every app's tasks.py
    return app.tasks


def test_every_scheduled_task_is_registered():
    tasks = _tasks()
    missing = {name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
               if entry["task"] not in tasks}
    assert missing == {}


def test_every_periodic_task_is_scheduled():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    periodic = {name for name, task in _tasks().items() if getattr(task, "periodic", False)}
    assert len(periodic) >= 7  # the markers are read: the seven jobs of the schedule are declared periodic
    assert periodic - scheduled == set()


def test_the_apps_add_nothing_to_the_schedule():
    # one list: no AppConfig.ready() appends to the Celery app's schedule any more
    appending = [str(p) for p in Path(settings.BASE_DIR, "apps").glob("*/apps.py") if "beat_schedule" in p.read_text()]
    assert appending == []
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE

