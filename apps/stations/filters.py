"""Filter form of the station ledger (also used by the export engine, never through a view module)."""

import django_filters
from django.db.models import Q

from apps.regions.models import Region

from .models import Service, Station


class StationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="站点名称/地址")
    area = django_filters.ModelChoiceFilter(
        queryset=lambda request: Region.objects.visible_to(request.user).filter(
            level__in=[Region.Level.CITY, Region.Level.COUNTY]), method="filter_area", label="所在区划")
    kind = django_filters.ChoiceFilter(choices=Station.Kind.choices, label="站点类型")
    service = django_filters.ChoiceFilter(choices=Service.choices, method="filter_service", label="服务内容")
    acceptance_result = django_filters.ChoiceFilter(choices=Station.Acceptance.choices, label="验收结果")
    model_status = django_filters.ChoiceFilter(choices=Station.ModelStatus.choices[1:], label="样板站点")

    class Meta:
        model = Station
        fields = ["q", "area", "kind", "service", "acceptance_result", "model_status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))

    def filter_area(self, queryset, name, value):
        return queryset.filter(region__path__startswith=value.path)

    def filter_service(self, queryset, name, value):
        return queryset.offering(value)
