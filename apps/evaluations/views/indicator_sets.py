"""Indicator sets and their indicators, maintained by the province office."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views import View

from apps.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin, ScopedUpdateView

from ..filters import IndicatorSetFilter
from ..forms import IndicatorForm, IndicatorSetForm
from ..models import Indicator, IndicatorSet
from ..tables import IndicatorSetTable


class IndicatorSetListView(ScopedListView):
    model = IndicatorSet
    table_class = IndicatorSetTable
    filterset_class = IndicatorSetFilter
    empty_text = "指标体系由省三方办制定和发布；各地可在评估表中查看所用版本的各项指标。"


class ProvinceEditorMixin:
    """Indicator sets are edited by province staff, and only while a draft."""

    @staticmethod
    def is_owner(user, indicator_set):
        """The office that made the set (the province office) maintains it."""
        return user.is_superuser or bool(user.office_id and user.office.region_id == indicator_set.region_id)

    def check_owner(self, indicator_set):
        if not self.is_owner(self.request.user, indicator_set):
            raise PermissionDenied("指标体系由制定它的三方办（省三方办）维护。")

    def check_editor(self, indicator_set):
        self.check_owner(indicator_set)
        if not indicator_set.is_editable:
            raise PermissionDenied("已发布的指标体系不能修改；请“生成新版本”后在新版本中修改。")


class IndicatorSetDetailView(ScopedDetailView):
    model = IndicatorSet
    template_name = "evaluations/indicatorset_detail.html"
    breadcrumbs = (("评价指标体系", reverse_lazy("evaluations:indicatorset_list")),)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        iset = self.object
        user = self.request.user
        aspects = iset.indicators.filter(parent__isnull=True).prefetch_related(
            Prefetch("children", queryset=Indicator.objects.order_by("order", "code")))
        owner = ProvinceEditorMixin.is_owner(user, iset)
        context.update(title=str(iset), aspects=aspects, problems=iset.problems() if iset.is_editable else [],
                       can_edit=iset.is_editable and owner and user.has_perm("evaluations.change_indicatorset"),
                       can_copy=owner and user.has_perm("evaluations.add_indicatorset"),
                       used_by=iset.assessments.visible_to(user).count())
        return context


class IndicatorSetUpdateView(ProvinceEditorMixin, ScopedUpdateView):
    model = IndicatorSet
    form_class = IndicatorSetForm
    breadcrumbs = IndicatorSetDetailView.breadcrumbs
    extra_context = {"title": "编辑指标体系"}

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.check_editor(obj)
        return obj

    def get_success_url(self):
        return reverse("evaluations:indicatorset_detail", args=[self.object.pk])


class IndicatorSetActionView(ScopedMixin, ProvinceEditorMixin, View):
    """Publish a draft, or copy any version into a new draft."""

    model = IndicatorSet
    default_permission = "change"

    def post(self, request, pk, action):
        iset = get_object_or_404(IndicatorSet.objects.visible_to(request.user), pk=pk)
        if action == "publish":
            self.check_editor(iset)
            problems = iset.problems()
            if problems:
                messages.error(request, "不能发布：" + "；".join(problems))
                return redirect("evaluations:indicatorset_detail", pk=pk)
            from django.utils import timezone

            iset.status, iset.published_at, iset.published_by = IndicatorSet.Status.PUBLISHED, timezone.now(), request.user
            iset._change_reason = "发布"
            iset.save()
            messages.success(request, f"{iset} 已发布，新开始的评估表将使用此版本。")
            return redirect("evaluations:indicatorset_detail", pk=pk)
        if action == "new-version":
            self.check_owner(iset)
            if not request.user.has_perm("evaluations.add_indicatorset"):
                raise PermissionDenied
            copy = iset.new_version(request.user)
            messages.success(request, f"已生成 {copy}（草稿），修改后发布。")
            return redirect("evaluations:indicatorset_detail", pk=copy.pk)
        raise Http404


class IndicatorFormMixin(ProvinceEditorMixin):
    model = Indicator
    form_class = IndicatorForm
    breadcrumbs = IndicatorSetDetailView.breadcrumbs

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicator_set": self.indicator_set}

    def get_success_url(self):
        return reverse("evaluations:indicatorset_detail", args=[self.indicator_set.pk])

    def get_permission_required(self):
        return ("evaluations.change_indicatorset",)


class IndicatorCreateView(IndicatorFormMixin, ScopedCreateView):
    sweep_models = {"set_pk": IndicatorSet}
    extra_context = {"title": "新增指标"}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.indicator_set = get_object_or_404(IndicatorSet.objects.visible_to(request.user), pk=kwargs["set_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        self.check_editor(self.indicator_set)
        return super().get_form(form_class)


class IndicatorUpdateView(IndicatorFormMixin, ScopedUpdateView):
    extra_context = {"title": "编辑指标"}

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.indicator_set = obj.indicator_set
        self.check_editor(obj.indicator_set)
        return obj


class IndicatorDeleteView(ScopedMixin, ProvinceEditorMixin, View):
    model = Indicator

    def get_permission_required(self):
        return ("evaluations.change_indicatorset",)

    def post(self, request, pk):
        indicator = get_object_or_404(Indicator.objects.visible_to(request.user), pk=pk)
        self.check_editor(indicator.indicator_set)
        indicator.delete()
        messages.success(request, f"已删除指标“{indicator}”。")
        return redirect("evaluations:indicatorset_detail", pk=indicator.indicator_set_id)
