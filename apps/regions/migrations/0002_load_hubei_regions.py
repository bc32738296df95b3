"""Load the Hubei division tree shipped in fixtures/regions (source: china-division 2.7.0, NBS 2023 codes)."""

from django.db import migrations


def load(apps, schema_editor):
    from apps.regions.loading import load_regions

    Region = apps.get_model("regions", "Region")
    if not Region.objects.exists():
        load_regions(Region)


def unload(apps, schema_editor):
    apps.get_model("regions", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
