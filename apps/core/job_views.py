"""我的任务: the user's own background jobs, their progress and their result files."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.views import generic

from .models import BackgroundJob


class OwnJobsMixin(LoginRequiredMixin):
    model = BackgroundJob

    def get_queryset(self):
        return BackgroundJob.objects.visible_to(self.request.user)


class JobListView(OwnJobsMixin, generic.ListView):
    template_name = "core/job_list.html"
    paginate_by = 20


class JobDetailView(OwnJobsMixin, generic.DetailView):
    template_name = "core/job_detail.html"

    def get_template_names(self):
        # htmx polls the progress fragment until the job has finished
        if self.request.htmx:
            return ["core/_job_progress.html"]
        return [self.template_name]


class JobDownloadView(OwnJobsMixin, generic.View):
    def get(self, request, pk):
        job = self.get_queryset().filter(pk=pk).first()
        if job is None or not job.result_file:
            raise Http404("文件不存在")
        return FileResponse(job.result_file.open("rb"), as_attachment=True,
                            filename=job.params.get("filename") or job.result_file.name.rsplit("/", 1)[-1])
