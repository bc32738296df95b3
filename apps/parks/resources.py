"""The industrial-park ledger's columns, declared once as a django-import-export resource: header, attribute,
widget (apps/core/widgets.py), required, drop-down choices, width and help. The template, each cell's parse,
the preview (Meta.preview: its columns) and the template's example row
(Meta.example) of the import (apps.parks.importing) and the export row by name (apps.parks.exporting)
come from here."""

from import_export import fields, resources

from apps.core.widgets import ChoiceLabelWidget, CountWidget, TextWidget
from apps.regions.cells import RegionLookupWidget
from apps.regions.models import Region

from .models import Park


class ParkResource(resources.ModelResource):
    name = fields.Field("name", column_name="园区名称", widget=TextWidget(max_length=100))
    level = fields.Field("level", column_name="园区级别", widget=ChoiceLabelWidget(Park.Level.choices))
    region_code = fields.Field("region", column_name="所在区划代码", widget=RegionLookupWidget(
        unknown="所在区划代码“{code}”不存在", outside="所在区划“{region.full_name}”不在您的管辖区域（{area}）内",
        wrong_level="“{region.full_name}”不是县（市、区）或市（州）：园区应归属其所在的县（市、区）",
        levels=(Region.Level.CITY, Region.Level.COUNTY), listed=True))
    region_name = fields.Field("region__full_name", column_name="所在区划", readonly=True, widget=TextWidget())
    managing_body = fields.Field("managing_body", column_name="管理机构", widget=TextWidget(max_length=100))
    enterprise_count = fields.Field("enterprise_count", column_name="入驻企业数", widget=CountWidget())
    worker_count = fields.Field("worker_count", column_name="从业职工数", widget=CountWidget(limit=10_000_000))
    contact_person = fields.Field("contact_person", column_name="联系人", widget=TextWidget(max_length=50))
    # a masked phone (as an export writes it) never overwrites the stored one
    contact_phone = fields.Field("contact_phone", column_name="联系电话", widget=TextWidget(max_length=30, masked=True))

    class Meta:
        model = Park
        fields = ["name", "level", "region_code", "region_name", "managing_body", "enterprise_count", "worker_count",
                  "contact_person", "contact_phone"]
        required = ["园区名称", "园区级别", "所在区划代码"]
        choices = {"园区级别": Park.Level.labels}
        widths = {"园区名称": 30, "所在区划": 26, "管理机构": 26, "联系电话": 16}
        preview = ["name", "level", "region_name", "managing_body"]
        example = {"园区名称": "江岸区示例产业园", "园区级别": "市级", "所在区划代码": "420102",
                   "所在区划": "武汉市江岸区", "管理机构": "示例产业园管理委员会", "入驻企业数": 80,
                   "从业职工数": 5200, "联系人": "张三", "联系电话": "027-12345678"}
        help = {"园区名称": "同一县（市、区）内不能重名，与已有园区同名时视为更新",
                "所在区划代码": "园区所属县（市、区）的 6 位代码；市属园区填市（州）的 4 位代码",
                "所在区划": "导出时写出，导入时不读", "入驻企业数": "非负整数", "从业职工数": "非负整数",
                "联系电话": "带 * 号的脱敏电话不会覆盖原号码"}
