"""Issue 24: 工业园区 (Park) belongs to the parks app (see regions 0005_park_tables_s20park for the steps).

The model enters this app's state over the tables regions 0005 renamed (parks_park, parks_historicalpark,
parks_park_townships): no database change. The content types of Park and HistoricalPark move from regions to
parks, so the permissions (regions.view_park → parks.view_park, same rows), the role groups and users holding
them, guardian's object permissions and the admin log follow with their keys."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ("park", "historicalpark")


def move_content_types(source, target):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        taken = set(ContentType.objects.using(db).filter(app_label=target, model__in=MODELS)
                    .values_list("model", flat=True))
        # a type already present under the target label (not made by a migration) is left for
        # remove_stale_contenttypes; every other one is relabelled in place, its id and permissions kept
        ContentType.objects.using(db).filter(app_label=source, model__in=set(MODELS) - taken).update(app_label=target)
        ContentType.objects.clear_cache()
    return move


class Migration(migrations.Migration):

    dependencies = [
        ("parks", "0001_initial"),
        ("regions", "0005_park_tables_s20park"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalPark',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='园区名称')),
                        ('level', models.CharField(choices=[('national', '国家级'), ('provincial', '省级'), ('municipal', '市级'), ('other', '其他')], max_length=12, verbose_name='园区级别')),
                        ('managing_body', models.CharField(blank=True, default='', help_text='如 园区管委会、开发区管理委员会', max_length=100, verbose_name='管理机构')),
                        ('enterprise_count', models.PositiveIntegerField(default=0, help_text='园区报送的入驻企业总数', verbose_name='入驻企业数')),
                        ('worker_count', models.PositiveIntegerField(default=0, help_text='园区报送的从业职工总数', verbose_name='从业职工数')),
                        ('contact_person', models.CharField(blank=True, default='', max_length=50, verbose_name='联系人')),
                        ('contact_phone', models.CharField(blank=True, default='', help_text='园区办公电话（公开信息）', max_length=30, verbose_name='联系电话')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('region', models.ForeignKey(blank=True, db_constraint=False, help_text='园区所属的县（市、区），市级园区可选所属市', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.region', verbose_name='所在区划')),
                    ],
                    options={
                        'verbose_name': 'historical 工业园区',
                        'verbose_name_plural': 'historical 工业园区',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Park',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='园区名称')),
                        ('level', models.CharField(choices=[('national', '国家级'), ('provincial', '省级'), ('municipal', '市级'), ('other', '其他')], max_length=12, verbose_name='园区级别')),
                        ('managing_body', models.CharField(blank=True, default='', help_text='如 园区管委会、开发区管理委员会', max_length=100, verbose_name='管理机构')),
                        ('enterprise_count', models.PositiveIntegerField(default=0, help_text='园区报送的入驻企业总数', verbose_name='入驻企业数')),
                        ('worker_count', models.PositiveIntegerField(default=0, help_text='园区报送的从业职工总数', verbose_name='从业职工数')),
                        ('contact_person', models.CharField(blank=True, default='', max_length=50, verbose_name='联系人')),
                        ('contact_phone', models.CharField(blank=True, default='', help_text='园区办公电话（公开信息）', max_length=30, verbose_name='联系电话')),
                        ('region', models.ForeignKey(help_text='园区所属的县（市、区），市级园区可选所属市', on_delete=django.db.models.deletion.PROTECT, related_name='parks', to='regions.region', verbose_name='所在区划')),
                        ('townships', models.ManyToManyField(blank=True, help_text='园区实际所在的乡镇（街道）；企业选择本园区时，所在乡镇须在其中', limit_choices_to={'level': 'township'}, related_name='parks_located', to='regions.region', verbose_name='所在乡镇（街道）')),
                    ],
                    options={
                        'verbose_name': '工业园区',
                        'verbose_name_plural': '工业园区',
                        'ordering': ['region__code', 'name'],
                        'constraints': [models.UniqueConstraint(fields=('region', 'name'), name='park_unique_name_in_region')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types("regions", "parks"), move_content_types("parks", "regions")),
    ]
