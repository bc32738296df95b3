from celery import shared_task


@shared_task(periodic=True)
def close_due_ballots():
    """Online satisfaction ballots close at their deadline even when nobody opens their page."""
    from .services import close_due_ballots as close

    return close()
