"""协调员公示名单 and 金牌协调员名单: the coordinators anyone may look up, personal data masked."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.views import generic

from apps.coordinators.models import Coordinator, GoldMedal
from apps.coordinators.programme_views import PROGRAMME_YEARS
from apps.core.querying import campaign_year
from apps.stations.models import Station

from ..forms import CountyForm


class CoordinatorListView(generic.TemplateView):
    """公示名单: on-duty coordinators of one county, without log-in, personal data masked."""

    template_name = "public/coordinator_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CountyForm(self.request.GET or None)
        county, page = None, None
        if form.is_valid():
            county = form.cleaned_data["county"]
            rows = (Coordinator.objects.public().inside(county.path).select_related("region")
                    .order_by("region__code", "name", "pk"))
            page = Paginator(rows, 100).get_page(self.request.GET.get("page"))
            stations = public_stations(county)
            for coordinator in page.object_list:
                coordinator.contact_station = nearest_station(stations, coordinator.region.path)
            context["stations"] = stations
        context.update(title="劳动关系协调员公示名单", form=form, county=county, page=page,
                       rows=page.object_list if page else [])
        return context


def public_stations(county):
    """The county's accepted service stations that publish a phone: how the public reaches a coordinator
    (coordinators' own phones are never published in full)."""
    return list(Station.objects.accepted().exclude(phone="").filter(region__path__startswith=county.path)
                .select_related("region").only("name", "phone", "address", "opening_hours", "region__path",
                                               "region__name").order_by("region__code", "name"))


def nearest_station(stations, path):
    """The station of the coordinator's own township if there is one, else one of its county."""
    inside = [s for s in stations if path.startswith(s.region.path)]
    if inside:
        return max(inside, key=lambda s: len(s.region.path))
    return stations[0] if stations else None


class GoldMedalListView(generic.TemplateView):
    """The published list, open to anyone: searchable by name, place or workplace, 50 a page."""

    template_name = "public/gold_medal_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = campaign_year(self.request, years=PROGRAMME_YEARS)
        q = self.request.GET.get("q", "").replace("\x00", "").strip()[:50]
        rows = (GoldMedal.objects.published().for_year(year).select_related("coordinator__region", "nominated_by")
                .order_by("coordinator__region__code", "coordinator__name", "pk"))
        if q:
            rows = rows.filter(Q(coordinator__name__contains=q) | Q(coordinator__workplace_name__contains=q)
                               | Q(coordinator__region__full_name__contains=q) | Q(certificate_no__contains=q))
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        years = sorted(set(GoldMedal.objects.published().values_list("year", flat=True)), reverse=True)
        context.update(title=f"{year}年度金牌劳动关系协调员名单", year=year, rows=page.object_list, page_obj=page,
                       years=years, q=q, first=page.start_index())
        return context
