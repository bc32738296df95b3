from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.core.scoping import ScopedQuerySet


class NotificationQuerySet(ScopedQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message in a user's notification centre; e-mailed too when the user has an address."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name="接收人")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    level = models.CharField("级别", max_length=10, default="info",
                             choices=[("info", "普通"), ("warning", "提醒"), ("danger", "紧急")])
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()
    scope_owner = "recipient"

    class Meta:
        verbose_name = verbose_name_plural = "通知"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title

    def mark_read(self):
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class GeneratedDocumentQuerySet(ScopedQuerySet):
    pass


class GeneratedDocument(models.Model):
    """A PDF made from a Django template by WeasyPrint in a Celery job, kept for download."""

    class Status(models.TextChoices):
        QUEUED = "queued", "生成中"
        DONE = "done", "已生成"
        FAILED = "failed", "生成失败"

    # What each kind is called on screen: the register in apps/documents/kinds.py (apps add kinds without a
    # migration).

    title = models.CharField("标题", max_length=200)
    kind = models.CharField("类别", max_length=40, default="notice")
    doc_number = models.CharField("文号", max_length=60, blank=True)
    template_name = models.CharField("模板", max_length=200)
    context = models.JSONField("内容数据", default=dict)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="documents",
                               verbose_name="所属区划")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="documents", verbose_name="生成人")
    # a letter or certificate addressed to one creating unit: its own accounts may open it too
    subject = models.ForeignKey("enterprises.Subject", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="documents", verbose_name="收件单位")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField("文件", upload_to="documents/%Y/%m/", blank=True)
    error = models.TextField("错误", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    # touched by the rendering worker (apps/core/jobs.py's heartbeat): a render whose worker died is sent again by
    # apps.documents.tasks.recover_lost_renders, up to MAX_ATTEMPTS renders in all
    heartbeat_at = models.DateTimeField("心跳时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("生成次数", default=0)

    objects = GeneratedDocumentQuerySet.as_manager()
    scope_region_path = "region__path"
    scope_enterprise = "subject__enterprise"  # an enterprise account sees what is addressed to its unit

    class Meta:
        verbose_name = verbose_name_plural = "公文与文书"
        ordering = ["-created_at"]
        permissions = [("issue_notice", "可拟发通知公文")]

    def __str__(self):
        return self.title

    @property
    def kind_label(self):
        from .kinds import label

        return label(self.kind)

    @property
    def is_pending(self):
        return self.status == self.Status.QUEUED


class IssuedNumber(models.Model):
    """One 文号 taken: unique per issuing body's 代字 and year across every document kind (the one register every
    notice, decision, bulletin, 公示 and revocation draws its number from; apps/documents/numbering.py)."""

    prefix = models.CharField("发文机关代字", max_length=30)
    year = models.PositiveIntegerField("年份")
    serial = models.PositiveIntegerField("序号")
    doc_number = models.CharField("文号", max_length=60, unique=True)
    kind = models.CharField("文书类别", max_length=40, blank=True)
    title = models.CharField("标题", max_length=200, blank=True)
    owner = models.CharField("所属记录", max_length=80, blank=True, help_text="如 supervision.bulletin:12")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="issued_numbers",
                               verbose_name="所属区划", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="取号人")
    created_at = models.DateTimeField("取号时间", auto_now_add=True)

    objects = GeneratedDocumentQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "文号登记"
        ordering = ["prefix", "-year", "-serial"]
        constraints = [models.UniqueConstraint(fields=["prefix", "year", "serial"], name="issued_number_unique")]

    def __str__(self):
        return self.doc_number
