"""The risk list's filter; the list page and the export (apps.risks.exporting) share it, so that a worker
never imports a view module. The region offered is limited to the user's own area."""

import django_filters
from django import forms

from apps.coordinators.filters import RegionCodeFilterMixin, small_fields

from .models import RiskReport


class RiskFilter(RegionCodeFilterMixin):
    status = django_filters.ChoiceFilter(choices=RiskReport.Status.choices, label="处置状态")
    category = django_filters.ChoiceFilter(choices=RiskReport.Category.choices, label="风险类别")
    severity = django_filters.ChoiceFilter(choices=RiskReport.Severity.choices, label="风险等级")
    overdue = django_filters.BooleanFilter(method="only_overdue", label="仅看超期",
                                           widget=forms.Select(choices=[("", "全部"), ("true", "是")]))

    class Meta:
        model = RiskReport
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        small_fields(self)

    def only_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
