from celery import shared_task


@shared_task
def export_enterprises(job_id):
    from .services import export_job

    export_job(job_id)
