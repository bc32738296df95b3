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
    machine, a page waits for no job (issue 23: the load test's slow requests fell in the seconds of a warm-up
    or an import). The job's PostgreSQL backend follows (`renice_backend`). CELERY_NICE=0 leaves both be."""
    nice = int(os.environ.get("CELERY_NICE", "10"))
    if nice <= 0:
        return
    os.nice(nice)
    from django.db.backends.signals import connection_created

    connection_created.connect(lambda connection, **kw: renice_backend(connection, nice), weak=False,
                               dispatch_uid="celery.renice_backend")


def renice_backend(connection, nice):
    """Lower the priority of this connection's PostgreSQL backend process where PostgreSQL runs on this machine
    (`make run`'s embedded server, a one-machine deployment): the job's statements then take the CPU the pages
    leave. A server elsewhere, or one this user may not renice, is left as it is. Returns whether it was."""
    if connection.vendor != "postgresql":
        return False
    host = connection.settings_dict.get("HOST") or ""
    if host and not host.startswith("/") and host not in ("localhost", "127.0.0.1", "::1"):
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:  # the pid must be a PostgreSQL process of this machine (not of a container's own process numbers)
        with open(f"/proc/{pid}/comm") as comm:
            if comm.read().strip() != "postgres":
                return False
        os.setpriority(os.PRIO_PROCESS, pid, max(os.getpriority(os.PRIO_PROCESS, pid), nice))
    except OSError:  # another user's server, or no /proc
        return False
    return True
