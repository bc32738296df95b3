# The signal's risk report now lives in apps.risks (same table, renamed by risks/0002): only Django's state
# changes here; the column and its foreign-key constraint stay as they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('exchange', '0001_initial'),
        ('risks', '0001_initial_s20risk'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='enterprisesignal',
                    name='risk_report',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                            related_name='signals', to='risks.riskreport',
                                            verbose_name='引发的风险预警'),
                ),
            ],
        ),
    ]
