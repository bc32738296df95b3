from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

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


class ParkQuerySet(ScopedQuerySet):
    """Parks seen through `visible_to` (the scoping rule of apps/core/scoping.py)."""


class Park(models.Model):
    """工业园区: belongs to a county (or to a city for city-run parks)."""

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"
        MUNICIPAL = "municipal", "市级"
        OTHER = "other", "其他"

    name = models.CharField("园区名称", max_length=100)
    level = models.CharField("园区级别", max_length=12, choices=Level.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="parks", verbose_name="所在区划",
                               help_text="园区所属的县（市、区），市级园区可选所属市")
    managing_body = models.CharField("管理机构", max_length=100, blank=True, default="",
                                     help_text="如 园区管委会、开发区管理委员会")
    enterprise_count = models.PositiveIntegerField("入驻企业数", default=0, help_text="园区报送的入驻企业总数")
    worker_count = models.PositiveIntegerField("从业职工数", default=0, help_text="园区报送的从业职工总数")
    contact_person = models.CharField("联系人", max_length=50, blank=True, default="")
    contact_phone = models.CharField("联系电话", max_length=30, blank=True, default="",
                                     help_text="园区办公电话（公开信息）")
    # Where the park lies on the ground: an enterprise of the park must sit in one of these townships
    # (none named: any township of the park's region).
    townships = models.ManyToManyField(Region, blank=True, related_name="parks_located", verbose_name="所在乡镇（街道）",
                                       limit_choices_to={"level": "township"},
                                       help_text="园区实际所在的乡镇（街道）；企业选择本园区时，所在乡镇须在其中")
    history = HistoricalRecords()

    objects = ParkQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "工业园区"
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="park_unique_name_in_region")]

    def __str__(self):
        return self.name

    def township_mismatch(self, region):
        """A Chinese message when an enterprise in `region` cannot belong to this park, else ''."""
        if region is None or region.level != Region.Level.TOWNSHIP:
            return ""
        located = list(self.townships.all())
        if located and region.pk not in {t.pk for t in located}:
            return (f"园区“{self.name}”位于{'、'.join(t.name for t in located)}，"
                    f"所选乡镇（街道）{region.name}不在其中：请核对企业的所在区划或所在园区。")
        return ""

    def clean(self):
        if self.region_id and self.region.level not in (Region.Level.COUNTY, Region.Level.CITY):
            raise ValidationError({"region": f"“{self.region}”不是县（市、区）或市（州）：园区应归属其所在的县（市、区），"
                                             "市属园区归属所在市（州）。"})
        if self.region_id and self.name and Park.objects.filter(region_id=self.region_id, name=self.name).exclude(
                pk=self.pk).exists():
            raise ValidationError({"name": f"{self.region}已有名为“{self.name}”的园区。"})
