from celery import shared_task


@shared_task
def escalate_overdue_risks():
    """Daily: overdue risk reports move up one level (county → city → province) and that level is told."""
    from .services import escalate_overdue

    return escalate_overdue()


@shared_task
def rebuild_coverage():
    """Nightly: recount which enterprises on-duty coordinators serve (heals drift from bulk loads)."""
    from .coverage import rebuild

    return rebuild()
