"""The enterprise ledger's columns, declared once as a django-import-export resource.

The import engine (apps/core/imports.py) takes the template's headers, their order and which are required from
here, and so do the export and the template; the portal's own validation and bulk write
(apps.enterprises.importing) read the same columns. import-export's own `import_data` over this resource is
what the benchmark measures the portal's import against (bench/bench_enterprises.py): the ledger columns
(创建年度, 创建状态) and the park are read-only for it.
"""

from import_export import fields, resources, widgets

from apps.core.widgets import NO, YES, ChoiceLabelWidget, CountWidget, YesNoWidget
from apps.regions.models import Region

from .models import CreationRecord, Enterprise, Industry, Ownership


class EnterpriseResource(resources.ModelResource):
    name = fields.Field("name", column_name="企业名称")
    uscc = fields.Field("uscc", column_name="统一社会信用代码")
    region = fields.Field("region", column_name="所在区划代码", widget=widgets.ForeignKeyWidget(Region, "code"))
    park = fields.Field("park__name", column_name="所在园区", readonly=True)
    industry = fields.Field("industry", column_name="行业门类", widget=ChoiceLabelWidget(Industry.choices))
    ownership = fields.Field("ownership", column_name="经济类型", widget=ChoiceLabelWidget(Ownership.choices))
    employee_count = fields.Field("employee_count", column_name="职工人数", widget=CountWidget(limit=2_000_000))
    has_union = fields.Field("has_union", column_name="已建工会", widget=YesNoWidget())
    has_collective_contract = fields.Field("has_collective_contract", column_name="已签集体合同",
                                           widget=YesNoWidget())
    contact_person = fields.Field("contact_person", column_name="联系人", widget=widgets.CharWidget(allow_blank=True))
    contact_phone = fields.Field("contact_phone", column_name="联系电话", widget=widgets.CharWidget(allow_blank=True))
    year = fields.Field(column_name="创建年度", readonly=True)
    status = fields.Field(column_name="创建状态", readonly=True,
                          widget=ChoiceLabelWidget(CreationRecord.Status.choices))

    class Meta:
        model = Enterprise
        import_id_fields = ["uscc"]
        fields = ["name", "uscc", "region", "park", "industry", "ownership", "employee_count", "has_union",
                  "has_collective_contract", "contact_person", "contact_phone", "year", "status"]
        # the template marks these with *; the import refuses a file without them
        required = ["企业名称", "统一社会信用代码", "所在区划代码", "行业门类"]
        # what each column may hold: the template's drop-down lists (apps.core.templates)
        choices = {"行业门类": Industry.labels, "经济类型": Ownership.labels,
                   "已建工会": [YES, NO], "已签集体合同": [YES, NO],
                   "创建状态": [label for value, label in CreationRecord.Status.choices
                            if value != CreationRecord.Status.DEMONSTRATION]}
        widths = {"企业名称": 30, "统一社会信用代码": 22, "所在区划代码": 14, "所在园区": 20, "行业门类": 24,
                  "经济类型": 14, "联系电话": 16}
