from datetime import timedelta

from celery import shared_task
from django.core.files.storage import default_storage
from django.utils import timezone

from .models import BackgroundJob

UPLOAD_RETENTION = timedelta(days=2)


@shared_task(periodic=True)
def purge_unconfirmed_uploads():
    """Delete the files of imports that were uploaded but never confirmed (kept two days for the user).

    Every import pipeline keeps its upload in media storage under params["source"] until it is written;
    a preview nobody confirms would otherwise stay on the shared volume for ever.
    """
    stale = BackgroundJob.objects.filter(created_at__lt=timezone.now() - UPLOAD_RETENTION,
                                         params__has_key="source").exclude(params__stage__in=["applied", "expired"])
    purged = 0
    for job in stale.iterator():
        default_storage.delete(job.params["source"])
        job.params["stage"] = "expired"
        job.message = (job.message + "\n" if job.message else "") + "上传的文件超过两天未确认导入，已删除，请重新上传。"
        job.save(update_fields=["params", "message"])
        purged += 1
    return purged
