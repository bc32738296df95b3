"""找服务站点: the station finder for workers and employers (accepted stations only)."""

from django.db.models import Count, Q
from django.views import generic

from apps.regions.models import Region
from apps.stations.models import Station

# the public sees a station only once it has passed acceptance (apps/stations/workflow.py): a station still
# 未验收, or one that failed, may not be ready to receive anyone
PASSED = Station.Acceptance.PASSED


def counties_with_stations():
    """County-level units (and cities whose townships sit directly beneath) with their station count."""
    return (Region.objects.counties()  # with 仙桃、潜江、天门、神农架林区
            .annotate(n=Count("children__stations", distinct=True, filter=Q(children__stations__acceptance_result=PASSED))
                      + Count("stations", distinct=True, filter=Q(stations__acceptance_result=PASSED)))
            .filter(n__gt=0).select_related("parent").order_by("code"))


class StationFinderView(generic.TemplateView):
    """找服务站点: choose a county, optionally a township; see stations with services, address and hours."""

    template_name = "public/station_finder.html"
    limit = 100

    def get_template_names(self):
        if self.request.htmx and self.request.GET.get("part") == "townships":
            return ["public/_township_select.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        county = Region.objects.filter(code=self.request.GET.get("county", ""),
                                       level__in=[Region.Level.COUNTY, Region.Level.CITY]).first()
        townships = Region.objects.filter(parent=county, level=Region.Level.TOWNSHIP).annotate(
            n=Count("stations", filter=Q(stations__acceptance_result=PASSED))).filter(n__gt=0) if county else Region.objects.none()
        code = self.request.GET.get("township", "")
        township = townships.filter(code=code).first() if county and code else None
        q = self.request.GET.get("q", "").strip()[:50]
        stations = Station.objects.none()
        if county or q:
            stations = Station.objects.accepted().select_related("region", "park").order_by("region__code", "name")
            if township:
                stations = stations.filter(region=township)
            elif county:
                stations = stations.filter(region__path__startswith=county.path)
            if q:
                stations = stations.filter(Q(name__icontains=q) | Q(address__icontains=q))
        shown = list(stations[: self.limit + 1])
        context.update(counties=counties_with_stations(), county=county, townships=townships, township=township,
                       q=q, stations=shown[: self.limit], more=len(shown) > self.limit, searched=bool(county or q))
        return context
