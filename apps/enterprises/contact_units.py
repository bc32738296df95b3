"""联系培育落实: which member units must keep a contact unit, and which did, in a year — one rule for the
compliance list (enterprises:contact_compliance) and the dashboard's figure (enterprises.contact_offices).

The plan asks every member unit at every level to keep at least one 创建联系单位 a year and to guide it:
- the units expected come from the region tree, not from which offices have accounts: each of the four member
  units of the province, of each of the 17 city-level units and of each county-level unit, plus the member-unit
  offices of the townships where offices exist;
- a unit counts as done once a contact assignment of that year has a visit (指导记录) dated in that year.
"""

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from apps.accounts.models import MemberUnit, Office
from apps.regions.models import Region

from .models import ContactVisit

EXPECTED_LEVELS = (Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY)


def visits_in(year):
    return ContactVisit.objects.filter(assignment__year=year, visited_on__year=year)


def _count(queryset, field):
    """A correlated count of distinct `field` values, as an integer (0 when there are none)."""
    counted = (queryset.order_by().annotate(one=Value(1)).values("one")
               .annotate(n=Count(field, distinct=True)).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def expected_regions(viewer, year):
    """The areas inside the viewer's that owe contact units in `year`, each with `units` (how many member units
    owe one) and `done` (how many have a visited contact unit in the year). `viewer` is a user or an
    apps.core.figures.AreaViewer."""
    offices_here = Office.objects.filter(region=OuterRef("pk"))
    done = visits_in(year).filter(assignment__office__region=OuterRef("pk"))
    return (Region.objects.visible_to(viewer)
            .annotate(has_office=Exists(offices_here))
            .filter(Q(level__in=EXPECTED_LEVELS) | Q(level=Region.Level.TOWNSHIP, has_office=True))
            .annotate(units=Case(When(level=Region.Level.TOWNSHIP, then=_count(offices_here, "member_unit")),
                                 default=Value(len(MemberUnit.values)), output_field=IntegerField()),
                      done=_count(done, "assignment__office__member_unit")))


def owing(viewer, year):
    """[(region, member unit value, unit name)] of the member units inside the viewer's area with no visited
    contact unit in `year`, in region-code order."""
    regions = list(expected_regions(viewer, year).filter(done__lt=F("units")).order_by("code"))
    if not regions:
        return []
    ids = [r.pk for r in regions]
    done = set(visits_in(year).filter(assignment__office__region_id__in=ids)
               .values_list("assignment__office__region_id", "assignment__office__member_unit").distinct())
    township_units = {}
    for region_id, unit in Office.objects.filter(region_id__in=ids, region__level=Region.Level.TOWNSHIP) \
            .values_list("region_id", "member_unit"):
        township_units.setdefault(region_id, []).append(unit)
    names = Office(member_unit=MemberUnit.HRSS)
    rows = []
    for region in regions:
        units = township_units.get(region.pk, []) if region.level == Region.Level.TOWNSHIP else MemberUnit.values
        for unit in MemberUnit.values:
            if unit in units and (region.pk, unit) not in done:
                names.member_unit, names.region = unit, region
                rows.append((region, unit, names.unit_name))
    return rows
