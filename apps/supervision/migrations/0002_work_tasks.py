"""The annex's 26 tasks, word for word (fixtures/supervision/work_tasks.json, source named in its README)."""

from django.db import migrations


def load(apps, schema_editor):
    from apps.supervision.annex import load_rows

    WorkTask = apps.get_model("supervision", "WorkTask")
    for row in load_rows():
        WorkTask.objects.update_or_create(number=row["number"], defaults={
            k: row[k] for k in ("work_item", "task", "responsible", "deadline_text", "deadline", "levels", "units")})


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
