"""The workers' satisfaction ballot: the managing page and the public page where codes are answered."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View, generic
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from .. import services, workflow
from ..forms import BallotAnswerForm, BallotCodeForm, OnlineBallotForm, PaperBallotForm
from ..models import SatisfactionBallot
from .common import AssessmentAccess


class BallotManageView(AssessmentAccess, generic.TemplateView):
    template_name = "evaluations/ballot_manage.html"

    def setup_sheet(self):
        self.assessment = self.get_assessment()
        self.ballot = getattr(self.assessment, "ballot", None)
        self.can_edit = self.assessment.is_editable and workflow.is_filler(self.request.user, self.assessment)
        if not self.assessment.needs_ballot:
            raise Http404("此评估表不需要职工满意度测评。")

    def get(self, request, *args, **kwargs):
        self.setup_sheet()
        if request.GET.get("format") == "xlsx":
            return self.codes_xlsx()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ballot = self.ballot
        context.update(title="职工满意度测评", assessment=self.assessment, ballot=ballot, can_edit=self.can_edit,
                       iset=self.assessment.indicator_set)
        if ballot is None and self.can_edit:
            context.setdefault("paper_form", PaperBallotForm(prefix="paper"))
            context.setdefault("online_form", OnlineBallotForm(prefix="online"))
        if ballot is not None and ballot.method == SatisfactionBallot.Method.ONLINE:
            context["codes_left"] = ballot.codes.filter(used=False).count()
            context["breakdown"] = services.ballot_breakdown(ballot)
            if ballot.status == SatisfactionBallot.Status.OPEN and self.can_edit:
                context["codes"] = list(ballot.codes.filter(used=False).order_by("code").values_list("code", flat=True))
                context["ballot_url"] = self.request.build_absolute_uri(reverse("evaluations:ballot_entry"))
        return context

    def post(self, request, *args, **kwargs):
        self.setup_sheet()
        if not self.can_edit:
            raise PermissionDenied("评估表已提交并锁定，不能修改测评。")
        what = request.POST.get("what")
        if what == "paper" and self.ballot is None:
            form = PaperBallotForm(request.POST, request.FILES, prefix="paper")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(paper_form=form), status=400)
            ballot = form.save(commit=False)
            ballot.assessment = self.assessment
            ballot.method = SatisfactionBallot.Method.PAPER
            ballot.status = SatisfactionBallot.Status.CLOSED
            ballot._change_reason = "录入纸质测评结果"
            ballot.save()
            messages.success(request, "纸质测评结果已录入。")
        elif what == "online" and self.ballot is None:
            form = OnlineBallotForm(request.POST, prefix="online")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(online_form=form), status=400)
            services.open_online_ballot(self.assessment, form.cleaned_data["eligible"])
            messages.success(request, f"已发放 {form.cleaned_data['eligible']} 个匿名测评码。")
        elif what == "close" and self.ballot is not None and self.ballot.status == SatisfactionBallot.Status.OPEN:
            services.close_ballot(self.ballot)
            messages.success(request, "线上测评已结束。")
        elif what == "reset" and self.ballot is not None:
            self.ballot.delete()
            messages.success(request, "已撤销本次测评，可重新开展。")
        else:
            messages.error(request, "操作无效。")
        return redirect("evaluations:ballot_manage", pk=self.assessment.pk)

    def codes_xlsx(self):
        if self.ballot is None or self.ballot.method != SatisfactionBallot.Method.ONLINE or not self.can_edit:
            raise Http404
        from apps.core.spreadsheets import download

        return download(services.ballot_codes_xlsx(self.ballot), f"ballot-codes-{self.assessment.pk}.xlsx")


class BallotMinutesView(AssessmentAccess, View):
    def get(self, request, pk):
        assessment = self.get_assessment(pk)
        ballot = getattr(assessment, "ballot", None)
        if ballot is None or not ballot.minutes:
            raise Http404
        try:
            return FileResponse(ballot.minutes.open("rb"), as_attachment=True,
                                filename=ballot.minutes.name.rsplit("/", 1)[-1])
        except FileNotFoundError:
            raise Http404("文件不存在。") from None


@method_decorator([never_cache, csrf_protect], name="dispatch")
class BallotEntryView(View):
    """Workers enter their one-time code on a phone-sized page, without logging in."""

    template = "evaluations/ballot_public.html"

    def get(self, request):
        return render(request, self.template, {"form": BallotCodeForm(), "step": "code"})

    def post(self, request):
        if "overall" in request.POST or request.POST.get("step") == "answer":
            return self.answer(request)
        form = BallotCodeForm(request.POST)
        if form.is_valid():
            try:
                row = services.find_open_code(form.cleaned_data["code"])
            except services.BallotRefused as exc:
                form.add_error("code", str(exc))
            else:
                return render(request, self.template, {
                    "form": BallotAnswerForm(initial={"code": row.code}), "step": "answer",
                    "enterprise": row.ballot.assessment.subject.name})
        return render(request, self.template, {"form": form, "step": "code"}, status=400)

    def answer(self, request):
        form = BallotAnswerForm(request.POST)
        if form.is_valid():
            answers = {k: v for k, v in form.cleaned_data.items() if k != "code"}
            try:
                services.cast_ballot(form.cleaned_data["code"], answers)
            except services.BallotRefused as exc:
                return render(request, self.template, {"form": BallotCodeForm(), "step": "code",
                                                       "refused": str(exc)}, status=400)
            return render(request, self.template, {"step": "done"})
        return render(request, self.template, {"form": form, "step": "answer"}, status=400)
