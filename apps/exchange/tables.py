import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .models import ApiCall, ApiToken, Platform

BADGE = '<span class="badge text-bg-{}">{}</span>'


class TokenTable(tables.Table):
    name = tables.Column(verbose_name="名称")
    holder = tables.Column(verbose_name="使用方", accessor="platform__name", default="本单位自用", order_by=("platform__name",))
    office = tables.Column(verbose_name="签发单位")
    prefix = tables.Column(verbose_name="令牌前缀", orderable=False)
    scopes = tables.Column(verbose_name="权限", accessor="scopes_label", orderable=False)
    expires_at = tables.DateTimeColumn(verbose_name="有效期至", format="Y-m-d H:i")
    last_used_at = tables.DateTimeColumn(verbose_name="最近使用", format="Y-m-d H:i", default="从未使用")
    state = tables.Column(verbose_name="状态", empty_values=(), orderable=False)
    actions = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        model = ApiToken
        fields = ["name", "holder", "office", "prefix", "scopes", "expires_at", "last_used_at", "state", "actions"]
        attrs = {"class": "table table-sm table-hover mb-0"}

    def render_prefix(self, value):
        return format_html('<code>{}…</code>', value)

    def render_state(self, record):
        _key, label, tone = record.state()
        return format_html(BADGE, tone, label)

    def render_actions(self, record):
        if record.revoked_at:
            return ""
        return format_html('<a class="btn btn-sm btn-link text-danger" href="{}">吊销</a>',
                           reverse("exchange:token_revoke", args=[record.pk]))


class PlatformTable(tables.Table):
    name = tables.Column(verbose_name="平台名称")
    kind = tables.Column(verbose_name="平台类型")
    office = tables.Column(verbose_name="登记单位")
    contact = tables.Column(verbose_name="联系人及电话")
    tokens = tables.Column(verbose_name="有效令牌", accessor="usable_tokens", orderable=False)
    created_at = tables.DateTimeColumn(verbose_name="登记时间", format="Y-m-d")

    class Meta:
        model = Platform
        fields = ["name", "kind", "office", "contact", "tokens", "created_at"]
        attrs = {"class": "table table-sm table-hover mb-0"}


class CallTable(tables.Table):
    at = tables.DateTimeColumn(verbose_name="时间", format="Y-m-d H:i:s")
    token = tables.Column(verbose_name="令牌", accessor="token__name")
    holder = tables.Column(verbose_name="使用方", accessor="token__platform__name", default="本单位自用")
    method = tables.Column(verbose_name="方法")
    path = tables.Column(verbose_name="地址")
    status = tables.Column(verbose_name="状态码")
    rows = tables.Column(verbose_name="行数")
    duration_ms = tables.Column(verbose_name="耗时（毫秒）")
    ip_address = tables.Column(verbose_name="IP 地址")

    class Meta:
        model = ApiCall
        fields = ["at", "token", "holder", "method", "path", "status", "rows", "duration_ms", "ip_address"]
        attrs = {"class": "table table-sm table-hover mb-0"}

    def render_status(self, value):
        tone = "success" if value < 300 else "warning" if value < 500 else "danger"
        return format_html(BADGE, tone, value)

    def render_path(self, value):
        return format_html('<code class="small">{}</code>', value)
