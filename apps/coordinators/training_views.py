"""Trainings, attendance and the yearly check that every county (and busy township or park) trained."""

import django_tables2 as tables
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import generic

from apps.core import exports
from apps.core.views import ScopedCreateView, ScopedDetailView, ScopedListView, ScopedMixin, ScopedUpdateView

from .exporting import AttendanceExporter, TrainingExporter
from .filters import TrainingFilter
from .forms import AttendanceAddForm, TrainingForm
from .models import Training, TrainingAttendance
from .stats import training_gaps
from .views import TABLE_ATTRS

TRAINING_CRUMB = (("协调员培训", reverse_lazy("coordinators:training_list")),)


class TrainingTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d", verbose_name="培训日期")
    topic = tables.Column(linkify=("coordinators:training_detail", {"pk": tables.A("pk")}), verbose_name="培训主题")
    hours = tables.Column(verbose_name="学时")
    organiser = tables.Column(verbose_name="主办单位", order_by=("organiser__region__code",))
    region = tables.Column(verbose_name="举办区划", order_by=("region__code",))
    n = tables.Column(verbose_name="参训人数", attrs={"td": {"class": "text-end"}})

    class Meta:
        attrs = TABLE_ATTRS

    def render_region(self, record):
        return record.region.full_name + (f" · {record.park.name}" if record.park_id else "")


class TrainingListView(ScopedListView):
    model = Training
    table_class = TrainingTable
    filterset_class = TrainingFilter
    template_name = "coordinators/training_list.html"
    empty_text = "尚无培训记录。"
    empty_action = "可点击“新增培训”登记，或下载模板批量导入。"

    def get_queryset(self):
        return (super().get_queryset().select_related("organiser__region", "region", "park")
                .annotate(n=Count("attendance")).order_by("-date", "pk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title="协调员培训", create_url_name="coordinators:training_add", create_label="新增培训")
        return context


class TrainingExportView(ScopedMixin, generic.View):
    model = Training

    def get(self, request):
        return exports.export_response(TrainingExporter, request)


class TrainingFormMixin:
    model = Training
    form_class = TrainingForm
    breadcrumbs = TRAINING_CRUMB

    def get_success_url(self):
        return reverse("coordinators:training_detail", args=[self.object.pk])


class TrainingCreateView(TrainingFormMixin, ScopedCreateView):
    extra_context = {"title": "新增培训"}
    success_message = "培训已登记，可在详情页添加参训协调员。"

    def get_initial(self):
        office = self.request.user.office
        return {"organiser": office, "region": office.region if office else None, "date": timezone.localdate()}


class TrainingUpdateView(TrainingFormMixin, ScopedUpdateView):
    extra_context = {"title": "修改培训"}


class TrainingDetailView(ScopedDetailView):
    model = Training
    template_name = "coordinators/training_detail.html"
    breadcrumbs = TRAINING_CRUMB

    def get_queryset(self):
        return super().get_queryset().select_related("organiser__region", "region", "park")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attendance = self.object.attendance.select_related("coordinator__region").order_by("coordinator__name")
        context.update(title=self.object.topic, attendance=attendance,
                       add_form=kwargs.get("add_form") or AttendanceAddForm(training=self.object,
                                                                          user=self.request.user),
                       can_edit=self.request.user.has_perm("coordinators.add_trainingattendance"),
                       can_mark=self.request.user.has_perm("coordinators.change_trainingattendance"))
        return context


class AttendanceAddView(TrainingDetailView):
    permission_required = ("coordinators.add_trainingattendance",)
    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = self.get_object()
        form = AttendanceAddForm(request.POST, training=self.object, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, self.get_context_data(object=self.object, add_form=form))
        with transaction.atomic():
            existing = set(self.object.attendance.values_list("coordinator_id", flat=True))
            new = [c for c in form.cleaned_data["people"] if c.pk not in existing]
            passed = form.cleaned_data["passed"]
            TrainingAttendance.objects.bulk_create([TrainingAttendance(training=self.object, coordinator=c,
                                                                       passed=passed)
                                                    for c in new], ignore_conflicts=True)
        messages.success(request, f"已添加{len(new)}名参训协调员。" if new else "这些协调员都已在签到名单中。")
        return HttpResponseRedirect(reverse("coordinators:training_detail", args=[pk]))


class AttendanceResultView(ScopedMixin, generic.View):
    """考核结果: mark one attendee 合格 or 不合格 (?passed=1/0)."""

    model = TrainingAttendance
    default_permission = "change"

    def post(self, request, pk):
        row = get_object_or_404(TrainingAttendance.objects.visible_to(request.user).select_related("coordinator"),
                                pk=pk)
        row.passed = request.POST.get("passed") == "1"
        row.save(update_fields=["passed"])
        messages.success(request, f"已将{row.coordinator.name}的考核结果改为{'合格' if row.passed else '不合格'}。")
        return HttpResponseRedirect(reverse("coordinators:training_detail", args=[row.training_id]))


class AttendanceDeleteView(ScopedMixin, generic.View):
    model = TrainingAttendance
    default_permission = "delete"

    def post(self, request, pk):
        row = get_object_or_404(TrainingAttendance.objects.visible_to(request.user).select_related("coordinator"),
                                pk=pk)
        training_id = row.training_id
        row.delete()
        messages.success(request, f"已将{row.coordinator.name}移出签到名单。")
        return HttpResponseRedirect(reverse("coordinators:training_detail", args=[training_id]))


class AttendanceExportView(ScopedMixin, generic.View):
    model = Training

    def get(self, request, pk):
        training = get_object_or_404(Training.objects.visible_to(request.user), pk=pk)
        return exports.export_response(AttendanceExporter, request, query=QueryDict(f"training={training.pk}"))


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2023, max_value=2035, required=False, label="年度",
                              widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))


class TrainingCheckView(ScopedMixin, generic.TemplateView):
    """年度培训检查: counties, and townships and parks with many enterprises, without a training this year."""

    model = Training
    template_name = "coordinators/training_check.html"
    breadcrumbs = TRAINING_CRUMB

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = YearForm(self.request.GET or None)
        year = (form.cleaned_data.get("year") if form.is_valid() else None) or timezone.localdate().year
        threshold = settings.COORDINATOR_TRAINING_ENTERPRISE_THRESHOLD
        context.update(title="年度培训检查", form=form, year=year, threshold=threshold,
                       gaps=training_gaps(self.request.user, year, threshold))
        return context
