"""The coordinator ledger's, trainings' and attendance lists' columns, declared once as import-export resources.

The templates, the imports (apps.coordinators.importing) and their header checks take the headers, their
order and the required ones (marked * in the templates) from here; apps.coordinators.excel says what each
cell means. 身份证号 and 手机号码 are imported in full and only ever exported masked.
"""

from import_export import fields, resources, widgets

from apps.core.widgets import NO, YES, DateWidget, YesNoWidget

from .models import Coordinator, Education, PayBand, SkillLevel, Training, TrainingAttendance, WorkplaceType


class CoordinatorResource(resources.ModelResource):
    name = fields.Field("name", column_name="姓名")
    id_number = fields.Field("id_number", column_name="身份证号")
    phone = fields.Field("phone", column_name="手机号码")
    education = fields.Field("education", column_name="学历")
    workplace_type = fields.Field("workplace_type", column_name="工作单位类型")
    workplace_name = fields.Field("workplace_name", column_name="工作单位")
    region = fields.Field("region__code", column_name="所在区划代码")
    enterprises = fields.Field("enterprises", column_name="服务企业统一社会信用代码",
                               widget=widgets.ManyToManyWidget("enterprises.Enterprise", field="uscc", separator=";"))
    skill_level = fields.Field("skill_level", column_name="职业技能等级")
    certificate_no = fields.Field("certificate_no", column_name="证书编号")
    pay_band = fields.Field("pay_band", column_name="薪酬档次")
    status = fields.Field("status", column_name="在岗状态")
    on_public_list = fields.Field("on_public_list", column_name="列入公示名单", widget=YesNoWidget())

    class Meta:
        model = Coordinator
        fields = ["name", "id_number", "phone", "education", "workplace_type", "workplace_name", "region",
                  "enterprises", "skill_level", "certificate_no", "pay_band", "status", "on_public_list"]
        required = ["姓名", "身份证号", "学历", "工作单位类型", "工作单位", "所在区划代码"]
        choices = {"学历": Education.labels, "工作单位类型": WorkplaceType.labels,
                   "职业技能等级": [label for value, label in SkillLevel.choices if value],
                   "薪酬档次": [label for value, label in PayBand.choices if value],
                   "在岗状态": Coordinator.Status.labels, "列入公示名单": [YES, NO]}
        widths = {"身份证号": 22, "工作单位": 24, "服务企业统一社会信用代码": 30}


class TrainingResource(resources.ModelResource):
    date = fields.Field("date", column_name="培训日期", widget=DateWidget())
    topic = fields.Field("topic", column_name="培训主题")
    hours = fields.Field("hours", column_name="学时", widget=widgets.DecimalWidget())
    region = fields.Field("region__code", column_name="举办区划代码")
    park = fields.Field("park__name", column_name="举办园区")
    location = fields.Field("location", column_name="地点")

    class Meta:
        model = Training
        fields = ["date", "topic", "hours", "region", "park", "location"]
        required = ["培训日期", "培训主题", "学时", "举办区划代码"]
        choices = {}
        widths = {"培训主题": 30, "地点": 30}


class AttendanceResource(resources.ModelResource):
    id_number = fields.Field("coordinator__id_number", column_name="身份证号")
    name = fields.Field("coordinator__name", column_name="姓名")
    passed = fields.Field("passed", column_name="考核合格", widget=YesNoWidget())

    class Meta:
        model = TrainingAttendance
        fields = ["id_number", "name", "passed"]
        required = ["身份证号"]
        choices = {"考核合格": [YES, NO]}
        widths = {"身份证号": 22}
