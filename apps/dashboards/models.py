from django.db import models

ALL = "*"


class FiguresVersion(models.Model):
    """A token per counted model ("app_label.Model", or "*" for every model) that changes whenever a row of it
    is saved or deleted, so that figures can be cached per token: a cached figure is never served for changed
    data, and a change to one model leaves the figures of the others cached (apps/dashboards/figures.py)."""

    key = models.CharField("统计对象", max_length=100, unique=True, default=ALL)
    token = models.UUIDField("版本")
    changed_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "统计指标版本"

    def __str__(self):
        return f"{self.key}: {self.token}"
