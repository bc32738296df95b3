"""The station ledger's columns, declared once as a django-import-export resource.

The template, the import (apps.stations.importing) and the export (apps.stations.exporting) take their
headers, order and required columns from here; apps.stations.excel says what each cell means.
"""

from import_export import fields, resources

from apps.core.widgets import NO, YES, ChoiceLabelWidget, CountWidget, DateWidget, YesNoWidget

from .models import SIX_HAVES, Service, Station


class StationResource(resources.ModelResource):
    name = fields.Field("name", column_name="站点名称")
    kind = fields.Field("kind", column_name="站点类型")
    region_code = fields.Field("region__code", column_name="所在区划代码")
    region_name = fields.Field("region__full_name", column_name="所在区划", readonly=True)
    park = fields.Field("park__name", column_name="服务园区")
    address = fields.Field("address", column_name="地址")
    phone = fields.Field("phone", column_name="咨询电话")
    opening_hours = fields.Field("opening_hours", column_name="开放时间")
    services = fields.Field("services", column_name="服务内容")
    staff_count = fields.Field("staff_count", column_name="工作人员数", widget=CountWidget())
    staff_names = fields.Field("staff_names", column_name="工作人员")
    coordinator_count = fields.Field("coordinator_count", column_name="驻站协调员数", widget=CountWidget())
    coordinator_names = fields.Field("coordinator_names", column_name="驻站协调员")
    established_on = fields.Field("established_on", column_name="建站日期", widget=DateWidget())
    has_platform = fields.Field("has_platform", column_name="有平台", widget=YesNoWidget())   # 六有 (SIX_HAVES)
    has_team = fields.Field("has_team", column_name="有队伍", widget=YesNoWidget())
    has_rules = fields.Field("has_rules", column_name="有制度", widget=YesNoWidget())
    has_funding = fields.Field("has_funding", column_name="有保障", widget=YesNoWidget())
    has_standards = fields.Field("has_standards", column_name="有标准", widget=YesNoWidget())
    has_results = fields.Field("has_results", column_name="有成效", widget=YesNoWidget())
    acceptance_result = fields.Field("acceptance_result", column_name="验收结果",
                                     widget=ChoiceLabelWidget(Station.Acceptance.choices))
    acceptance_date = fields.Field("acceptance_date", column_name="验收日期", widget=DateWidget())
    acceptance_evaluator = fields.Field("acceptance_evaluator", column_name="验收单位（人）")
    model_status = fields.Field("model_status", column_name="样板站点")

    class Meta:
        model = Station
        fields = ["name", "kind", "region_code", "region_name", "park", "address", "phone", "opening_hours",
                  "services", "staff_count", "staff_names", "coordinator_count", "coordinator_names",
                  "established_on", *[name for name, _ in SIX_HAVES], "acceptance_result", "acceptance_date",
                  "acceptance_evaluator", "model_status"]
        required = ["站点名称", "站点类型", "所在区划代码", "地址"]
        choices = {"站点类型": Station.Kind.labels, **{label: [YES, NO] for _, label in SIX_HAVES},
                   "验收结果": Station.Acceptance.labels,
                   "样板站点": [label for value, label in Station.ModelStatus.choices
                            if value != Station.ModelStatus.NONE]}
        widths = {"站点名称": 28, "所在区划": 24, "服务园区": 20, "地址": 30, "开放时间": 24,
                  "服务内容": 36, "工作人员": 18, "驻站协调员": 18}
        services = Service.labels
