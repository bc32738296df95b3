# Second step of moving risk reports out of apps.coordinators (risks/0001, coordinators/0010, exchange/0002):
# - the tables take this app's names (ALTER TABLE … RENAME: rows, ids, indexes and foreign keys stay);
# - the content types' app_label becomes `risks`: same rows and ids, so the auth permissions
#   (coordinators.handle_riskreport → risks.handle_riskreport) with the groups and users holding them,
#   django-guardian object grants and admin log entries all follow without a row being copied;
# - the beat entry of the old task name leaves django-celery-beat's table (the new one is written from
#   CELERY_BEAT_SCHEDULE when beat starts).

from django.db import migrations

MODELS = ("riskreport", "riskevent", "historicalriskreport")
OLD_BEAT_ENTRY = "coordinators-escalate-overdue-risks"


def relabel(apps, schema_editor, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        old = types.filter(app_label=source, model=model).first()
        if old is None:  # a fresh database: post_migrate creates the types under `risks`
            continue
        # a row already made under the new label (a post_migrate between the steps) holds nothing yet
        types.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
    from django.contrib.contenttypes.models import ContentType as Current

    Current.objects.clear_cache()


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, "coordinators", "risks")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.using(schema_editor.connection.alias).filter(name=OLD_BEAT_ENTRY).delete()


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, "risks", "coordinators")


class Migration(migrations.Migration):

    dependencies = [
        ('risks', '0001_initial_s20risk'),
        ('coordinators', '0010_risks_move_to_their_app_s20risk'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
    ]

    operations = [
        migrations.AlterModelTable(name='riskreport', table=None),
        migrations.AlterModelTable(name='historicalriskreport', table=None),
        migrations.AlterModelTable(name='riskevent', table=None),
        migrations.RunPython(forwards, backwards),
    ]
