"""Link each station's free-text 驻站协调员 to the coordinator ledger: a name that matches exactly one on-duty
coordinator of the station's county becomes a link and leaves the text; the others stay in the text."""

import re

from django.db import migrations

SEPARATORS = re.compile(r"[、,，;；\s]+")


def link(apps, schema_editor):
    Station = apps.get_model("stations", "Station")
    Coordinator = apps.get_model("coordinators", "Coordinator")
    for station in Station.objects.exclude(coordinator_names="").select_related("region"):
        county = "/".join(station.region.path.split("/")[:3]) + "/"
        kept = []
        for name in [n for n in SEPARATORS.split(station.coordinator_names) if n]:
            matches = list(Coordinator.objects.filter(name=name, region__path__startswith=county)
                           .values_list("pk", flat=True)[:2])
            if len(matches) == 1:
                station.coordinators.add(matches[0])
            else:
                kept.append(name)
        remaining = "、".join(kept)
        if remaining != station.coordinator_names:
            Station.objects.filter(pk=station.pk).update(coordinator_names=remaining)


def unlink(apps, schema_editor):
    Station = apps.get_model("stations", "Station")
    for station in Station.objects.prefetch_related("coordinators"):
        names = [c.name for c in station.coordinators.all()]
        if names:
            text = "、".join([n for n in [station.coordinator_names] if n] + names)[:300]
            Station.objects.filter(pk=station.pk).update(coordinator_names=text)


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0002_station_coordinators"),
        ("coordinators", "0001_initial"),
    ]

    operations = [migrations.RunPython(link, unlink)]
