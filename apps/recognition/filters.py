"""Filters of the recognition lists (the list pages and the Excel export share them). Bad input — a NUL byte,
an unknown code, a huge year — makes the form invalid and the list empty, never an error page."""

import django_filters
from django import forms
from django.db.models import Q

from apps.coordinators.filters import RegionCodeFilterMixin, small_fields

from .forms import YEARS
from .models import Case, Commendation, Incentive

YEAR_CHOICES = [(y, f"{y}年") for y in YEARS]


class CaseFilter(RegionCodeFilterMixin):
    q = django_filters.CharFilter(method="search", label="标题或单位", max_length=50)
    year = django_filters.ChoiceFilter(choices=YEAR_CHOICES, label="年度")
    category = django_filters.ChoiceFilter(choices=Case.Category.choices, label="类别")
    status = django_filters.ChoiceFilter(choices=Case.Status.choices, label="状态")

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        small_fields(self)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(unit_name__icontains=value)) if value else queryset


class CommendationFilter(RegionCodeFilterMixin):
    q = django_filters.CharFilter(method="search", label="名称或姓名", max_length=50)
    year = django_filters.ChoiceFilter(choices=YEAR_CHOICES, label="年度")
    kind = django_filters.ChoiceFilter(choices=Commendation.Kind.choices, label="类别")
    status = django_filters.ChoiceFilter(choices=Commendation.Status.choices, label="状态")

    class Meta:
        model = Commendation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        small_fields(self)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(workplace__icontains=value)) if value else queryset


class IncentiveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="名称或文号", max_length=50)
    kind = django_filters.ChoiceFilter(choices=Incentive.Kind.choices, label="激励类型")
    year = django_filters.ChoiceFilter(choices=YEAR_CHOICES, field_name="issued_on", lookup_expr="year",
                                       label="发布年度")
    uscc = django_filters.CharFilter(method="for_enterprise", label="受益企业代码", max_length=18,
                                     widget=forms.TextInput(attrs={"placeholder": "统一社会信用代码"}))

    class Meta:
        model = Incentive
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        small_fields(self)

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(doc_number__icontains=value)) if value else queryset

    def for_enterprise(self, queryset, name, value):
        value = value.strip().upper()
        return queryset.filter(beneficiaries__uscc=value).distinct() if value else queryset
