"""职工满意度测评: workers answer the online ballot with their one-time code (apps/evaluations/services.py)."""

from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from apps.evaluations import services

from ..forms import BallotAnswerForm, BallotCodeForm


@method_decorator([never_cache, csrf_protect], name="dispatch")
class BallotView(View):
    """Workers enter their one-time code on a phone-sized page, without logging in."""

    template = "public/ballot.html"

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
