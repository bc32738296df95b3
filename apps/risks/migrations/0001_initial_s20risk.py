# Risk reports move from apps.coordinators to their own app (issue 24), WITHOUT moving a row: this migration
# only tells Django's state that the models now belong to `risks`, still on the coordinators_* tables
# (db_table); coordinators/0010 removes them from the coordinators state, exchange/0002 points the signal's
# foreign key here, and risks/0002 renames the tables and moves the content types.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('coordinators', '0009_s19g_delete_statistics_version'),
        ('enterprises', '0007_merge_i22_i25'),
        ('regions', '0004_park_townships'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='RiskReport',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('category', models.CharField(choices=[('wage_arrears', '欠薪'), ('layoff', '裁员'), ('shutdown', '停工停产'), ('collective_dispute', '集体劳动争议'), ('social_insurance', '社保欠缴'), ('other', '其他')], max_length=20, verbose_name='风险类别')),
                        ('people_affected', models.PositiveIntegerField(verbose_name='涉及人数')),
                        ('amount', models.DecimalField(decimal_places=2, default=0, max_digits=12, verbose_name='涉及金额（万元）')),
                        ('severity', models.CharField(choices=[('general', '一般'), ('serious', '较大'), ('major', '重大')], max_length=8, verbose_name='风险等级')),
                        ('description', models.TextField(verbose_name='风险情况')),
                        ('actions_taken', models.TextField(blank=True, default='', verbose_name='已采取措施')),
                        ('status', models.CharField(choices=[('reported', '已上报'), ('handling', '处置中'), ('resolved', '已化解')], default='reported', max_length=10, verbose_name='处置状态')),
                        ('due_date', models.DateField(editable=False, verbose_name='办理时限')),
                        ('escalation', models.CharField(choices=[('county', '县级'), ('city', '市级'), ('province', '省级')], default='county', editable=False, max_length=10, verbose_name='督办层级')),
                        ('last_escalated_on', models.DateField(blank=True, editable=False, null=True, verbose_name='最近升级日期')),
                        ('reported_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='上报时间')),
                        ('resolved_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='化解时间')),
                        ('coordinator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='risk_reports', to='coordinators.coordinator', verbose_name='发现协调员')),
                        ('enterprise', models.ForeignKey(error_messages={'invalid_choice': '所选企业不在您的管辖区域内，不能上报。'}, on_delete=django.db.models.deletion.PROTECT, related_name='risk_reports', to='enterprises.enterprise', verbose_name='涉及企业')),
                        ('region', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='risk_reports', to='regions.region', verbose_name='所在区划')),
                        ('reported_by', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上报人')),
                    ],
                    options={
                        'db_table': 'coordinators_riskreport',
                        'verbose_name': '风险预警',
                        'verbose_name_plural': '风险预警',
                        'ordering': ['-reported_at'],
                        'permissions': [('handle_riskreport', '可受理处置风险'), ('resolve_riskreport', '可办结风险')],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalRiskReport',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('category', models.CharField(choices=[('wage_arrears', '欠薪'), ('layoff', '裁员'), ('shutdown', '停工停产'), ('collective_dispute', '集体劳动争议'), ('social_insurance', '社保欠缴'), ('other', '其他')], max_length=20, verbose_name='风险类别')),
                        ('people_affected', models.PositiveIntegerField(verbose_name='涉及人数')),
                        ('amount', models.DecimalField(decimal_places=2, default=0, max_digits=12, verbose_name='涉及金额（万元）')),
                        ('severity', models.CharField(choices=[('general', '一般'), ('serious', '较大'), ('major', '重大')], max_length=8, verbose_name='风险等级')),
                        ('description', models.TextField(verbose_name='风险情况')),
                        ('actions_taken', models.TextField(blank=True, default='', verbose_name='已采取措施')),
                        ('status', models.CharField(choices=[('reported', '已上报'), ('handling', '处置中'), ('resolved', '已化解')], default='reported', max_length=10, verbose_name='处置状态')),
                        ('due_date', models.DateField(editable=False, verbose_name='办理时限')),
                        ('escalation', models.CharField(choices=[('county', '县级'), ('city', '市级'), ('province', '省级')], default='county', editable=False, max_length=10, verbose_name='督办层级')),
                        ('last_escalated_on', models.DateField(blank=True, editable=False, null=True, verbose_name='最近升级日期')),
                        ('reported_at', models.DateTimeField(blank=True, db_index=True, editable=False, verbose_name='上报时间')),
                        ('resolved_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='化解时间')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('coordinator', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='coordinators.coordinator', verbose_name='发现协调员')),
                        ('enterprise', models.ForeignKey(blank=True, db_constraint=False, error_messages={'invalid_choice': '所选企业不在您的管辖区域内，不能上报。'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='enterprises.enterprise', verbose_name='涉及企业')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('region', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.region', verbose_name='所在区划')),
                        ('reported_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上报人')),
                    ],
                    options={
                        'db_table': 'coordinators_historicalriskreport',
                        'verbose_name': 'historical 风险预警',
                        'verbose_name_plural': 'historical 风险预警',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='RiskEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_status', models.CharField(blank=True, default='', max_length=10, verbose_name='原状态')),
                        ('to_status', models.CharField(max_length=10, verbose_name='新状态')),
                        ('note', models.TextField(verbose_name='处置说明')),
                        ('due_date', models.DateField(blank=True, null=True, verbose_name='办理时限')),
                        ('at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='risks.riskreport', verbose_name='风险')),
                    ],
                    options={
                        'db_table': 'coordinators_riskevent',
                        'verbose_name': '风险处置记录',
                        'verbose_name_plural': '风险处置记录',
                        'ordering': ['at', 'pk'],
                    },
                ),
                migrations.AddIndex(
                    model_name='riskreport',
                    index=models.Index(fields=['status', 'due_date'], name='risk_status_due'),
                ),
            ],
        ),
    ]
