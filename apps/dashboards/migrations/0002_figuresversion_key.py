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
    ]
