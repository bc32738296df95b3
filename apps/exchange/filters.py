import django_filters
from django import forms
from django.utils import timezone

from .models import ApiCall, ApiToken


class TokenFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="contains",
                                  widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    state = django_filters.ChoiceFilter(label="状态", method="filter_state", empty_label="（全部）",
                                        choices=[("active", "有效"), ("expired", "已过期"), ("revoked", "已吊销")],
                                        widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    class Meta:
        model = ApiToken
        fields = []

    def filter_state(self, queryset, name, value):
        now = timezone.now()
        if value == "active":
            return queryset.usable(now)
        if value == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        return queryset.filter(revoked_at__isnull=False)


class CallFilter(django_filters.FilterSet):
    token = django_filters.ModelChoiceFilter(label="令牌", queryset=ApiToken.objects.none(), empty_label="（全部）",
                                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    status = django_filters.ChoiceFilter(label="结果", method="filter_status", empty_label="（全部）",
                                         choices=[("ok", "成功（2xx）"), ("client", "被拒绝（4xx）"),
                                                  ("error", "出错（5xx）")],
                                         widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    date = django_filters.DateFilter(label="日期", field_name="at", lookup_expr="date",
                                     widget=forms.DateInput(attrs={"type": "date",
                                                                   "class": "form-control form-control-sm"}))

    class Meta:
        model = ApiCall
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request is not None else None
        self.filters["token"].queryset = ApiToken.objects.visible_to(user).order_by("name")

    def filter_status(self, queryset, name, value):
        low = {"ok": 200, "client": 400, "error": 500}[value]
        return queryset.filter(status__gte=low, status__lt=low + 100)
