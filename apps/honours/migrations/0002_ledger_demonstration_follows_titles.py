"""示范 in the creation ledger now comes only from a valid DemonstrationTitle: rows set to 示范 by hand
before this release, for units that hold no title, go back to 达标 (their history says why)."""

from django.db import migrations


def demote(apps, schema_editor):
    CreationRecord = apps.get_model("enterprises", "CreationRecord")
    Title = apps.get_model("honours", "DemonstrationTitle")
    held = Title.objects.filter(status__in=["valid", "under_review"]).values("subject_id")
    CreationRecord.objects.filter(status="demonstration").exclude(subject_id__in=held).update(status="qualified")


class Migration(migrations.Migration):
    dependencies = [("honours", "0001_initial"), ("enterprises", "0004_industry_area_index")]
    operations = [migrations.RunPython(demote, migrations.RunPython.noop)]
