from django.conf import settings
from django.db import models

from . import fields
from .scoping import ScopedQuerySet


class BackgroundJobQuerySet(ScopedQuerySet):
    def running(self):
        return self.filter(status__in=[BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING])


class BackgroundJob(models.Model):
    """Long work run by Celery (imports, exports, PDF batches): the page shows its progress and file."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs",
                              verbose_name="发起人")
    kind = models.CharField("类型", max_length=40)
    title = models.CharField("任务", max_length=200)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    message = models.TextField("结果说明", blank=True, default="")
    result_file = models.FileField("结果文件", upload_to="jobs/%Y/%m/", blank=True)
    params = models.JSONField("参数", default=dict, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # the running worker touches heartbeat_at every few seconds; a row whose heartbeat stops is a worker that died
    # (apps/core/jobs.py: recover_lost_jobs puts it back in the queue, up to MAX_ATTEMPTS runs in all)
    heartbeat_at = models.DateTimeField("心跳时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)

    objects = BackgroundJobQuerySet.as_manager()
    scope_owner = "owner"  # a job is its owner's alone

    class Meta:
        verbose_name = verbose_name_plural = "后台任务"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return int(self.progress * 100 / self.total) if self.total else 0

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def finish(self, status, message, stage):
        """Close the job with its outcome; `stage` tells the import pages where the job has got to."""
        from django.utils import timezone

        self.status = status
        self.message = message
        self.params["stage"] = stage
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "message", "params", "finished_at", "progress", "total"])
        return self

    @property
    def seems_lost(self):
        """Running, but its worker has stopped beating: the sweep will put it back in the queue shortly."""
        from .jobs import is_lost

        return self.status == self.Status.RUNNING and is_lost(self.heartbeat_at)

    def update_progress(self, progress, total=None):
        from django.utils import timezone

        fields = {"progress": progress, "status": self.Status.RUNNING, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["total"] = total
        type(self).objects.filter(pk=self.pk).update(**fields)
        for key, value in fields.items():
            setattr(self, key, value)


class FieldKeyCanary(models.Model):
    """One row holding a known text encrypted with the field key: the portal decrypts it at start and refuses to
    serve when it cannot (config/checks.py), before any person meets personal data that no key opens."""

    KNOWN = "湖北省和谐劳动关系创建管理平台"

    value = fields.EncryptedCharField("已知明文")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "加密密钥校验"

    def __str__(self):
        return f"加密密钥校验 {self.created_at:%Y-%m-%d}"


class DataVersion(models.Model):
    """A token per counted model ("app_label.Model", or "*" for every model) that changes whenever a row of it
    is saved or deleted, so that computed figures can be cached per token: a cached figure is never served for
    changed data, and a change to one model leaves what counts the others cached (apps/core/versions.py)."""

    key = models.CharField("统计对象", max_length=100, unique=True)
    token = models.UUIDField("版本")
    changed_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "统计数据版本"

    def __str__(self):
        return f"{self.key}: {self.token}"
