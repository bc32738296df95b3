from django import forms
from django.conf import settings

from .models import ApiToken, Platform


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                              else "form-control")


class PlatformForm(StyledModelForm):
    class Meta:
        model = Platform
        fields = ["name", "kind", "contact", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class TokenForm(StyledModelForm):
    days = forms.IntegerField(label="有效天数", initial=180, help_text="到期后令牌自动失效（返回 401），需重新签发。")

    class Meta:
        model = ApiToken
        fields = ["name", "platform", "can_read", "can_post_signals", "rate_limit"]
        help_texts = {"name": "用途说明，如：电子劳动合同平台 · 签订数报送",
                      "can_post_signals": "允许报送劳动合同签订数、争议仲裁案件数、社保欠缴等信号",
                      "rate_limit": "超过后返回 429，下一分钟恢复（1–6000）"}

    field_order = ["name", "platform", "can_read", "can_post_signals", "days", "rate_limit"]

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Platform.objects.filter(office=office).order_by("name")
        self.fields["platform"].empty_label = "（本单位自用）"

    def clean_days(self):
        days = self.cleaned_data["days"]
        if not 1 <= days <= settings.EXCHANGE_TOKEN_DAYS:
            raise forms.ValidationError(f"有效天数应在 1 至 {settings.EXCHANGE_TOKEN_DAYS} 天之间。")
        return days

    def clean_rate_limit(self):
        limit = self.cleaned_data["rate_limit"]
        if not 1 <= limit <= 6000:
            raise forms.ValidationError("每分钟调用上限应在 1 至 6000 之间。")
        return limit

    def clean(self):
        data = super().clean()
        if not data.get("can_read") and not data.get("can_post_signals"):
            raise forms.ValidationError("请至少选择一项权限：读取数据或报送信号。")
        return data
