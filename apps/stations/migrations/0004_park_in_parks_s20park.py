"""Issue 24: the park foreign keys name parks.Park (the model moved from regions to the parks app, its table
renamed by regions 0005_park_tables_s20park). State only: the columns and constraints point at the same table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('stations', '0003_link_resident_coordinators'),
        ("parks", "0002_park_s20park"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalstation',
                    name='park',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='parks.park', verbose_name='服务园区', help_text='园区站点必填'),
                ),
                migrations.AlterField(
                    model_name='station',
                    name='park',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='stations', to='parks.park', verbose_name='服务园区', help_text='园区站点必填'),
                ),
            ],
            database_operations=[],
        ),
    ]
