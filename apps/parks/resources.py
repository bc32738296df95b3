"""The industrial-park ledger's columns, declared once as a django-import-export resource."""

from import_export import fields, resources, widgets

from apps.regions.models import Park


class ParkResource(resources.ModelResource):
    name = fields.Field("name", column_name="园区名称")
    level = fields.Field("level", column_name="园区级别")
    region_code = fields.Field("region__code", column_name="所在区划代码")
    managing_body = fields.Field("managing_body", column_name="管理机构")
    enterprise_count = fields.Field("enterprise_count", column_name="入驻企业数", widget=widgets.IntegerWidget())
    worker_count = fields.Field("worker_count", column_name="从业职工数", widget=widgets.IntegerWidget())
    contact_person = fields.Field("contact_person", column_name="联系人")
    contact_phone = fields.Field("contact_phone", column_name="联系电话")

    class Meta:
        model = Park
        fields = ["name", "level", "region_code", "managing_body", "enterprise_count", "worker_count",
                  "contact_person", "contact_phone"]
        required = ["园区名称", "园区级别", "所在区划代码"]
        choices = {"园区级别": Park.Level.labels}
        widths = {"园区名称": 28, "管理机构": 28, "联系电话": 16}
