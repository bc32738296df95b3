# Risk reports, their events and their history now belong to apps.risks (risks/0001 took them into its state
# on the same tables): here they leave the coordinators state only. No table is dropped.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('coordinators', '0009_s19g_delete_statistics_version'),
        ('risks', '0001_initial_s20risk'),
        ('exchange', '0002_signal_risk_report_in_risks_s20risk'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='RiskEvent'),
                migrations.DeleteModel(name='HistoricalRiskReport'),
                migrations.DeleteModel(name='RiskReport'),
            ],
        ),
    ]
