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
keepalive = 5
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
