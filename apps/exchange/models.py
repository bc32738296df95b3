"""Data exchange with sister platforms: API tokens, the log of every call, and inbound signals.

A token acts through a service account of the office it was issued by (`ApiToken.account`): that account
belongs to the office, so `Model.objects.visible_to(token.account)` gives the token exactly the office's
area, through the one scoping rule and nothing else.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.core.scoping import ScopedQuerySet

TOKEN_PREFIX = "hbx_"


def digest_of(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class PlatformQuerySet(ScopedQuerySet):
    pass


class Platform(models.Model):
    """A registered sister platform (兄弟平台) that reads this portal's data or posts signals to it."""

    class Kind(models.TextChoices):
        E_CONTRACT = "e_contract", "电子劳动合同平台"
        MEDIATION = "mediation", "劳动争议调解仲裁平台"
        SOCIAL_INSURANCE = "social_insurance", "社会保险信息平台"
        OTHER = "other", "其他平台"

    name = models.CharField("平台名称", max_length=100)
    kind = models.CharField("平台类型", max_length=20, choices=Kind.choices)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="platforms",
                               verbose_name="登记单位")
    contact = models.CharField("联系人及电话", max_length=100, blank=True, default="")
    notes = models.TextField("说明", blank=True, default="")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = PlatformQuerySet.as_manager()
    scope_region_path = "office__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "兄弟平台"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ApiTokenQuerySet(ScopedQuerySet):
    def usable(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """An access token issued by an office (to itself or to a sister platform); only its sha256 is kept."""

    class Scope(models.TextChoices):
        READ = "read", "读取数据"
        SIGNALS = "signals", "报送信号"

    name = models.CharField("令牌名称", max_length=100)
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="api_tokens",
                               verbose_name="签发单位")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, null=True, blank=True, related_name="tokens",
                                 verbose_name="使用平台", help_text="不选则为本单位自用")
    account = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token",
                                   editable=False, verbose_name="服务账号")
    prefix = models.CharField("令牌前缀", max_length=16, editable=False)
    digest = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True, editable=False)
    can_read = models.BooleanField("读取数据", default=True)
    can_post_signals = models.BooleanField("报送信号", default=False)
    rate_limit = models.PositiveIntegerField("每分钟调用上限", default=120)
    expires_at = models.DateTimeField("有效期至")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name="签发人", editable=False)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="吊销人", editable=False)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()
    scope_region_path = "office__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"
        ordering = ["-created_at"]
        permissions = [("manage_apitoken", "可签发和吊销接口令牌")]

    def __str__(self):
        return self.name

    @staticmethod
    def new_secret():
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @property
    def holder(self):
        return self.platform.name if self.platform_id else f"{self.office}（自用）"

    @property
    def scopes_label(self):
        return "、".join(label for flag, label in ((self.can_read, "读取数据"), (self.can_post_signals, "报送信号"))
                        if flag) or "—"

    def state(self, now=None):
        if self.revoked_at:
            return "revoked", "已吊销", "secondary"
        if self.expires_at <= (now or timezone.now()):
            return "expired", "已过期", "warning"
        return "active", "有效", "success"


class ApiCallQuerySet(ScopedQuerySet):
    pass


class ApiCall(models.Model):
    """One authenticated call: which token, what it asked, how it ended, how many rows it returned or sent."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="calls", verbose_name="令牌")
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    method = models.CharField("方法", max_length=8)
    path = models.CharField("地址", max_length=300)
    operation = models.CharField("接口", max_length=60)
    status = models.PositiveSmallIntegerField("状态码")
    rows = models.PositiveIntegerField("行数", default=0)
    duration_ms = models.PositiveIntegerField("耗时（毫秒）", default=0)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)

    objects = ApiCallQuerySet.as_manager()
    scope_region_path = "token__office__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "接口调用记录"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"


class EnterpriseSignalQuerySet(ScopedQuerySet):
    def troubling(self):
        """Signals that point to trouble: labour disputes, arbitrations or social-insurance arrears."""
        return self.filter(models.Q(disputes__gt=0) | models.Q(arbitrations__gt=0) | models.Q(insurance_arrears=True))

    def of_unit(self, subject_id, since):
        """A unit's troubling signals since `since`, newest first: what its title application shows (honours)."""
        return self.filter(enterprise__subject_id=subject_id, date__gte=since).troubling().order_by("-date")


class EnterpriseSignal(models.Model):
    """What the sister platforms report about one enterprise on one date (one row per enterprise and date).

    A field left empty (None) was not reported; a later batch fills or replaces only what it carries.
    """

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="signals",
                                   verbose_name="企业")
    date = models.DateField("日期")
    contracts_signed = models.PositiveIntegerField("劳动合同签订数", null=True, blank=True)
    disputes = models.PositiveIntegerField("劳动争议案件数", null=True, blank=True)
    arbitrations = models.PositiveIntegerField("仲裁案件数", null=True, blank=True)
    insurance_arrears = models.BooleanField("社保欠缴", null=True, blank=True)
    source = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, related_name="+",
                               verbose_name="来源令牌")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    risk_report = models.ForeignKey("risks.RiskReport", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="signals", verbose_name="引发的风险预警")

    objects = EnterpriseSignalQuerySet.as_manager()
    scope_region_path = "enterprise__region_path"
    scope_enterprise = "enterprise"

    VALUE_FIELDS = ("contracts_signed", "disputes", "arbitrations", "insurance_arrears")

    class Meta:
        verbose_name = verbose_name_plural = "企业风险信号"
        ordering = ["-date", "enterprise_id"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "date"], name="signal_once_a_day")]

    def __str__(self):
        return f"{self.enterprise_id} {self.date}"
