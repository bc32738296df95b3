from celery import shared_task


@shared_task(periodic=True)
def rebuild_coverage():
    """Nightly: recount which enterprises on-duty coordinators serve (heals drift from bulk loads)."""
    from .coverage import rebuild

    return rebuild()
