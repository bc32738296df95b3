from celery import shared_task


@shared_task
def validate_import(job_id):
    from .services import validate_job

    validate_job(job_id)


@shared_task
def apply_import(job_id):
    from .services import apply_job

    apply_job(job_id)


@shared_task
def export_enterprises(job_id):
    from .services import export_job

    export_job(job_id)
