"""The station ledger's columns, declared once as a django-import-export resource: header, attribute, widget
(apps/core/widgets.py), required, drop-down choices, width and help. The template and its example row
(Meta.example), each cell's parse, the preview (Meta.preview: its columns) of the import (apps.stations.importing)
and the export row by name (apps.stations.exporting) come from here.
"""

from import_export import fields, resources

from apps.core.widgets import (
    NO,
    YES,
    ChoiceLabelWidget,
    ChoiceListWidget,
    CountWidget,
    DateWidget,
    TextWidget,
    YesNoWidget,
)
from apps.parks.cells import ParkLookupWidget
from apps.regions.cells import RegionLookupWidget
from apps.regions.models import Region

from .models import SIX_HAVES, Service, Station


class StationResource(resources.ModelResource):
    name = fields.Field("name", column_name="站点名称", widget=TextWidget(max_length=100))
    kind = fields.Field("kind", column_name="站点类型", widget=ChoiceLabelWidget(Station.Kind.choices))
    region_code = fields.Field("region", column_name="所在区划代码", widget=RegionLookupWidget(
        unknown="所在区划代码“{code}”不存在", outside="所在区划“{region.full_name}”不在您的管辖区域（{area}）内",
        offered=(Region.Level.COUNTY, Region.Level.TOWNSHIP), listed=True))
    region_name = fields.Field("region__full_name", column_name="所在区划", readonly=True, widget=TextWidget())
    park = fields.Field("park__name", column_name="服务园区", widget=ParkLookupWidget(
        missing="服务园区“{name}”不存在或不在您的管辖区域内", ambiguous="服务园区“{name}”有多个同名园区，请核对所在区划代码",
        region="region_code"))
    address = fields.Field("address", column_name="地址", widget=TextWidget(max_length=200))
    phone = fields.Field("phone", column_name="咨询电话", widget=TextWidget(max_length=30))
    opening_hours = fields.Field("opening_hours", column_name="开放时间", widget=TextWidget(max_length=100))
    services = fields.Field("services", column_name="服务内容", widget=ChoiceListWidget(Service.choices))
    staff_count = fields.Field("staff_count", column_name="工作人员数", widget=CountWidget())
    staff_names = fields.Field("staff_names", column_name="工作人员", widget=TextWidget(max_length=300))
    coordinator_count = fields.Field("coordinator_count", column_name="驻站协调员数", widget=CountWidget())
    coordinator_names = fields.Field("coordinator_names", column_name="驻站协调员", widget=TextWidget(max_length=300))
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
    acceptance_evaluator = fields.Field("acceptance_evaluator", column_name="验收单位（人）", widget=TextWidget())
    model_status = fields.Field("model_status", column_name="样板站点",
                                widget=ChoiceLabelWidget(Station.ModelStatus.choices))

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
        preview = ["name", "kind", "region_name", "address"]
        example = {
            "站点名称": "大智街道劳动关系公共服务站", "站点类型": "街道", "所在区划代码": "420102002",
            "所在区划": "武汉市江岸区大智街道", "地址": "武汉市江岸区大智路 1 号", "咨询电话": "027-12345678",
            "开放时间": "周一至周五 9:00-12:00，14:00-17:30", "服务内容": "政策咨询、劳动合同指导、劳动争议调解",
            "工作人员数": 3, "工作人员": "张三、李四、王五", "驻站协调员数": 2, "驻站协调员": "赵六、钱七",
            "建站日期": "2023-06-01", "有平台": "是", "有队伍": "是", "有制度": "是", "有保障": "否", "有标准": "是",
            "有成效": "否", "验收结果": "未验收"}
        help = {"站点名称": "同一乡镇（街道）内不能重名。与已有站点同名同区划时视为更新该站点",
                "所在区划代码": "乡镇（街道）的 9 位统计用区划代码；园区站点可填园区所在县（市、区）的 6 位代码",
                "所在区划": "导出时写出，导入时不读",
                "服务园区": "园区站点必填：已登记的工业园区名称",
                "服务内容": "以顿号分隔，可选：" + "、".join(Service.labels),
                "建站日期": "格式 2026-11-25", "验收日期": "格式 2026-11-25",
                **{label: "六有自查：填 是 或 否" for _, label in SIX_HAVES},
                "验收结果": "已验收须填验收日期和验收单位（人）；验收只能在站点页面登记，导入时请保持原值或留空",
                "样板站点": "留空，或：" + "、".join(label for v, label in Station.ModelStatus.choices if v != "none")}
