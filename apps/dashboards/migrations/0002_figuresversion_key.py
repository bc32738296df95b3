from django.db import migrations, models


class Migration(migrations.Migration):
    """One version token per counted model (the existing row becomes "*", every model)."""

    dependencies = [
        ("dashboards", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="figuresversion",
            name="key",
            field=models.CharField(default="*", max_length=100, unique=True, verbose_name="统计对象"),
        ),
        # the one row so far was written with an explicit id 1: new rows take their ids from the sequence
        migrations.RunSQL(
            "SELECT setval(pg_get_serial_sequence('dashboards_figuresversion', 'id'), "
            "GREATEST(COALESCE(MAX(id), 0), 1)) FROM dashboards_figuresversion",
            migrations.RunSQL.noop,
        ),
    ]
