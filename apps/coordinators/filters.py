"""Filters of the coordinator app's lists; the list pages and the exports (apps.coordinators.exporting) share
them, so that a worker never imports a view module. Every region offered is limited to the user's own area."""

import django_filters
from django import forms
from django.utils import timezone

from apps.core.filters import PortalFilterSet
from apps.regions.models import Region

from .models import (
    AwardRecommendation,
    Contest,
    Coordinator,
    Education,
    GoldMedal,
    IdNumberAccess,
    SkillEvaluation,
    SkillLevel,
    Training,
    WorkplaceType,
)


def region_in_scope(user, code):
    """The region with this code if it lies inside the user's area, else None."""
    if not code:
        return None
    return Region.objects.visible_to(user).filter(code=code).first()


class RegionCodeFilterMixin(PortalFilterSet):
    region = django_filters.CharFilter(method="in_region", label="区划代码",
                                       widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                                     "placeholder": "如 420102"}))

    def in_region(self, queryset, name, value):
        region = region_in_scope(self.request.user, value.strip())
        return queryset.inside(region.path) if region else queryset.none()


def small_fields(filterset):
    for field in filterset.form.fields.values():
        css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
        field.widget.attrs.setdefault("class", css)


class CoordinatorFilter(RegionCodeFilterMixin):
    q = django_filters.CharFilter(method="search", label="姓名")
    workplace_type = django_filters.ChoiceFilter(choices=WorkplaceType.choices, label="工作单位类型")
    skill_level = django_filters.ChoiceFilter(choices=SkillLevel.choices[1:], label="技能等级")
    education = django_filters.ChoiceFilter(choices=Education.choices, label="学历")
    status = django_filters.ChoiceFilter(choices=Coordinator.Status.choices, label="在岗状态")
    # the reviewer's queue: 待确认 coordinators are not on the public list until confirmed
    confirmation = django_filters.ChoiceFilter(choices=Coordinator.Confirmation.choices, label="审核确认")

    class Meta:
        model = Coordinator
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        small_fields(self)

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value.strip())


class IdAccessFilter(RegionCodeFilterMixin):
    name = django_filters.CharFilter(field_name="coordinator__name", lookup_expr="icontains", label="协调员姓名")

    class Meta:
        model = IdNumberAccess
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        small_fields(self)


class SkillEvaluationFilter(RegionCodeFilterMixin):
    level = django_filters.ChoiceFilter(choices=SkillLevel.choices[1:], label="申报等级")
    result = django_filters.ChoiceFilter(choices=SkillEvaluation.Result.choices, label="结果")
    year = django_filters.NumberFilter(field_name="date", lookup_expr="year", label="年度")

    class Meta:
        model = SkillEvaluation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        small_fields(self)


class AwardFilter(PortalFilterSet):
    award = django_filters.ChoiceFilter(choices=AwardRecommendation.Award.choices, label="推荐荣誉")
    outcome = django_filters.ChoiceFilter(choices=AwardRecommendation.Outcome.choices, label="评定结果")
    year = django_filters.NumberFilter(label="年度")

    class Meta:
        model = AwardRecommendation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        small_fields(self)


class ContestFilter(RegionCodeFilterMixin):
    year = django_filters.NumberFilter(field_name="date", lookup_expr="year", label="年度")

    class Meta:
        model = Contest
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        small_fields(self)


class TrainingFilter(RegionCodeFilterMixin):
    year = django_filters.NumberFilter(field_name="date", lookup_expr="year", label="年度")
    topic = django_filters.CharFilter(lookup_expr="icontains", label="主题")

    class Meta:
        model = Training
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        small_fields(self)


class GoldMedalFilter(RegionCodeFilterMixin):
    year = django_filters.NumberFilter(label="年度")
    level = django_filters.ChoiceFilter(choices=GoldMedal.Level.choices, label="层级")

    class Meta:
        model = GoldMedal
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("year", str(timezone.localdate().year))
        super().__init__(data, *args, **kwargs)
        small_fields(self)
