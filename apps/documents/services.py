"""What other apps call: notify people, and request a PDF document."""

from django.core.files.base import ContentFile
from django.db import transaction

from .models import GeneratedDocument, Notification


def notify(recipients, title, body="", url="", level="info", email=True):
    """Put a notification in each recipient's centre and e-mail it (by a Celery job) after commit."""
    rows = Notification.objects.bulk_create(
        [Notification(recipient=user, title=title, body=body, url=url, level=level)
         for user in {u.pk: u for u in recipients}.values()]
    )
    if email:
        from .tasks import send_notification_emails

        ids = [n.pk for n in rows if n.recipient.email]
        if ids:
            transaction.on_commit(lambda: send_notification_emails.delay(ids))
    return rows


def request_document(*, title, template_name, context, region, user, kind="notice", doc_number=""):
    """Queue a PDF; the Celery job renders it and stores the file on the row."""
    document = GeneratedDocument.objects.create(
        title=title, template_name=template_name, context=context, region=region, created_by=user, kind=kind,
        doc_number=doc_number,
    )
    from .tasks import render_document

    transaction.on_commit(lambda: render_document.delay(document.pk))
    return document


def render_document_now(document):
    from .pdf import render_pdf

    pdf = render_pdf(document.template_name, {**document.context, "document": document})
    document.file.save(f"{document.kind}-{document.pk}.pdf", ContentFile(pdf), save=False)
    document.status = GeneratedDocument.Status.DONE
    document.error = ""
    document.save(update_fields=["file", "status", "error"])
    return document
