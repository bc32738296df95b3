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


def request_document(*, title, template_name, context=None, region, user, kind="notice", doc_number="",
                     builder="", args=None, subject=None):
    """Queue a PDF; the Celery job renders it and stores the file on the row. The context is plain data, or
    ``builder`` ("module:function") with JSON ``args`` that the job calls to build it (a report reading models)."""
    if builder:
        context = {BUILDER: builder, ARGS: args or {}}
    document = GeneratedDocument.objects.create(
        title=title, template_name=template_name, context=context or {}, region=region, created_by=user,
        kind=kind, doc_number=doc_number, subject=subject,
    )
    from .tasks import render_document

    transaction.on_commit(lambda: render_document.delay(document.pk))
    return document


BUILDER, ARGS = "_builder", "_args"


def context_of(document):
    context = document.context or {}
    if BUILDER in context:
        import importlib

        module, name = context[BUILDER].split(":")
        context = getattr(importlib.import_module(module), name)(**context.get(ARGS, {}))
    return context


def latest_for(kind, builder, args):
    """The newest document made by this builder for these arguments (one report asked for again)."""
    return (GeneratedDocument.objects.filter(kind=kind, **{f"context__{BUILDER}": builder, f"context__{ARGS}": args})
            .exclude(status=GeneratedDocument.Status.FAILED).order_by("-created_at").first())


def document_for(request, *, changed_at=None, **kwargs):
    """A web request asks for a document: the current one if it is made after ``changed_at`` (or still being
    made), else a new job (always a new one when ``changed_at`` is unknown). The answer is a redirect to the document's page, which polls until it is ready."""
    from django.shortcuts import redirect

    user = request.user
    if getattr(user, "kind", "") == "staff" and getattr(user, "office_id", None):
        kwargs["region"] = user.region  # the requester's copy: an office below reads its province's bulletin
    current = latest_for(kwargs["kind"], kwargs["builder"], kwargs.get("args") or {})
    if current is not None and not GeneratedDocument.objects.visible_to(user).filter(pk=current.pk).exists():
        current = None
    if current is None or (current.status == GeneratedDocument.Status.DONE
                           and (changed_at is None or current.created_at < changed_at)):
        current = request_document(user=request.user, **kwargs)
    return redirect("documents:document_detail", pk=current.pk)


def render_document_now(document):
    from .pdf import render_pdf

    pdf = render_pdf(document.template_name, {**context_of(document), "document": document})
    document.file.save(f"{document.kind}-{document.pk}.pdf", ContentFile(pdf), save=False)
    document.status = GeneratedDocument.Status.DONE
    document.error = ""
    document.save(update_fields=["file", "status", "error"])
    return document
