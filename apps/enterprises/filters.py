"""Filters of the enterprise list; every choice offered is limited to the user's own area."""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from apps.core import querying
from apps.core.filters import PortalFilterSet
from apps.parks.models import Park
from apps.regions.models import Region

from .models import CAMPAIGN_YEARS, SIZE_BANDS, CreationRecord, Enterprise, Industry


class FastSelect(forms.Select):
    """A <select> drawn in one pass (Django's per-option templates cost ~20 ms for 200 options)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = "" if value in (None, "") else str(value)
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            ("" if v in (None, "") else str(v), mark_safe(" selected") if str(v) == selected else "", label)
            for v, label in self.choices))
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


# 达标 and 示范 together: what the home counter "本年创建达标企业" counts, so its link opens the same rows.
REACHED = "reached"
REACHED_CHOICE = (REACHED, "达标（含示范）")
REACHED_STATUSES = [CreationRecord.Status.QUALIFIED, CreationRecord.Status.DEMONSTRATION]


current_year = querying.current_year  # one definition (apps/core/querying.py)


class RegionTreeChoiceField(forms.ModelChoiceField):
    """Regions from the user's area down two levels, indented like a tree."""

    INDENT = {"province": 0, "city": 1, "county": 2, "township": 3}

    def label_from_instance(self, obj):
        return "　" * max(self.INDENT.get(obj.level, 0) - self.top, 0) + obj.name

    top = 1


class RegionTreeFilter(django_filters.ModelChoiceFilter):
    field_class = RegionTreeChoiceField


class EnterpriseFilter(PortalFilterSet):
    q = django_filters.CharFilter(label="名称或代码", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "企业名称或统一社会信用代码"}))
    region = RegionTreeFilter(label="区划", queryset=Region.objects.none(), method="filter_region",
                              empty_label="（本辖区全部）")
    year = django_filters.ChoiceFilter(label="年度", choices=CAMPAIGN_YEARS, method="filter_noop", empty_label=None)
    status = django_filters.ChoiceFilter(label="创建状态", choices=[*CreationRecord.Status.choices, REACHED_CHOICE],
                                         method="filter_status", empty_label="（全部）")
    industry = django_filters.ChoiceFilter(label="行业", choices=Industry.choices, empty_label="（全部）")
    size = django_filters.ChoiceFilter(label="规模", choices=[(k, label) for k, label, _, _ in SIZE_BANDS],
                                       method="filter_size", empty_label="（全部）")
    park = django_filters.ModelChoiceFilter(label="园区", queryset=Park.objects.none(), empty_label="（全部）")

    class Meta:
        model = Enterprise
        fields = []  # every filter is declared above, in the order shown

    def __init__(self, data=None, *args, request=None, **kwargs):
        from django.http import QueryDict

        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("year", str(current_year()))
        super().__init__(data, *args, request=request, **kwargs)
        user = request.user if request is not None else None
        field = self.filters["region"]
        regions = Region.objects.visible_to(user).order_by("path")
        top = user.region if user is not None and getattr(user, "scope_path", None) else None
        depth = 0
        if top is not None:
            depth = RegionTreeChoiceField.INDENT.get(top.level, 0)
            levels = [lvl for lvl, d in RegionTreeChoiceField.INDENT.items() if depth < d <= depth + 2]
            regions = regions.filter(level__in=levels)
        self._top = depth + 1 if top is not None else 1
        field.queryset = regions.only("pk", "name", "level", "path")
        self.filters["park"].queryset = Park.objects.visible_to(user).order_by("name").only("pk", "name")

    @property
    def form(self):
        form = super().form
        form.fields["region"].top = self._top
        for name, field in form.fields.items():
            if isinstance(field.widget, forms.Select) and not isinstance(field.widget, FastSelect):
                fast = FastSelect(attrs=field.widget.attrs)
                fast.choices = field.widget.choices
                fast.is_required = field.widget.is_required
                field.widget = fast
            css = "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
            field.widget.attrs.setdefault("class", css)
        return form

    @property
    def selected_year(self):
        """The ledger year asked for (`apps.core.querying.campaign_year` of the filter's data)."""
        return querying.campaign_year(self.data if self.is_bound else {})

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if len(value) == 18 and value[:2].isdigit():
            return queryset.filter(uscc=value.upper())
        # contains / startswith (not the i- forms): served by the trigram and pattern indexes
        return queryset.filter(Q(name__contains=value) | Q(uscc__startswith=value.upper()))

    def filter_region(self, queryset, name, value):
        return queryset.inside(value.path)

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_status(self, queryset, name, value):
        year = self.selected_year
        if value == REACHED:
            return queryset.with_status_in(year, REACHED_STATUSES)
        if value == CreationRecord.Status.NOT_STARTED:  # no record for the year counts as not started
            others = [s for s in CreationRecord.Status.values if s != value]
            return queryset.exclude(subject_id__in=CreationRecord.objects.filter(year=year, status__in=others)
                                    .order_by().values("subject_id"))
        return queryset.with_status_in(year, [value])

    def filter_size(self, queryset, name, value):
        return queryset.in_size_band(value)
