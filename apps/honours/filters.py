import django_filters

from apps.regions.models import Region

from .models import DemonstrationTitle, SelectionRound


def city_choices(request):
    return Region.objects.visible_to(request.user).filter(level=Region.Level.CITY) if request.user.office_id \
        else Region.objects.filter(level=Region.Level.CITY)



class TitleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="单位名称", max_length=50)
    kind = django_filters.ChoiceFilter(choices=SelectionRound.Kind.choices, label="类别")
    status = django_filters.ChoiceFilter(choices=DemonstrationTitle.Status.choices, label="状态")
    city = django_filters.ModelChoiceFilter(queryset=city_choices, label="市（州）")
    year = django_filters.NumberFilter(field_name="valid_from__year", label="命名年度", min_value=2000,
                                       max_value=2100)

    class Meta:
        model = DemonstrationTitle
        fields = ["q", "kind", "status", "city", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(subject__name__icontains=value.replace("\x00", ""))
