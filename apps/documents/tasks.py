import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from .models import GeneratedDocument, Notification

log = logging.getLogger(__name__)


@shared_task(soft_time_limit=120, time_limit=150)
def render_document(document_id):
    from .services import notify, render_document_now

    document = GeneratedDocument.objects.get(pk=document_id)
    if document.status == GeneratedDocument.Status.DONE:  # a message delivered again (its worker died after the
        return document_id                                 # render): rendered and announced once already
    try:
        render_document_now(document)
    except Exception as exc:
        log.exception("PDF rendering failed for document %s", document_id)
        GeneratedDocument.objects.filter(pk=document_id).update(status=GeneratedDocument.Status.FAILED,
                                                                error=str(exc)[:1000])
        if document.created_by_id:
            notify([document.created_by], f"文书生成失败：{document.title}", level="danger", email=False,
                   body="PDF 生成失败，原记录未作任何改动。请稍后重新发起；如仍失败，请联系系统管理员。",
                   url="/documents/")
        raise
    if document.created_by_id:
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
