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


def catch_up_on_start(sender=None, **kwargs):
    """A worker that starts (after a deploy, a crash, a fresh `make run`) sweeps overdue risks at once instead
    of waiting for the next beat: a portal started after the day's sweep would otherwise leave yesterday's
    overdue reports at 县级 until the next slot. The sweep claims each report once a day, so running it
    again (several workers starting) changes nothing."""
    escalate_overdue_risks.delay()
