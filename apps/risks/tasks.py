from celery import shared_task


@shared_task(periodic=True)
def escalate_overdue_risks():
    """Hourly (beat, at :05): overdue risk reports move up one level (county → city → province) and that level
    is told; each report moves at most once a day, so an hourly run only shortens the wait."""
    from .services import escalate_overdue

    return escalate_overdue()


def catch_up_on_start(sender=None, **kwargs):
    """A worker that starts (after a deploy, a crash, a fresh `make run`) sweeps overdue risks at once instead
    of waiting for the next beat: a portal started after the day's sweep would otherwise leave yesterday's
    overdue reports at 县级 until the next slot. The sweep claims each report once a day, so running it
    again (several workers starting) changes nothing."""
    escalate_overdue_risks.delay()
