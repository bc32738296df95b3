"""The coordinator ledger's, trainings' and attendance lists' columns, declared once as import-export resources.

Each column's header, attribute and widget (how a cell is read and written) is here, with the required ones
(marked * in the templates), the drop-down lists, the widths and the template's example row; the imports
(apps.coordinators.importing) take all of it from here. 身份证号 and 手机号码 are imported in full and only
ever written out masked.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from apps.core import widgets as cells
from apps.core.fields import blind_index
from apps.core.idnumbers import clean_id_number, compact
from apps.core.masking import mask_id_number, mask_phone
from apps.core.spreadsheets import text
from apps.parks.cells import ParkLookupWidget
from apps.regions.cells import RegionLookupWidget
from apps.regions.models import Region

from .forms import clean_phone
from .models import Coordinator, Education, PayBand, SkillLevel, Training, TrainingAttendance, WorkplaceType


class IdNumberWidget(widgets.CharWidget):
    """身份证号: checked by the one validator (apps.core.idnumbers.clean_id_number), written out masked."""

    def clean(self, value, row=None, **kwargs):
        return clean_id_number(text(value)) if text(value) else None

    def render(self, value, obj=None, **kwargs):
        return mask_id_number(value)


class PhoneWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return clean_phone(text(value)) or None

    def render(self, value, obj=None, **kwargs):
        return mask_phone(value)


def unregistered(cell):
    """Why a 身份证号 the ledger does not hold is refused: the rule's reason, else that the area has no such
    coordinator (a number found in the ledger is never refused by the rule)."""
    try:
        clean_id_number(cell)
    except ValidationError as exc:
        return exc.messages[0]
    return "本辖区未登记该身份证号的协调员"


def choice(choices):
    return cells.ChoiceLabelWidget(choices, refusal="的值“{cell}”{hint}")


AREA = (Region.Level.COUNTY, Region.Level.TOWNSHIP)
OUTSIDE = "所在区划代码“{code}”不是本辖区的县（市、区）或乡镇（街道）代码"


class CoordinatorResource(resources.ModelResource):
    name = fields.Field("name", column_name="姓名", widget=cells.TextWidget())
    id_number = fields.Field("id_number", column_name="身份证号", widget=IdNumberWidget())
    phone = fields.Field("phone", column_name="手机号码", widget=PhoneWidget())
    education = fields.Field("education", column_name="学历", widget=choice(Education.choices))
    workplace_type = fields.Field("workplace_type", column_name="工作单位类型", widget=choice(WorkplaceType.choices))
    workplace_name = fields.Field("workplace_name", column_name="工作单位", widget=cells.TextWidget())
    region = fields.Field("region", column_name="所在区划代码",
                          widget=RegionLookupWidget(unknown=OUTSIDE, outside=OUTSIDE, levels=AREA))
    enterprises = fields.Field("enterprises", column_name="服务企业统一社会信用代码",
                               widget=cells.KeyWidget("enterprises.Enterprise", "uscc", many=True,
                                                      missing="服务企业“{value}”不在本辖区企业台账中"))
    skill_level = fields.Field("skill_level", column_name="职业技能等级", widget=choice(SkillLevel.choices))
    certificate_no = fields.Field("certificate_no", column_name="证书编号", widget=cells.TextWidget())
    pay_band = fields.Field("pay_band", column_name="薪酬档次", widget=choice(PayBand.choices))
    status = fields.Field("status", column_name="在岗状态", widget=choice(Coordinator.Status.choices))
    on_public_list = fields.Field("on_public_list", column_name="列入公示名单", widget=cells.YesNoWidget())

    class Meta:
        model = Coordinator
        fields = ["name", "id_number", "phone", "education", "workplace_type", "workplace_name", "region",
                  "enterprises", "skill_level", "certificate_no", "pay_band", "status", "on_public_list"]
        required = ["姓名", "身份证号", "学历", "工作单位类型", "工作单位", "所在区划代码"]
        choices = {"学历": Education.labels, "工作单位类型": WorkplaceType.labels,
                   "职业技能等级": [label for value, label in SkillLevel.choices if value],
                   "薪酬档次": [label for value, label in PayBand.choices if value],
                   "在岗状态": Coordinator.Status.labels, "列入公示名单": [cells.YES, cells.NO]}
        widths = {"身份证号": 22, "工作单位": 24, "服务企业统一社会信用代码": 30}
        example = {"姓名": "张三", "身份证号": "420102199001011234", "手机号码": "13912345678", "学历": "本科",
                   "工作单位类型": "企业", "工作单位": "某某科技有限公司", "所在区划代码": "420102",
                   "服务企业统一社会信用代码": "91420102MA4K00017C", "职业技能等级": "四级 中级工",
                   "证书编号": "HB2024000123", "薪酬档次": "5000–8000元", "在岗状态": "在岗", "列入公示名单": "是"}
        preview = ["name", "id_number", "region", "workplace_name", "skill_level", "status"]


class TrainingResource(resources.ModelResource):
    date = fields.Field("date", column_name="培训日期", widget=cells.DateWidget(refusal="应为日期，如 2026-03-15"))
    topic = fields.Field("topic", column_name="培训主题", widget=cells.TextWidget())
    hours = fields.Field("hours", column_name="学时", widget=cells.NumberWidget(minimum=0, maximum=999))
    region = fields.Field("region", column_name="举办区划代码", widget=RegionLookupWidget(
        unknown="举办区划代码“{code}”不在本辖区内", outside="举办区划代码“{code}”不在本辖区内"))
    park = fields.Field("park__name", column_name="举办园区", widget=ParkLookupWidget(missing="园区“{name}”不在本辖区内"))
    location = fields.Field("location", column_name="地点", widget=cells.TextWidget())

    class Meta:
        model = Training
        fields = ["date", "topic", "hours", "region", "park", "location"]
        required = ["培训日期", "培训主题", "学时", "举办区划代码"]
        choices = {}
        widths = {"培训主题": 30, "地点": 30}
        example = {"培训日期": "2026-03-15", "培训主题": "劳动关系协调实务培训", "学时": "8", "举办区划代码": "420102",
                   "举办园区": "", "地点": "江岸区人社局三楼会议室"}
        preview = ["date", "topic", "hours", "region", "park", "location"]


class AttendanceResource(resources.ModelResource):
    # read as written: a number already in the ledger is found by its digest, never refused by the rule
    id_number = fields.Field("coordinator__id_number", column_name="身份证号", widget=cells.KeyWidget(
        "coordinators.Coordinator", "id_digest", key=lambda cell: blind_index(compact(cell)), missing=unregistered,
        related=("region",)))
    name = fields.Field("coordinator__name", column_name="姓名", widget=cells.TextWidget())
    passed = fields.Field("passed", column_name="考核合格", widget=cells.YesNoWidget())

    class Meta:
        model = TrainingAttendance
        fields = ["id_number", "name", "passed"]
        required = ["身份证号"]
        choices = {"考核合格": [cells.YES, cells.NO]}
        widths = {"身份证号": 22}
        example = {"身份证号": "420102199001011234", "姓名": "张三", "考核合格": "是"}
