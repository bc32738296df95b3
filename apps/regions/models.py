from django.db import models
from django.db.models import Exists, OuterRef, Q

from apps.core.scoping import ScopedQuerySet


class RegionQuerySet(ScopedQuerySet):
    def cities(self):
        return self.filter(level=Region.Level.CITY)

    def counties(self):
        """County-level units: the counties (县、市、区), and the city-level units with no counties beneath them
        (仙桃、潜江、天门、神农架林区), whose townships sit directly under them. Every per-county check uses this."""
        return self.filter(Q(level=Region.Level.COUNTY) | Q(level=Region.Level.CITY) & ~Exists(
            Region.objects.filter(parent=OuterRef("pk"), level=Region.Level.COUNTY)))

    def townships(self):
        return self.filter(level=Region.Level.TOWNSHIP)


class Region(models.Model):
    """A unit of the Hubei division tree, with 统计用区划代码 and a materialised path of codes.

    `path` ends with a slash ("42/4201/420102/"), so "inside this region" is one indexed prefix test
    that cannot confuse 4201 with 42010x.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市（州）"
        COUNTY = "county", "县（市、区）"
        TOWNSHIP = "township", "乡镇（街道）"

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=50)
    full_name = models.CharField("全称", max_length=120, help_text="自市级起的全称，如 武汉市江岸区")
    level = models.CharField("层级", max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name="上级")
    path = models.CharField("路径", max_length=64, unique=True)

    objects = RegionQuerySet.as_manager()
    scope_region_path = "path"

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]
        indexes = [models.Index(fields=["path"], name="region_path_prefix", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return self.full_name or self.name

    def contains(self, other):
        return other is not None and other.path.startswith(self.path)
