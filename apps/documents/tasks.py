import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from .models import GeneratedDocument, Notification

log = logging.getLogger(__name__)


@shared_task(soft_time_limit=120, time_limit=150)
def render_document(document_id):
    from .services import render_document_now

    document = GeneratedDocument.objects.get(pk=document_id)
    try:
        render_document_now(document)
    except Exception as exc:
        log.exception("PDF rendering failed for document %s", document_id)
        GeneratedDocument.objects.filter(pk=document_id).update(status=GeneratedDocument.Status.FAILED,
                                                                error=str(exc)[:1000])
        raise
    if document.created_by_id:
        from .services import notify

        notify([document.created_by], f"文书已生成：{document.title}", url=f"/documents/{document.pk}/download/",
               email=False)
    return document_id


@shared_task
def send_notification_emails(notification_ids):
    sent = 0
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
        # claim the row first, so a crash between sending and marking cannot send twice
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now())
        if not claimed or not notification.recipient.email:
            continue
        send_mail(f"【{settings.PORTAL_NAME}】{notification.title}", notification.body or notification.title,
                  settings.DEFAULT_FROM_EMAIL, [notification.recipient.email], fail_silently=False)
        sent += 1
    return sent


@shared_task
def ping(value):
    """A trivial task, used by the health test that runs a real worker."""
    return f"pong:{value}"
