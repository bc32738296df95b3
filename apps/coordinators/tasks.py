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


@shared_task(soft_time_limit=600, time_limit=660)
def export_ledger(job_id):
    from .jobs import run_ledger_export

    run_ledger_export(job_id)
