"""The enterprise ledger's columns, declared once as a django-import-export resource.

Each column's header, attribute, widget (apps/core/widgets.py), required mark, drop-down choices, width and
help are here and nowhere else: the template, the header check, each cell's parse and the export row come
from this declaration (apps.enterprises.importing, apps.enterprises.exporting). import-export's own
`import_data` over this resource is what the benchmark measures the portal's import against
(bench/bench_enterprises.py): the ledger columns (创建年度, 创建状态) and the park are read-only for it.
"""

from import_export import fields, resources

from apps.core.widgets import NO, YES, ChoiceLabelWidget, CountWidget, TextWidget, YesNoWidget
from apps.parks.cells import ParkLookupWidget
from apps.regions.cells import RegionLookupWidget
from apps.regions.models import Region

from .forms import check_phone, clean_uscc, park_problem
from .models import CAMPAIGN_YEARS, CreationRecord, Enterprise, Industry, Ownership

HAND_SET = "、".join(CreationRecord.Status(v).label for v in CreationRecord.HAND_SET)


class EnterpriseResource(resources.ModelResource):
    name = fields.Field("name", column_name="企业名称", widget=TextWidget(max_length=200))
    uscc = fields.Field("uscc", column_name="统一社会信用代码", widget=TextWidget(check=clean_uscc))
    region = fields.Field("region", column_name="所在区划代码", widget=RegionLookupWidget(
        unknown="所在区划代码“{code}”不存在，请按“区划代码”工作表填写", outside="所在区划代码“{code}”不在您的管辖范围内",
        wrong_level="所在区划代码“{code}”是{region.full_name}，应填写县（市、区）或乡镇（街道）代码",
        levels=(Region.Level.COUNTY, Region.Level.TOWNSHIP), listed=True))
    park = fields.Field("park__name", column_name="所在园区", readonly=True, widget=ParkLookupWidget(
        missing="所在园区“{name}”不存在或不在所填区划内", misplaced="所在园区“{name}”不在所填乡镇（街道）内：{problem}",
        rule=park_problem, listed=True))
    industry = fields.Field("industry", column_name="行业门类",
                            widget=ChoiceLabelWidget(Industry.choices, hint="无法识别，应为 A–T 的字母或门类名称"))
    ownership = fields.Field("ownership", column_name="经济类型", widget=ChoiceLabelWidget(
        Ownership.choices, hint="无法识别，应为：" + "、".join(Ownership.labels)))
    employee_count = fields.Field("employee_count", column_name="职工人数", widget=CountWidget(limit=2_000_000))
    has_union = fields.Field("has_union", column_name="已建工会", widget=YesNoWidget())
    has_collective_contract = fields.Field("has_collective_contract", column_name="已签集体合同",
                                           widget=YesNoWidget())
    contact_person = fields.Field("contact_person", column_name="联系人", widget=TextWidget(max_length=50))
    # a masked phone (as an export writes it) never overwrites the stored one
    contact_phone = fields.Field("contact_phone", column_name="联系电话",
                                 widget=TextWidget(check=check_phone, masked=True))
    year = fields.Field(column_name="创建年度", readonly=True, widget=ChoiceLabelWidget(
        [(year, str(year)) for year, _ in CAMPAIGN_YEARS], hint="应为 2023–2027 之间的年份"))
    status = fields.Field(column_name="创建状态", readonly=True,
                          widget=ChoiceLabelWidget(CreationRecord.Status.choices, hint=f"无法识别，应为：{HAND_SET}"))

    class Meta:
        model = Enterprise
        import_id_fields = ["uscc"]
        fields = ["name", "uscc", "region", "park", "industry", "ownership", "employee_count", "has_union",
                  "has_collective_contract", "contact_person", "contact_phone", "year", "status"]
        # the template marks these with *; the import refuses a file without them
        required = ["企业名称", "统一社会信用代码", "所在区划代码", "行业门类"]
        # what each column may hold: the template's drop-down lists
        choices = {"行业门类": Industry.labels, "经济类型": Ownership.labels,
                   "已建工会": [YES, NO], "已签集体合同": [YES, NO],
                   "创建年度": [year for year, _ in CAMPAIGN_YEARS],
                   "创建状态": [label for value, label in CreationRecord.Status.choices
                            if value != CreationRecord.Status.DEMONSTRATION]}
        widths = {"企业名称": 30, "统一社会信用代码": 22, "所在区划代码": 14, "所在园区": 20, "行业门类": 24,
                  "经济类型": 14, "联系电话": 16}
        # the template's 填写说明, column by column
        help = {
            "企业名称": "不超过 200 字",
            "统一社会信用代码": "18 位，按 GB 32100-2015 校验末位校验码；已登记的代码按“更新”处理",
            "所在区划代码": "县（市、区）或乡镇（街道）的统计用区划代码，只能填写您管辖范围内的代码，见“区划代码”工作表",
            "所在园区": "已登记的工业园区名称，须位于所填区划内（园区限定乡镇时，须为其中之一）",
            "行业门类": "A–T 的字母或门类名称，见“代码表”工作表",
            "职工人数": "非负整数",
            "已建工会": "填写 是 或 否",
            "已签集体合同": "填写 是 或 否",
            "联系人": "不超过 50 字",
            "联系电话": "数字、“-”和“+”，5 至 20 位；带 * 号的脱敏电话不会覆盖原号码",
            "创建年度": "与创建状态同时填写时，写入该年度的创建台账",
            "创建状态": f"{HAND_SET}；“达标”“未达标”随评估结论、“示范”只能由省级命名产生，不能导入",
        }
