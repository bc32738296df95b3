"""Gunicorn settings of `make run` (config/services.py passes `-c config/gunicorn.py`).

Threaded workers (gthread): gunicorn's poller holds an idle or not-yet-sending connection without a thread,
and a request whose body arrives slowly (a slow upload, a slow anonymous POST to the public ballot page) holds
one of WEB_WORKERS × WEB_THREADS threads, not a whole process — three such clients no longer stop everyone's
log-in. Database connections: at most one per thread (CONN_MAX_AGE keeps them), so WEB_WORKERS × WEB_THREADS
must stay below PostgreSQL's max_connections with the Celery workers' share.
"""

import os

workers = int(os.environ.get("WEB_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "8"))
timeout = 120
graceful_timeout = 20
# an idle kept-alive connection waits in gunicorn's poller without a thread; closing it after 5 s (gunicorn's
# default) raced with a person's next click 3–12 s later: the click arrived on a connection the server was
# closing and was reset (the peak-week load test's ConnectionResetError). 75 s, as nginx keeps them.
keepalive = int(os.environ.get("WEB_KEEPALIVE", "75"))
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
