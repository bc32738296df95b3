import re
from urllib.parse import quote

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views import generic

from apps.core.views import ScopedListView, ScopedMixin

from .forms import NoticeForm
from .models import GeneratedDocument, Notification
from .official import chinese_date, issuing_bodies
from .services import request_document


class NotificationListView(LoginRequiredMixin, generic.ListView):
    template_name = "documents/notification_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Notification.objects.visible_to(self.request.user)


class NotificationOpenView(LoginRequiredMixin, generic.View):
    """Mark one notification read and go where it points."""

    model = Notification

    def post(self, request, pk):
        notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
        notification.mark_read()
        target = notification.url
        if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("documents:notification_list")
        return HttpResponseRedirect(target)


class NotificationReadAllView(LoginRequiredMixin, generic.View):
    def post(self, request):
        from django.utils import timezone

        count = Notification.objects.visible_to(request.user).unread().update(read_at=timezone.now())
        messages.success(request, f"已将 {count} 条通知标为已读。")
        return HttpResponseRedirect(reverse("documents:notification_list"))


class DocumentTable(tables.Table):
    title = tables.Column(verbose_name="标题")
    # One cell for status and file: while the PDF is being made it polls (htmx) until ready.
    download = tables.TemplateColumn(
        template_name="documents/_download_cell.html", verbose_name="状态与文件", orderable=False)

    class Meta:
        model = GeneratedDocument
        fields = ["title", "doc_number", "kind", "region", "created_by", "created_at", "download"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_kind(self, record):
        return record.kind_label


class DocumentListView(ScopedListView):
    model = GeneratedDocument
    table_class = DocumentTable
    filterset_fields = ["status"]
    empty_text = "本区域尚无生成的公文或文书。"
    empty_action = "可点击右上角“拟发通知”生成联合发文。"
    empty_action_permission = "documents.issue_notice"

    def get_queryset(self):
        return super().get_queryset().select_related("region", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="公文与文书")
        if self.request.user.has_perm("documents.issue_notice"):
            context.update(create_url_name="documents:notice_add", create_label="拟发通知")
        return context


class AddressedToUnit:
    """An enterprise account holds no role: it may open the documents addressed to its own unit, which
    visible_to alone selects (GeneratedDocument.scope_enterprise)."""

    def has_permission(self):
        if getattr(self.request.user, "kind", "staff") == "enterprise":
            return True
        return super().has_permission()


class DocumentStatusView(AddressedToUnit, ScopedMixin, generic.View):
    """The status-and-file cell of one document, polled by htmx while the PDF is made; once it is ready the
    answer also refreshes the notification bell (out of band), since the job has notified the user."""

    model = GeneratedDocument

    def get(self, request, pk):
        document = get_object_or_404(GeneratedDocument.objects.visible_to(request.user), pk=pk)
        response = render(request, "documents/_status_poll.html", {"record": document})
        response["Vary"] = "HX-Request"
        return response


def content_disposition(document):
    """The file is named from its 文号 or title with every character a file system refuses replaced; an ASCII
    name for old clients and the Chinese name in RFC 5987 ``filename*``."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", document.doc_number or document.title).strip(" ._")[:120]
    fallback = f"{slugify(document.kind) or 'document'}-{document.pk}.pdf"
    return f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote((name or fallback[:-4]) + '.pdf')}"


class DocumentDetailView(AddressedToUnit, ScopedMixin, generic.View):
    """One document's page: its title and 文号, and its file once the job has made it (the cell polls)."""

    model = GeneratedDocument

    def get(self, request, pk):
        document = get_object_or_404(GeneratedDocument.objects.visible_to(request.user), pk=pk)
        return render(request, "documents/document_detail.html", {
            "object": document, "record": document, "title": document.title,
            "breadcrumbs": (("公文与文书", reverse("documents:document_list")),)})


class DocumentDownloadView(AddressedToUnit, ScopedMixin, generic.View):
    model = GeneratedDocument

    def get(self, request, pk):
        document = get_object_or_404(GeneratedDocument.objects.visible_to(request.user), pk=pk)
        if not document.file:
            raise Http404("文件尚未生成")
        response = FileResponse(document.file.open("rb"), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(document)
        return response


class NoticeCreateView(ScopedMixin, generic.FormView):
    """拟发通知: a joint notice of the user's own tripartite office, made into a PDF by a job."""

    model = GeneratedDocument
    permission_required = ("documents.issue_notice",)
    form_class = NoticeForm
    template_name = "core/object_form.html"
    success_url = reverse_lazy("documents:document_list")
    extra_context = {"title": "拟发通知"}
    breadcrumbs = (("公文与文书", reverse_lazy("documents:document_list")),)

    def get_initial(self):
        from .numbering import proposal

        return {**super().get_initial(), "doc_number": proposal(self.request.user.region)}

    def form_valid(self, form):
        user = self.request.user
        region = user.region
        if region is None:
            form.add_error(None, "只有所属三方成员单位的工作人员可以发文。")
            return self.form_invalid(form)
        data = form.cleaned_data
        from apps.core.workflow import WorkflowError

        from .numbering import claim

        try:
            doc_number = claim(data["doc_number"], kind="notice", title=data["title"], region=region, user=user)
        except WorkflowError as exc:
            form.add_error("doc_number", exc.message)
            return self.form_invalid(form)
        context = {
            "issuers": issuing_bodies(region, data["units"]),
            "doc_number": doc_number,
            "title": data["title"],
            "addressee": data["addressee"],
            "paragraphs": form.paragraphs(),
            "date_text": chinese_date(data["issue_date"]),
            "contact": data["contact"],
        }
        request_document(title=data["title"], template_name="documents/official_notice.html", context=context,
                         region=region, user=user, kind="notice", doc_number=doc_number)
        messages.success(self.request, "通知已提交生成，完成后可在本页下载，并会在通知中心提醒您。")
        return super().form_valid(form)
