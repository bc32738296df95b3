"""Station coverage against the plan's targets, computed in the database.

By end-2027 every industrial park and every township with sizeable employment (the enterprises of the
ledger registered in it employ at least `STATION_TOWNSHIP_MIN_EMPLOYEES` workers) has at least one station;
about `STATION_TARGET_2023` stations province-wide in 2023. A park is covered by a station serving it
(`Station.park`), a township by a station located in it (`Station.region`).

Every figure is an aggregate over rows visible to the user: counts per county and per city are GROUP BY
queries, the unit list is one UNION query, never a query or a sum per unit in Python.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Func, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from apps.regions.models import Park, Region

from .models import Station


def township_threshold():
    return getattr(settings, "STATION_TOWNSHIP_MIN_EMPLOYEES", 1000)


def target_2023():
    return getattr(settings, "STATION_TARGET_2023", 100)


class SplitPart(Func):
    """split_part(path, '/', n): the n-th code of a materialised path (2 = the city-level unit)."""

    function = "split_part"
    output_field = CharField()

    def __init__(self, expression, n):
        super().__init__(expression, Value("/"), Value(n), output_field=CharField())


def _count_subquery(queryset, key):
    return Coalesce(Subquery(queryset.values(key).annotate(n=Count("pk")).values("n")[:1]), 0,
                    output_field=IntegerField())


def townships_with_employment(user):
    """Townships visible to the user, with the ledger's employment and their number of stations."""
    from apps.enterprises.models import Enterprise

    employees = Enterprise.objects.filter(region=OuterRef("pk")).values("region").annotate(
        s=Sum("employee_count")).values("s")[:1]
    return Region.objects.visible_to(user).townships().annotate(
        employees=Coalesce(Subquery(employees), 0, output_field=IntegerField()),
        station_count=_count_subquery(Station.objects.filter(region=OuterRef("pk")), "region"),
    )


def qualifying_townships(user, threshold=None):
    threshold = township_threshold() if threshold is None else threshold
    return townships_with_employment(user).filter(employees__gte=threshold)


def parks_with_stations(user):
    return Park.objects.visible_to(user).annotate(
        station_count=_count_subquery(Station.objects.filter(park=OuterRef("pk")), "park"))


COVERED = Sum(Case(When(station_count__gt=0, then=1), default=0, output_field=IntegerField()))


@dataclass
class AreaRow:
    """Coverage of one city or county: parks and qualifying townships, how many have a station."""

    code: str
    name: str
    parks: int = 0
    parks_covered: int = 0
    townships: int = 0
    townships_covered: int = 0
    stations: int = 0

    @property
    def units(self):
        return self.parks + self.townships

    @property
    def covered(self):
        return self.parks_covered + self.townships_covered

    @property
    def gaps(self):
        return self.units - self.covered

    @property
    def ratio(self):
        """Coverage in percent, one decimal; None when the area has no park and no qualifying township."""
        return round(100 * self.covered / self.units, 1) if self.units else None


@dataclass
class Coverage:
    threshold: int
    target_2023: int
    total: AreaRow
    by_city: list = field(default_factory=list)
    by_county: list = field(default_factory=list)
    stations_total: int = 0
    stations_by_2023: int = 0
    stations_accepted: int = 0
    stations_model: int = 0

    @property
    def progress_2023(self):
        return round(100 * self.stations_by_2023 / self.target_2023, 1) if self.target_2023 else None

    @property
    def chart_level(self):
        if len(self.by_city) > 1:
            return "市（州）"
        return "县（市、区）" if len(self.by_county) > 1 else "单位类型"

    def chart_data(self):
        """Bars per city (province users), per county (city users), or parks vs townships (one county)."""
        if len(self.by_city) > 1 or len(self.by_county) > 1:
            rows = self.by_city if len(self.by_city) > 1 else self.by_county
            names = [r.name for r in rows]
            pairs = [(r.covered, r.units) for r in rows]
        else:
            t = self.total
            names = ["工业园区", "达标乡镇（街道）"]
            pairs = [(t.parks_covered, t.parks), (t.townships_covered, t.townships)]
        return {
            "level": self.chart_level,
            "names": names,
            "covered": [c for c, _ in pairs],
            "gaps": [u - c for c, u in pairs],
            "ratio": [round(100 * c / u, 1) if u else None for c, u in pairs],
        }


