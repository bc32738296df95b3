"""Filter forms of the evaluations lists (also used by the export job in tasks.py)."""

import django_filters

from apps.core.filters import PortalFilterSet
from apps.enterprises.models import CAMPAIGN_YEARS, Subject

from .models import Agency, Assessment, IndicatorSet, SpotCheck


class AssessmentFilter(PortalFilterSet):
    q = django_filters.CharFilter(field_name="subject__name", lookup_expr="icontains", label="主体名称")
    year = django_filters.ChoiceFilter(choices=CAMPAIGN_YEARS, label="年度")
    kind = django_filters.ChoiceFilter(choices=Assessment.Kind.choices, label="评估类型")
    status = django_filters.ChoiceFilter(choices=Assessment.Status.choices, label="状态")

    class Meta:
        model = Assessment
        fields = ["q", "year", "kind", "status"]


class IndicatorSetFilter(PortalFilterSet):
    subject_kind = django_filters.ChoiceFilter(choices=Subject.Kind.choices, label="适用主体")
    status = django_filters.ChoiceFilter(choices=IndicatorSet.Status.choices, label="状态")

    class Meta:
        model = IndicatorSet
        fields = ["subject_kind", "status"]


class AgencyFilter(PortalFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="机构名称")

    class Meta:
        model = Agency
        fields = ["q"]


class SpotCheckFilter(PortalFilterSet):
    year = django_filters.ChoiceFilter(choices=CAMPAIGN_YEARS, label="年度")
    target = django_filters.ChoiceFilter(choices=SpotCheck.Target.choices, label="抽查对象")

    class Meta:
        model = SpotCheck
        fields = ["year", "target"]
