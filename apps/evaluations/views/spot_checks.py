"""Spot checks: drawing a sample and recording what was found."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views import generic

from apps.core.policy import policy_for
from apps.core.views import ScopedDetailView, ScopedListView, ScopedUpdateView

from .. import services
from ..filters import SpotCheckFilter
from ..forms import SpotCheckDrawForm, SpotCheckItemForm
from ..models import SpotCheck, SpotCheckItem
from ..tables import SpotCheckTable
from .common import current_year


class SpotCheckListView(ScopedListView):
    model = SpotCheck
    table_class = SpotCheckTable
    filterset_class = SpotCheckFilter
    empty_text = "尚无抽查。省三方办可点击“抽取样本”按比例随机抽取。"

    def get_queryset(self):
        return super().get_queryset().annotate(n_items=Count("items")).order_by("-drawn_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if policy_for(SpotCheck).can(self.request.user, "draw"):
            context.update(create_url_name="evaluations:spotcheck_draw", create_label="抽取样本")
        return context


class SpotCheckDrawView(LoginRequiredMixin, generic.FormView):
    form_class = SpotCheckDrawForm
    template_name = "core/object_form.html"
    breadcrumbs = (("抽查", reverse_lazy("evaluations:spotcheck_list")),)
    extra_context = {"title": "抽取抽查样本", "submit_label": "抽取",
                     "confirm_text": "确定按此比例抽取？抽取结果和随机种子将被记录，不能更改。"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not policy_for(SpotCheck).can(request.user, "draw"):
                raise PermissionDenied("抽查由省三方办组织。")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"year": current_year(), "proportion": 10}

    def form_valid(self, form):
        data = form.cleaned_data
        check = services.draw_spot_check(self.request.user, data["year"], data["target"], data["proportion"],
                                         seed=data["seed"], title=data["title"])
        if not check.population:
            messages.warning(self.request, "抽查总体为空（本年度尚无已出具结论的评估），未抽中任何对象。")
        else:
            messages.success(self.request, f"已从 {check.population} 个对象中抽取 {check.items.count()} 个，"
                                           f"随机种子 {check.seed}。")
        return redirect("evaluations:spotcheck_detail", pk=check.pk)


class SpotCheckDetailView(ScopedDetailView):
    model = SpotCheck
    template_name = "evaluations/spotcheck_detail.html"
    breadcrumbs = SpotCheckDrawView.breadcrumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        check = self.object
        context.update(title=check.title, summary=services.spot_check_summary(check),
                       items=check.items.select_related("subject", "region", "checker"),
                       can_edit=self.request.user.has_perm("evaluations.change_spotcheckitem"))
        return context


class SpotCheckItemUpdateView(ScopedUpdateView):
    model = SpotCheckItem
    form_class = SpotCheckItemForm
    breadcrumbs = SpotCheckDrawView.breadcrumbs
    extra_context = {"title": "登记核查结果"}
    success_message = "核查结果已保存。"

    def get_queryset(self):
        user = self.request.user
        return SpotCheckItem.objects.filter(Q(pk__in=SpotCheckItem.objects.visible_to(user).values("pk"))
                                            | Q(checker=user)).select_related("spot_check")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.instance._change_reason = f"核查结果：{form.instance.get_result_display()}"
        self.object = form.save()
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return reverse("evaluations:spotcheck_detail", args=[self.object.spot_check_id])
