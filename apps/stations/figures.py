"""Figures of service stations and their coverage (统计指标; see apps/core/figures.py).

Coverage reuses the rules of `coverage.py` (which parks and townships must have a station, and what covers
them): the sources below are its own querysets, grouped by child area.
"""

import datetime

from django.db.models import Count, Q

from apps.core.figures import Figure, Source, current_year, register

from . import coverage
from .models import Station

WATCH = ("stations.Station", "parks.Park", "enterprises.Enterprise")


def stations_by_end_of(area, year):
    """Stations built by the end of `year`; one without a date counts from the current year on (it exists)."""
    built = Q(established_on__lte=datetime.date(year, 12, 31))
    if year >= current_year():
        built |= Q(established_on__isnull=True)
    return Station.objects.visible_to(area).filter(built)


STATIONS = Source("stations.built", stations_by_end_of,
                  {"total": Count("pk"), "accepted": Count("pk", filter=Q(acceptance_result=Station.Acceptance.PASSED))},
                  watch=("stations.Station",))
# a park is covered for an area by a station the area sees (coverage.parks_with_stations): each area on its own
PARKS = Source("stations.parks", lambda area, year: coverage.parks_with_stations(area),
               {"units": Count("pk"), "covered": coverage.COVERED}, yearly=False, watch=WATCH, folds=False)
TOWNSHIPS = Source("stations.townships", lambda area, year: coverage.qualifying_townships(area),
                   {"units": Count("pk"), "covered": coverage.COVERED}, path="path", yearly=False, watch=WATCH)

register(
    Figure("stations.built", "服务站点", "个", "服务站点", value=STATIONS["total"], order=10,
           target={2023: coverage.target_2023()}, target_note="2023年全省建成100家左右",
           description="截至当年年底建成的站点（未填建成日期的自本年起计入）"),
    Figure("stations.accepted", "验收通过的站点", "个", "服务站点", value=STATIONS["accepted"], order=11,
           description="截至当年年底建成且验收通过的站点"),
    Figure("stations.coverage", "园区和达标乡镇（街道）站点覆盖率", "%", "服务站点", order=20,
           numerator=(PARKS["covered"], TOWNSHIPS["covered"]), denominator=(PARKS["units"], TOWNSHIPS["units"]),
           target=100, target_note="2027年底所有工业园区和有一定用工规模的乡镇（街道）至少1家站点",
           description="已有站点的园区和达标乡镇（街道） ÷ 全部园区和达标乡镇（街道）（现状，规则同“覆盖情况”）"),
)