def _group(queryset, key):
    return {row["key"]: row for row in queryset.values(key=key).annotate(total=Count("pk"), covered=COVERED)
            .order_by()}


def compute(user, threshold=None):
    threshold = township_threshold() if threshold is None else threshold
    townships = qualifying_townships(user, threshold)
    parks = parks_with_stations(user)
    stations = Station.objects.visible_to(user)

    # per county (a township's parent; a park's own region: a county, or a city for city-run parks)
    t_county = _group(townships, F("parent__code"))
    p_county = _group(parks, F("region__code"))
    s_county = {r["key"]: r["n"] for r in stations.annotate(key=Case(
        When(region__level=Region.Level.TOWNSHIP, then=F("region__parent__code")), default=F("region__code"),
        output_field=CharField())).values("key").annotate(n=Count("pk")).order_by().values("key", "n")}
    # per city: the second code of the materialised path
    t_city = _group(townships, SplitPart(F("path"), 2))
    p_city = _group(parks, SplitPart(F("region__path"), 2))
    s_city = {r["key"]: r["n"] for r in stations.annotate(key=SplitPart(F("region__path"), 2)).values("key")
              .annotate(n=Count("pk")).order_by().values("key", "n")}

    codes = set(t_county) | set(p_county) | set(s_county) | set(t_city) | set(p_city) | set(s_city)
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "full_name"))

    def rows(t, p, s):
        result = []
        for code in sorted(set(t) | set(p) | set(s)):
            result.append(AreaRow(
                code=code, name=names.get(code, code),
                parks=p.get(code, {}).get("total", 0), parks_covered=p.get(code, {}).get("covered", 0),
                townships=t.get(code, {}).get("total", 0), townships_covered=t.get(code, {}).get("covered", 0),
                stations=s.get(code, 0)))
        return result

    t_all = townships.aggregate(total=Count("pk"), covered=COVERED)
    p_all = parks.aggregate(total=Count("pk"), covered=COVERED)
    s_all = stations.aggregate(
        total=Count("pk"),
        by_2023=Count("pk", filter=Q(established_on__lte=datetime.date(2023, 12, 31))),
        accepted=Count("pk", filter=Q(acceptance_result=Station.Acceptance.PASSED)),
        model=Count("pk", filter=~Q(model_status=Station.ModelStatus.NONE)),
    )
    area = user.region.full_name if getattr(user, "region", None) else "全省"
    total = AreaRow(code="", name=f"{area}合计", parks=p_all["total"], parks_covered=p_all["covered"] or 0,
                    townships=t_all["total"], townships_covered=t_all["covered"] or 0, stations=s_all["total"])
    return Coverage(threshold=threshold, target_2023=target_2023(), total=total,
                    by_city=rows(t_city, p_city, s_city), by_county=rows(t_county, p_county, s_county),
                    stations_total=s_all["total"], stations_by_2023=s_all["by_2023"],
                    stations_accepted=s_all["accepted"], stations_model=s_all["model"])


def units(user, threshold=None, county=None, gaps_only=False):
    """Every park and qualifying township of the area, with its station count: one UNION query, sortable."""
    threshold = township_threshold() if threshold is None else threshold
    townships = qualifying_townships(user, threshold)
    parks = parks_with_stations(user)
    if county:
        townships = townships.filter(path__startswith=county.path)
        parks = parks.filter(region__path__startswith=county.path)
    if gaps_only:
        townships = townships.filter(station_count=0)
        parks = parks.filter(station_count=0)
    # the same annotations in the same order on both sides, so that the UNION's columns line up
    columns = ("unit_kind", "unit_id", "unit_name", "area_name", "area_code", "unit_employees", "unit_stations")
    t = townships.annotate(unit_kind=Value("township"), unit_id=F("pk"), unit_name=F("name"),
                           area_name=F("parent__full_name"), area_code=F("parent__code"),
                           unit_employees=F("employees"), unit_stations=F("station_count")).values(*columns)
    p = parks.annotate(unit_kind=Value("park"), unit_id=F("pk"), unit_name=F("name"),
                       area_name=F("region__full_name"), area_code=F("region__code"),
                       unit_employees=F("worker_count"), unit_stations=F("station_count")).values(*columns)
    return p.union(t, all=True).order_by("area_code", "unit_kind", "unit_name")
