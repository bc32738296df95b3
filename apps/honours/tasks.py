from celery import shared_task


@shared_task(periodic=True)
def rereview_sweep():
    """Daily: re-review reminders (90 and 30 days before) and re-reviews opened at three years."""
    from .rereview import run

    return run()
