from celery import shared_task


@shared_task
def validate_import(job_id):
    """Check a large station or park import file (apps.stations.imports)."""
    from .imports import fail, validate_job

    try:
        validate_job(job_id, background=True)
    except Exception:
        fail(job_id, "检查时出错，未导入任何数据。请稍后重新上传。")
        raise


@shared_task
def apply_import(job_id):
    """Write a checked station or park import in one transaction (apps.stations.imports)."""
    from .imports import apply_job, fail

    try:
        apply_job(job_id, background=True)
    except Exception:
        fail(job_id, "写入时出错，未导入任何数据。请稍后重试。")
        raise
