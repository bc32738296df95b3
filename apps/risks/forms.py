"""The risk report's form (also how the data exchange files a report: apps/exchange/importing.py) and the
form of a workflow step."""

from django import forms

from apps.coordinators.forms import StyledModelForm

from .models import RiskReport


class RiskReportForm(StyledModelForm):
    class Meta:
        model = RiskReport
        fields = ["enterprise", "category", "severity", "people_affected", "amount", "description",
                  "actions_taken", "coordinator"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "actions_taken": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"severity": "重大风险提交后立即通知市、省两级三方办。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].error_messages["invalid_choice"] = "所选企业不在您的管辖区域内，不能上报。"
        self.fields["coordinator"].error_messages["invalid_choice"] = "所选协调员不在您的管辖区域内。"

    def clean_amount(self):
        amount = self.cleaned_data.get("amount") or 0
        if amount < 0:
            raise forms.ValidationError("涉及金额不能为负数。")
        return amount


class RiskTransitionForm(forms.Form):
    note = forms.CharField(label="处置说明", widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    due_date = forms.DateField(label="下一步办理时限", required=False,
                               widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
