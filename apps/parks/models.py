from django.db import models

from apps.regions.models import Region, RegionQuerySet


class TownshipManager(models.Manager.from_queryset(RegionQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(level=Region.Level.TOWNSHIP)


class Township(Region):
    """乡镇（街道） as a creating unit: the region row itself, seen through the parks app (its own permissions)."""

    objects = TownshipManager()

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "乡镇（街道）"
        ordering = ["code"]
