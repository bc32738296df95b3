"""Issue 24: the park foreign keys name parks.Park (the model moved from regions to the parks app, its table
renamed by regions 0005_park_tables_s20park). State only: the columns and constraints point at the same table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0007_merge_i22_i25'),
        ("parks", "0002_park_s20park"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='enterprise',
                    name='park',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='enterprises', to='parks.park', verbose_name='所在园区'),
                ),
                migrations.AlterField(
                    model_name='historicalenterprise',
                    name='park',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='parks.park', verbose_name='所在园区'),
                ),
                migrations.AlterField(
                    model_name='subject',
                    name='park',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='subjects', to='parks.park', verbose_name='所在园区'),
                ),
            ],
            database_operations=[],
        ),
    ]
