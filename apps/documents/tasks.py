import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from .models import GeneratedDocument, Notification

log = logging.getLogger(__name__)


@shared_task(soft_time_limit=120, time_limit=150)
def render_document(document_id):
    """Render one document. A message delivered again (its worker killed: acks_late) renders it again unless it
    is done; each render counts an attempt and beats a heartbeat, so that ``recover_lost_renders`` sends a render
    whose worker died (and whose message is not coming back soon) to a worker again."""
    from django.db.models import F

    from apps.core.jobs import MAX_ATTEMPTS, Heartbeat

    from .services import notify, render_document_now

    document = GeneratedDocument.objects.get(pk=document_id)
    if document.status == GeneratedDocument.Status.DONE:  # a message delivered again (its worker died after the
        return document_id                                 # render): rendered and announced once already
    if document.status == GeneratedDocument.Status.FAILED:
        return document_id
    if document.attempts >= MAX_ATTEMPTS:  # every render so far killed its worker: stop, tell the requester
        _failed(document, f"生成 {document.attempts} 次均因进程中断未能完成")
        return document_id
    mine = GeneratedDocument.objects.filter(pk=document_id, status=GeneratedDocument.Status.QUEUED,
                                            attempts=document.attempts + 1)
    GeneratedDocument.objects.filter(pk=document_id).update(heartbeat_at=timezone.now(), attempts=F("attempts") + 1)
    try:
        with Heartbeat(mine, f"document {document_id}"):
            render_document_now(document)
    except Exception as exc:
        log.exception("PDF rendering failed for document %s", document_id)
        _failed(document, str(exc))
        raise
    if document.created_by_id:
        notify([document.created_by], f"文书已生成：{document.title}", url=f"/documents/{document.pk}/download/",
               email=False)
    return document_id


def _failed(document, error):
    from .services import notify

    GeneratedDocument.objects.filter(pk=document.pk).update(status=GeneratedDocument.Status.FAILED,
                                                            error=error[:1000])
    if document.created_by_id:
        notify([document.created_by], f"文书生成失败：{document.title}", level="danger", email=False,
               body="PDF 生成失败，原记录未作任何改动。请稍后重新发起；如仍失败，请联系系统管理员。",
               url="/documents/")


@shared_task(periodic=True)
def recover_lost_renders(now=None):
    """Every minute: a document still 生成中 whose render stopped beating (its worker killed outright, the message
    held by Redis until its visibility timeout) is sent to a worker again; after MAX_ATTEMPTS renders it is
    failed and its requester told. Returns the number sent again."""
    from django.db import transaction

    from apps.core.jobs import LOST_AFTER, MAX_ATTEMPTS

    now = now or timezone.now()
    lost = GeneratedDocument.objects.filter(status=GeneratedDocument.Status.QUEUED, heartbeat_at__lt=now - LOST_AFTER)
    sent = 0
    for document in lost:
        same = GeneratedDocument.objects.filter(pk=document.pk, status=GeneratedDocument.Status.QUEUED,
                                                heartbeat_at=document.heartbeat_at)
        if document.attempts >= MAX_ATTEMPTS:
            if same.exists():
                _failed(document, f"生成 {document.attempts} 次均因进程中断未能完成")
        elif same.update(heartbeat_at=None):  # waiting in the queue again
            log.warning("render of document %s lost its worker: sent again", document.pk)
            transaction.on_commit(lambda pk=document.pk: render_document.delay(pk))
            sent += 1
    return sent


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
