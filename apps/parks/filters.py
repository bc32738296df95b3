"""Filter forms of the park and township lists (also used by the export engine, never through a view module)."""

import django_filters
from django.db.models import Q

from apps.core.filters import PortalFilterSet
from apps.regions.models import Region
from apps.stations.coverage import township_threshold

from .models import Park, Township


class AreaFilterMixin:
    """A region filter starting at the user's area: counties (and cities) inside it."""

    def filter_area(self, queryset, name, value):
        return queryset.filter(**{f"{self.area_path}__startswith": value.path})


class ParkFilter(AreaFilterMixin, PortalFilterSet):
    area_path = "region__path"
    q = django_filters.CharFilter(method="search", label="园区名称/管理机构")
    level = django_filters.ChoiceFilter(choices=Park.Level.choices, label="园区级别")
    area = django_filters.ModelChoiceFilter(queryset=lambda request: Region.objects.visible_to(request.user).filter(
        level__in=[Region.Level.CITY, Region.Level.COUNTY]), method="filter_area", label="所在区划")
    covered = django_filters.ChoiceFilter(choices=[("yes", "已建站点"), ("no", "尚无站点")], method="filter_covered",
                                          label="服务站点")

    class Meta:
        model = Park
        fields = ["q", "level", "area", "covered"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(managing_body__icontains=value))

    def filter_covered(self, queryset, name, value):
        return queryset.filter(station_count__gt=0) if value == "yes" else queryset.filter(station_count=0)


class TownshipFilter(AreaFilterMixin, PortalFilterSet):
    area_path = "path"
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="乡镇（街道）名称")
    area = django_filters.ModelChoiceFilter(queryset=lambda request: Region.objects.visible_to(request.user).filter(
        level__in=[Region.Level.CITY, Region.Level.COUNTY]), method="filter_area", label="所在区划")
    qualifying = django_filters.ChoiceFilter(choices=[("yes", "达到建站用工规模"), ("no", "未达到")],
                                             method="filter_qualifying", label="用工规模")
    covered = django_filters.ChoiceFilter(choices=[("yes", "已建站点"), ("no", "尚无站点")], method="filter_covered",
                                          label="服务站点")

    class Meta:
        model = Township
        fields = ["q", "area", "qualifying", "covered"]

    def filter_qualifying(self, queryset, name, value):
        threshold = township_threshold()
        return queryset.filter(employees__gte=threshold) if value == "yes" else queryset.filter(
            employees__lt=threshold)

    def filter_covered(self, queryset, name, value):
        return queryset.filter(station_count__gt=0) if value == "yes" else queryset.filter(station_count=0)
