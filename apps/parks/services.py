"""Parks and townships as creating units: their Subject, made on demand, and what takes part."""


from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery

from apps.core import querying
from apps.enterprises.models import CreationRecord, Enterprise, Subject
from apps.regions.models import Region
from apps.stations.models import Station

from .models import Park

current_year = querying.current_year  # one definition (apps/core/querying.py)


def subject_for_park(park):
    """The park's creating subject (one per park), created on first use and kept in step with the park."""
    with transaction.atomic():
        Park.objects.select_for_update().filter(pk=park.pk).first()  # one subject even under concurrent requests
        subject = Subject.objects.filter(kind=Subject.Kind.PARK, park=park).order_by("pk").first()
        if subject is None:
            return Subject.objects.create(kind=Subject.Kind.PARK, name=park.name, region=park.region, park=park)
        if (subject.name, subject.region_id) != (park.name, park.region_id):
            subject.name, subject.region = park.name, park.region
            subject.save(update_fields=["name", "region"])
        return subject


def subject_for_township(region):
    """The township's creating subject (one per township region), created on first use."""
    assert region.level == Region.Level.TOWNSHIP, region
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).first()
        subject = Subject.objects.filter(kind=Subject.Kind.TOWNSHIP, region=region).order_by("pk").first()
        if subject is None:
            subject = Subject.objects.create(kind=Subject.Kind.TOWNSHIP, name=region.full_name, region=region)
        return subject


def status_this_year(subject_filter, year):
    """Subquery: the creation status in `year` of the park/township subject matched by `subject_filter`."""
    return Subquery(CreationRecord.objects.filter(year=year, **subject_filter).values("status")[:1])


def park_status_subquery(year):
    return status_this_year({"subject__kind": Subject.Kind.PARK, "subject__park": OuterRef("pk")}, year)


def township_status_subquery(year):
    return status_this_year({"subject__kind": Subject.Kind.TOWNSHIP, "subject__region": OuterRef("pk")}, year)


def enterprises_taking_part(enterprises, year):
    """How many of these enterprises have a creation record in `year` (one aggregate query)."""
    return enterprises.aggregate(
        total=Count("pk", distinct=True),
        taking_part=Count("pk", distinct=True, filter=Q(subject__creation_records__year=year)),
    )


def enterprises_with_status(enterprises, year):
    status = CreationRecord.objects.filter(subject=OuterRef("subject"), year=year).values("status")[:1]
    return enterprises.select_related("region").annotate(status_this_year=Subquery(status))


def park_enterprises(user, park):
    return Enterprise.objects.visible_to(user).filter(park=park)


def township_enterprises(user, township):
    return Enterprise.objects.visible_to(user).filter(region=township)


def _subquery_int(queryset):
    from django.db.models import IntegerField
    from django.db.models.functions import Coalesce

    return Coalesce(Subquery(queryset[:1]), 0, output_field=IntegerField())


def with_list_figures(parks, user):
    """The park list's columns: station count and this year's creation status (list page and export alike)."""
    # stations counted through visible_to: a park station may sit in the city above the park's county
    stations = Station.objects.visible_to(user).filter(park=OuterRef("pk")).values("park")
    return (parks.select_related("region").order_by("region__code", "name")
            .annotate(station_count=_subquery_int(stations.annotate(n=Count("pk")).values("n")),
                      status_this_year=park_status_subquery(current_year())))
