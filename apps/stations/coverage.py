"""Station coverage against the plan's targets, computed in the database.

By end-2027 every industrial park and every township with sizeable employment (the enterprises of the
ledger registered in it employ at least `STATION_TOWNSHIP_MIN_EMPLOYEES` workers) has at least one station;
about `STATION_TARGET_2023` stations province-wide in 2023. A park is covered by a station serving it
(`Station.park`), a township by a station located in it (`Station.region`).

Every figure is an aggregate over rows visible to the user: parks, townships and stations are counted by
one GROUP BY (county, city) query each; city rows and the total add up those per-county counts. The unit
list is one UNION query. Never a query, nor a test, per unit in Python.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Func, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from apps.parks.models import Park
from apps.regions.models import Region

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


def qualifying_townships(user, threshold=None):
    """Townships whose ledger enterprises employ at least `threshold` workers, with their station count.

    Which townships qualify is one GROUP BY over the enterprises (an uncorrelated IN subquery, a single
    pass over the ledger); the employment figure itself is added only to the rows shown (`with_employment`).
    """
    from apps.enterprises.models import Enterprise

    threshold = township_threshold() if threshold is None else threshold
    townships = Region.objects.visible_to(user).townships().annotate(
        station_count=_count_subquery(Station.objects.filter(region=OuterRef("pk")), "region"))
    if threshold > 0:
        employing = (Enterprise.objects.visible_to(user).values("region").annotate(s=Sum("employee_count"))
                     .filter(s__gte=threshold).values("region"))
        townships = townships.filter(pk__in=employing)
    return townships


def parks_with_stations(user):
    return Park.objects.visible_to(user).annotate(
        station_count=_count_subquery(Station.objects.visible_to(user).filter(park=OuterRef("pk")), "park"))


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


def _grouped(queryset, county, city, **aggregates):
    """One GROUP BY (county, city) query: the finest grouping; cities and the total are sums of its rows."""
    return list(queryset.annotate(county_key=county, city_key=city).values("county_key", "city_key")
                .annotate(**aggregates).order_by())


def _sum_by(rows, key, fields):
    sums = {}
    for row in rows:  # at most one row per county (about 100): the units themselves were counted in SQL
        target = sums.setdefault(row[key], dict.fromkeys(fields, 0))
        for name in fields:
            target[name] += row[name] or 0
    return sums


def compute(user, threshold=None):
    threshold = township_threshold() if threshold is None else threshold
    townships = qualifying_townships(user, threshold)
    parks = parks_with_stations(user)
    stations = Station.objects.visible_to(user)

    # county: a township's parent; a park's own region (a county, or a city for city-run parks);
    # city: the second code of the materialised path
    t_rows = _grouped(townships, F("parent__code"), SplitPart(F("path"), 2), total=Count("pk"), covered=COVERED)
    p_rows = _grouped(parks, F("region__code"), SplitPart(F("region__path"), 2), total=Count("pk"),
                      covered=COVERED)
    s_rows = _grouped(stations, Case(When(region__level=Region.Level.TOWNSHIP, then=F("region__parent__code")),
                                     default=F("region__code"), output_field=CharField()),
                      SplitPart(F("region__path"), 2), total=Count("pk"))
    s_all = stations.aggregate(
        total=Count("pk"),
        by_2023=Count("pk", filter=Q(established_on__lte=datetime.date(2023, 12, 31))),
        accepted=Count("pk", filter=Q(acceptance_result=Station.Acceptance.PASSED)),
        model=Count("pk", filter=~Q(model_status=Station.ModelStatus.NONE)),
    )
    fields = ("total", "covered")
    by = {}
    for key in ("county_key", "city_key"):
        by[key] = (_sum_by(t_rows, key, fields), _sum_by(p_rows, key, fields), _sum_by(s_rows, key, ("total",)))
    codes = {code for groups in by.values() for group in groups for code in group}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "full_name"))

    def area_rows(t, p, s):
        return [AreaRow(code=code, name=names.get(code, code),
                        parks=p.get(code, {}).get("total", 0), parks_covered=p.get(code, {}).get("covered", 0),
                        townships=t.get(code, {}).get("total", 0),
                        townships_covered=t.get(code, {}).get("covered", 0),
                        stations=s.get(code, {}).get("total", 0))
                for code in sorted(set(t) | set(p) | set(s))]

    by_county, by_city = area_rows(*by["county_key"]), area_rows(*by["city_key"])
    area = user.region.full_name if getattr(user, "region", None) else "全省"
    total = AreaRow(code="", name=f"{area}合计", parks=sum(r.parks for r in by_city),
                    parks_covered=sum(r.parks_covered for r in by_city), townships=sum(r.townships for r in by_city),
                    townships_covered=sum(r.townships_covered for r in by_city), stations=s_all["total"])
    return Coverage(threshold=threshold, target_2023=target_2023(), total=total, by_city=by_city,
                    by_county=by_county, stations_total=s_all["total"], stations_by_2023=s_all["by_2023"],
                    stations_accepted=s_all["accepted"], stations_model=s_all["model"])


def units(user, threshold=None, county=None, gaps_only=False):
    """Every park and qualifying township of the area, with its station count: one UNION query, sortable.

    A township's employment is not part of the union (it would be summed for every township before the
    sort); `with_employment(rows)` adds it to the rows actually shown, in one more query.
    """
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
                           unit_employees=Value(None, output_field=IntegerField()),
                           unit_stations=F("station_count")).values(*columns)
    p = parks.annotate(unit_kind=Value("park"), unit_id=F("pk"), unit_name=F("name"),
                       area_name=F("region__full_name"), area_code=F("region__code"),
                       unit_employees=F("worker_count"), unit_stations=F("station_count")).values(*columns)
    return p.union(t, all=True).order_by("area_code", "unit_kind", "unit_name")


def with_employment(rows):
    """Fill in the townships' employment of these unit rows (one GROUP BY over their enterprises)."""
    from apps.enterprises.models import Enterprise

    rows = list(rows)
    ids = [r["unit_id"] for r in rows if r["unit_kind"] == "township"]
    sums = dict(Enterprise.objects.filter(region_id__in=ids).values("region").annotate(s=Sum("employee_count"))
                .order_by().values_list("region", "s")) if ids else {}
    for row in rows:
        if row["unit_kind"] == "township":
            row["unit_employees"] = sums.get(row["unit_id"], 0)
    return rows
