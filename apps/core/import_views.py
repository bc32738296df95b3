"""The pages of an import on the one engine (apps/core/imports.py): upload, the job's page, confirmation.

An app wires them with `importer_urls(importer, "import/", namespace=…, name=…, …)` in its urls.py (or
subclasses them naming its importer and its URL names); every ledger's import then looks and behaves alike. A small file is checked in the request and previewed on the upload page (the confirmation carries
the job's one-time token); a large one becomes a background job with its own page (progress, every bad row,
confirmation). Either way the import is a BackgroundJob of the user alone, listed under 我的任务.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views import generic

from . import imports, spreadsheets, uploads
from .forms import ImportForm
from .models import BackgroundJob


class ImportPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    importer = None          # an apps.core.imports.Importer subclass
    title = ""
    noun = ""
    import_url_name = template_url_name = list_url_name = job_url_name = job_confirm_url_name = ""
    preview_inline = True    # a small file's preview on the upload page (False: always on the job's page)
    confirm_to_job = False   # after a confirmed small import: the job's page (False: the ledger's list)

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()

    def importer_context(self):
        """Extra context the importer needs (e.g. the training an attendance list belongs to)."""
        return {}

    def confirm(self, job):
        """Write the checked import: at once when small (back to the list), else as a job (its page)."""
        if not imports.confirm(job):
            messages.error(self.request, "该导入不能确认：只有检查全部通过且尚未导入的文件才能确认导入。")
            return redirect(self.job_url_name, job.pk)
        stage = job.params.get("stage")
        if stage == "applied" and not self.confirm_to_job:
            messages.success(self.request, job.message)
            return redirect(self.list_url_name)
        if stage == "applying":
            messages.info(self.request, "正在后台写入。可以离开此页，稍后在“我的任务”中查看结果。")
        return redirect(self.job_url_name, job.pk)


class ImportView(ImportPermissionMixin, generic.View):
    """导入: upload → every bad row listed → confirm → every row written in one transaction, or none."""

    template_name = "core/import_upload.html"

    def render(self, **context):
        context.setdefault("form", ImportForm())
        job = context.get("job")
        if job is not None:
            context["params"] = job.params
            context["preview"] = job.params.get("preview", [])
            context["preview_headers"] = job.params.get("preview_headers", [])
            context["row_total"] = job.params.get("rows", 0)
        context.update(title=self.title, view=self, noun=self.noun, template_url=reverse(self.template_url_name),
                       columns=self.importer.declared(), row_format=self.importer.row_format,
                       import_url=self.request.path, sync_rows=uploads.SYNC_ROWS, max_rows=self.importer.max_rows)
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            job = imports.job_for_token(request.user, self.importer.job_kind, request.POST["token"])
            if job is None or not default_storage.exists(job.params.get("source", "")):
                messages.error(request, "导入文件已失效，请重新上传。")
                return redirect(request.path)
            return self.confirm(job)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form=form)
        try:
            job = imports.accept_upload(self.importer, request.user, form.cleaned_data["file"],
                                        context=self.importer_context())
        except uploads.UploadError as exc:
            form.add_error("file", str(exc))
            return self.render(form=form)
        if not self.preview_inline and job.status != BackgroundJob.Status.FAILED:
            return redirect(self.job_url_name, job.pk)
        if job.params.get("background"):
            messages.info(request, "文件较大，已转为后台检查。可以离开此页，稍后在“我的任务”中找到本次导入。")
            return redirect(self.job_url_name, job.pk)
        if job.status == BackgroundJob.Status.FAILED:
            form.add_error("file", job.message)
            return self.render(form=form)
        token = job.params["token"] if job.params.get("stage") == "validated" else None
        return self.render(form=form, job=job, token=token)


class ImportJobMixin:
    """The page of one import job (progress, every bad row, preview, confirmation): its owner's alone."""

    sweep_models = {"pk": BackgroundJob}

    def get_job(self, pk):
        return get_object_or_404(BackgroundJob.objects.visible_to(self.request.user), pk=pk)


class ImportJobView(ImportJobMixin, ImportPermissionMixin, generic.View):
    http_method_names = ["get", "head"]
    template_name = "core/import_job.html"
    fragment_name = "core/_import_job_status.html"

    def get(self, request, pk, **kwargs):
        job = self.get_job(pk)
        if job.kind != self.importer.job_kind:  # another kind of job: its own page
            return redirect("core:job_detail", job.pk)
        params = job.params
        context = {"job": job, "params": params, "stage": params.get("stage"), "title": self.title,
                   "heading": self.heading(params.get("stage")), "summary": params.get("summary", {}),
                   "noun": self.noun, "view": self, "import_url": self.import_url(job),
                   "row_format": self.importer.row_format,
                   "list_url": reverse(self.list_url_name),
                   "job_url": reverse(self.job_url_name, args=[job.pk]),
                   "confirm_url": reverse(self.job_confirm_url_name, args=[job.pk])}
        response = render(request, self.fragment_name if request.htmx else self.template_name, context)
        response["Vary"] = "HX-Request"
        return response

    def import_url(self, job):
        return reverse(self.import_url_name)

    def heading(self, stage):
        return f"{self.title}（导入结果）" if stage == "applied" else self.title


class ImportJobConfirmView(ImportJobMixin, ImportPermissionMixin, generic.View):
    http_method_names = ["post"]

    def post(self, request, pk, **kwargs):
        job = self.get_job(pk)
        if job.kind != self.importer.job_kind:
            return redirect("core:job_detail", job.pk)
        return self.confirm(job)


class ImportTemplateView(ImportPermissionMixin, generic.View):
    """The importer's template (apps.core.imports.Importer.template), for the user's own area."""

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        importer = self.importer(request.user)
        return spreadsheets.download(importer.template(), importer.template_filename())


def importer_urls(importer, route, *, namespace, name, job_name=None, **attributes):
    """The four URLs of an importer's pages under `route` (e.g. "import/"): the upload page (`name`), its
    template (`name`_template), a job's page (`job_name`, default `name`_job) and its confirmation
    (`name`_confirm). `attributes` are the views' (title, noun, list_url_name, permission_required,
    breadcrumbs, preview_inline, confirm_to_job, a `heading` function, …)."""
    names = {"import": name, "template": f"{name}_template", "job": job_name or f"{name}_job",
             "confirm": f"{name}_confirm"}
    wired = {"importer": importer, "import_url_name": f"{namespace}:{names['import']}",
             "template_url_name": f"{namespace}:{names['template']}", "job_url_name": f"{namespace}:{names['job']}",
             "job_confirm_url_name": f"{namespace}:{names['confirm']}", **attributes}
    if "heading" in wired:
        wired["heading"] = staticmethod(wired["heading"])

    def view(base):
        return type(f"{importer.__name__}{base.__name__}", (base,), dict(wired)).as_view()

    return [
        path(route, view(ImportView), name=names["import"]),
        path(f"{route}template/", view(ImportTemplateView), name=names["template"]),
        path(f"{route}<int:pk>/", view(ImportJobView), name=names["job"]),
        path(f"{route}<int:pk>/confirm/", view(ImportJobConfirmView), name=names["confirm"]),
    ]
