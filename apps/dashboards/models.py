from django.db import models


class FiguresVersion(models.Model):
    """One row whose token changes whenever a model some figure counts is saved or deleted, so that figures
    can be cached per token: a cached figure is never served for changed data (as coordinators.StatisticsVersion)."""

    token = models.UUIDField("版本")
    changed_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "统计指标版本"

    def __str__(self):
        return str(self.token)
