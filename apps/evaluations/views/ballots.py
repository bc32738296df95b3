"""The workers' satisfaction ballot: the managing page (the public page where codes are answered is
apps/public/views/ballot.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View, generic

from .. import services, workflow
from ..forms import OnlineBallotForm, PaperBallotForm
from ..models import SatisfactionBallot
from .common import AssessmentAccess


class BallotManageView(AssessmentAccess, generic.TemplateView):
    """The ballot of one self-assessment. The enterprise records a paper ballot or asks for an online one and
    sees only figures; the codes are printed and handed out by the county (or township) office, directly or
    through the union; only the county reviewer may cancel a ballot, with a reason kept in 变更记录."""

    template_name = "evaluations/ballot_manage.html"

    def setup_sheet(self):
        self.assessment = self.get_assessment()
        if not self.assessment.needs_ballot:
            raise Http404("此评估表不需要职工满意度测评。")
        self.ballot = getattr(self.assessment, "ballot", None)
        if services.close_if_due(self.ballot):  # its deadline passed: closed before anyone looks
            self.ballot.refresh_from_db()
        user = self.request.user
        self.can_edit = self.assessment.is_editable and workflow.is_filler(user, self.assessment)
        self.distributor_problem = services.code_distributor_problem(user, self.assessment)
        self.can_distribute = not self.distributor_problem
        self.can_record_paper = (self.assessment.is_editable
                                 and not services.paper_recorder_problem(user, self.assessment))
        self.can_open = self.assessment.is_editable and (self.can_edit or self.can_distribute)
        self.can_resize = workflow.is_reviewer(user, self.assessment)
        self.can_close = not services.ballot_closer_problem(user, self.assessment)
        self.can_cancel = (self.ballot is not None and not self.assessment.is_concluded
                           and workflow.is_reviewer(user, self.assessment))
        self.is_office = user.kind == user.Kind.STAFF

    def get(self, request, *args, **kwargs):
        self.setup_sheet()
        if request.GET.get("format") == "xlsx":
            return self.codes_xlsx()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ballot = self.ballot
        context.update(title="职工满意度测评", assessment=self.assessment, ballot=ballot, can_edit=self.can_edit,
                       can_open=self.can_open, can_distribute=self.can_distribute, can_cancel=self.can_cancel,
                       can_close=self.can_close, can_resize=self.can_resize, is_office=self.is_office,
                       can_record_paper=self.can_record_paper, headcount=services.ledger_headcount(self.assessment),
                       iset=self.assessment.indicator_set, ballot_log=services.ballot_log(self.assessment),
                       union_offices=services.union_offices_for(self.assessment),
                       paper_refused=services.paper_recorder_problem(self.request.user, self.assessment))
        if ballot is None and self.can_open:
            if self.can_record_paper:
                context.setdefault("paper_form", PaperBallotForm(prefix="paper",
                                                                 initial={"eligible": context["headcount"]}))
            context.setdefault("online_form", OnlineBallotForm(prefix="online",
                                                               initial={"eligible": context["headcount"]}))
        if ballot is not None and ballot.method == SatisfactionBallot.Method.ONLINE:
            context["counts"] = services.ballot_counts(ballot)
            if ballot.results_visible:
                context["breakdown"] = services.ballot_breakdown(ballot)
            if ballot.status == SatisfactionBallot.Status.OPEN and self.can_distribute:
                context["codes"] = list(ballot.codes.filter(used=False).order_by("code").values_list("code", flat=True))
                context["ballot_url"] = self.request.build_absolute_uri(reverse("public:ballot"))
        return context

    def post(self, request, *args, **kwargs):
        self.setup_sheet()
        what = request.POST.get("what")
        if what == "cancel":
            return self.cancel(request)
        if what in ("paper", "online", "close") and not self.assessment.is_editable:
            raise PermissionDenied("评估表已提交并锁定，不能修改测评。")
        if what == "paper" and self.ballot is None:
            if not self.can_record_paper:
                raise PermissionDenied(services.paper_recorder_problem(request.user, self.assessment))
            form = PaperBallotForm(request.POST, request.FILES, prefix="paper")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(paper_form=form), status=400)
            ballot = form.save(commit=False)
            ballot.assessment = self.assessment
            ballot.method = SatisfactionBallot.Method.PAPER
            ballot.status = SatisfactionBallot.Status.CLOSED
            ballot._change_reason = f"{request.user.office}凭签字的测评会议记录录入纸质测评结果"[:100]
            ballot.save()
            messages.success(request, "纸质测评结果已录入。")
        elif what == "online" and self.ballot is None and self.can_open:
            form = OnlineBallotForm(request.POST, prefix="online")
            if form.is_valid():
                try:
                    eligible, reason = services.online_ballot_size(
                        self.assessment, request.user, form.cleaned_data["eligible"], form.cleaned_data["reason"])
                except services.BallotSizeRefused as exc:
                    form.add_error(None, str(exc))
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(online_form=form), status=400)
            services.open_online_ballot(self.assessment, eligible, reason=reason)
            messages.success(request, f"已生成 {eligible} 个匿名测评码，由县（市、区）三方办打印后分发给职工。")
        elif what == "close" and self.ballot is not None and self.ballot.status == SatisfactionBallot.Status.OPEN:
            if not self.can_close:
                raise PermissionDenied(services.ballot_closer_problem(request.user, self.assessment))
            services.close_ballot(self.ballot, reason=f"{request.user.office}提前结束"[:60])
            messages.success(request, "线上测评已结束。")
        elif what in ("reset", "paper", "online", "close"):
            raise PermissionDenied("您不能进行此操作。测评一经开展，只能由县（市、区）三方办审核人员说明原因后撤销。")
        else:
            messages.error(request, "操作无效。")
        return redirect("evaluations:ballot_manage", pk=self.assessment.pk)

    def cancel(self, request):
        if self.ballot is None:
            messages.error(request, "尚未开展测评，无需撤销。")
            return redirect("evaluations:ballot_manage", pk=self.assessment.pk)
        try:
            services.cancel_ballot(self.ballot, request.user, request.POST.get("reason"))
        except services.BallotCancelRefused as exc:
            if not self.can_cancel:
                raise PermissionDenied(str(exc)) from None
            return self.render_to_response(self.get_context_data(cancel_reason=request.POST.get("reason", ""),
                                                                 cancel_error=str(exc)), status=400)
        messages.success(request, "已撤销本次测评，撤销原因已记入变更记录；企业可重新开展测评。")
        return redirect("evaluations:ballot_manage", pk=self.assessment.pk)

    def codes_xlsx(self):
        if self.ballot is None or self.ballot.method != SatisfactionBallot.Method.ONLINE:
            raise Http404
        if not self.can_distribute:
            raise PermissionDenied(self.distributor_problem)
        from apps.core.spreadsheets import download

        return download(services.ballot_codes_xlsx(self.ballot), f"ballot-codes-{self.assessment.pk}.xlsx")


class BallotMinutesView(AssessmentAccess, View):
    def get(self, request, pk):
        assessment = self.get_assessment(pk)
        ballot = getattr(assessment, "ballot", None)
        if ballot is None or not ballot.minutes:
            raise Http404
        if request.user.kind != request.user.Kind.STAFF:
            raise PermissionDenied("测评会议记录由三方办保存，企业只看到测评结果。")
        try:
            return FileResponse(ballot.minutes.open("rb"), as_attachment=True,
                                filename=ballot.minutes.name.rsplit("/", 1)[-1])
        except FileNotFoundError:
            raise Http404("文件不存在。") from None
