"""The columns of a signal batch, declared once: the JSON keys of a row (the fields' names), the API's schema
(`apps.core.imports.api_schema`: types from the widgets, descriptions from Meta.help) and each value's parse by
the shared widgets (apps/core/widgets.py), as for the Excel ledgers."""

from import_export import fields, resources

from apps.core.widgets import CountWidget, DateWidget, TextWidget, YesNoWidget

from .models import EnterpriseSignal

MAX_COUNT = 1_000_000


def uscc_of(code):
    """A signal names its enterprise by code: any 18 characters (an unknown code gets the same answer as another
    area's, apps.exchange.importing)."""
    code = code.upper()
    if len(code) != 18:
        raise ValueError(f"“{code[:20]}”不是 18 位统一社会信用代码")
    return code


class SignalResource(resources.ModelResource):
    uscc = fields.Field("enterprise__uscc", column_name="统一社会信用代码", widget=TextWidget(max_length=40, check=uscc_of))
    date = fields.Field("date", column_name="日期", widget=DateWidget())
    contracts_signed = fields.Field("contracts_signed", column_name="劳动合同签订数", widget=CountWidget(MAX_COUNT))
    disputes = fields.Field("disputes", column_name="劳动争议案件数", widget=CountWidget(MAX_COUNT))
    arbitrations = fields.Field("arbitrations", column_name="仲裁案件数", widget=CountWidget(MAX_COUNT))
    insurance_arrears = fields.Field("insurance_arrears", column_name="社保欠缴",
                                     widget=YesNoWidget(hint="应为 true/false（是/否）"))

    class Meta:
        model = EnterpriseSignal
        fields = ["uscc", "date", "contracts_signed", "disputes", "arbitrations", "insurance_arrears"]
        required = ["统一社会信用代码", "日期"]
        help = {"统一社会信用代码": "统一社会信用代码（18 位）", "日期": "信号日期，如 2026-11-25；不能晚于今天",
                "劳动合同签订数": "当日劳动合同签订数（电子劳动合同平台）", "劳动争议案件数": "劳动争议案件数（调解平台）",
                "仲裁案件数": "仲裁案件数（仲裁平台）", "社保欠缴": "是否欠缴社会保险费"}
