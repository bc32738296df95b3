import time
from contextlib import contextmanager

from celery import shared_task
from django.db import connection


@shared_task(name="dashboards.warm_figures")
def warm_figures():
    """After a change: compute the figures of the province and of every city again (every source, every
    campaign year), and their home page counters, so that the first look after the change is served from the
    shared cache (until then those pages show what the last warm-up computed: figures.served). A county's page
    is computed on demand (a fraction of a second). Returns how many sources and counters were computed.

    One warm-up at a time: one queued while another runs goes back in the queue (it stays the one pending
    warm-up, figures.warm_soon), so that edits every second cost at most one warm-up after another, never
    several computing the same figures side by side."""
    from apps.core.dashboard import warm_counters
    from apps.core.figures import (
        WARM_DEBOUNCE_SECONDS,
        WARM_EVERY_SECONDS,
        WARM_PENDING,
        WARM_RUNNING,
        WARM_STARTED,
        figures_cache,
        warm,
    )
    from apps.regions.models import Region

    cache = figures_cache()
    if not cache.add(WARM_RUNNING, 1, WARM_DEBOUNCE_SECONDS):
        warm_figures.apply_async(countdown=WARM_EVERY_SECONDS)
        return 0
    started = time.time()
    try:
        cache.delete(WARM_PENDING)  # a change from now on queues the next warm-up …
        cache.set(WARM_STARTED, started, WARM_DEBOUNCE_SECONDS)  # … to start WARM_EVERY_SECONDS after this one
        regions = list(Region.objects.filter(level__in=["province", "city"]).order_by("level", "code"))
        regions.sort(key=lambda region: region.level != "province")  # the province first: the heaviest page
        with one_core():
            return warm(regions) + warm_counters(regions)
    finally:
        cache.delete(WARM_RUNNING)
        took = time.time() - started
        if took / WARM_SHARE > WARM_EVERY_SECONDS:  # a long warm-up: the next one starts later (warm_countdown)
            cache.set(WARM_STARTED, started + took / WARM_SHARE - WARM_EVERY_SECONDS, WARM_DEBOUNCE_SECONDS)


# Under edits every second a warm-up follows the last one as soon as WARM_EVERY_SECONDS allow; when a warm-up
# itself takes long (the province's and cities' 160-odd sources after each edit of the ledger: 5–15 s of
# PostgreSQL on two cores in the peak-week load test), the next one starts no sooner than took / WARM_SHARE
# after the last one started, so that warm-ups take at most this share of the time and leave the rest of the
# machine to the pages. The province's and cities' figures then lag by at most that pause plus one warm-up.
WARM_SHARE = 0.25


@contextmanager
def one_core():
    """The warm-up's statements without PostgreSQL's parallel workers: a province-wide statement would otherwise
    take every core of a two-core machine for its duration, and the pages of the peak week waited behind it
    (issue 23: the slow requests of the load test fell in the warm-ups' seconds). One core stays the pages'."""
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET max_parallel_workers_per_gather")
