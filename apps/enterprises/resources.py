"""django-import-export resource for the enterprise ledger's template columns.

The portal's own import (apps.enterprises.importing) validates the whole file first and then writes in
bulk; this resource is import-export's default row-by-row path over the same columns, kept so that the
benchmark can measure both side by side on the same file (bench/bench_enterprises.py)."""

from import_export import fields, resources, widgets

from apps.regions.models import Region

from .models import Enterprise, Industry, Ownership


class ChoiceLabelWidget(widgets.CharWidget):
    def __init__(self, choices, **kwargs):
        self.by_label = {label: value for value, label in choices} | {value: value for value, _ in choices}
        self.by_label |= {label.split(" ", 1)[-1]: value for value, label in choices}
        self.labels = dict(choices)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        if value and value not in self.by_label:
            raise ValueError(f"无法识别“{value}”")
        return self.by_label.get(value, value)

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value)


class YesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = ["是", "1", 1, True, "true", "TRUE", "True"]
    FALSE_VALUES = ["否", "0", 0, False, "false", "FALSE", "False"]


class EnterpriseResource(resources.ModelResource):
    name = fields.Field("name", column_name="企业名称")
    uscc = fields.Field("uscc", column_name="统一社会信用代码")
    region = fields.Field("region", column_name="所在区划代码", widget=widgets.ForeignKeyWidget(Region, "code"))
    industry = fields.Field("industry", column_name="行业门类", widget=ChoiceLabelWidget(Industry.choices))
    ownership = fields.Field("ownership", column_name="经济类型", widget=ChoiceLabelWidget(Ownership.choices))
    employee_count = fields.Field("employee_count", column_name="职工人数", widget=widgets.IntegerWidget())
    has_union = fields.Field("has_union", column_name="已建工会", widget=YesNoWidget())
    has_collective_contract = fields.Field("has_collective_contract", column_name="已签集体合同",
                                           widget=YesNoWidget())
    contact_person = fields.Field("contact_person", column_name="联系人", widget=widgets.CharWidget(allow_blank=True))
    contact_phone = fields.Field("contact_phone", column_name="联系电话", widget=widgets.CharWidget(allow_blank=True))

    class Meta:
        model = Enterprise
        import_id_fields = ["uscc"]
        fields = ["name", "uscc", "region", "industry", "ownership", "employee_count", "has_union",
                  "has_collective_contract", "contact_person", "contact_phone"]
