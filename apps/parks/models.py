from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.scoping import ScopedQuerySet
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
