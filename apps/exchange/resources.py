"""The columns of a signal batch, declared once (the import engine reads headers and required columns here)."""

from import_export import fields, resources, widgets

from .models import EnterpriseSignal


class SignalResource(resources.ModelResource):
    uscc = fields.Field("enterprise__uscc", column_name="统一社会信用代码")
    date = fields.Field("date", column_name="日期", widget=widgets.DateWidget())
    contracts_signed = fields.Field("contracts_signed", column_name="劳动合同签订数", widget=widgets.IntegerWidget())
    disputes = fields.Field("disputes", column_name="劳动争议案件数", widget=widgets.IntegerWidget())
    arbitrations = fields.Field("arbitrations", column_name="仲裁案件数", widget=widgets.IntegerWidget())
    insurance_arrears = fields.Field("insurance_arrears", column_name="社保欠缴", widget=widgets.BooleanWidget())

    class Meta:
        model = EnterpriseSignal
        fields = ["uscc", "date", "contracts_signed", "disputes", "arbitrations", "insurance_arrears"]
        required = ["统一社会信用代码", "日期"]
