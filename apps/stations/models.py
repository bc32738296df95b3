from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.scoping import ScopedQuerySet
from apps.regions.models import Region


class Service(models.TextChoices):
    """What a grassroots labour-relations service station offers."""

    POLICY = "policy", "政策咨询"
    CONTRACT = "contract", "劳动合同指导"
    BARGAINING = "bargaining", "集体协商指导"
    DEMOCRATIC = "democratic", "民主管理指导"
    MEDIATION = "mediation", "劳动争议调解"
    CHECKUP = "checkup", "用工体检"
    TRAINING = "training", "法律宣传培训"
    JOBS = "jobs", "就业信息"
    RISK = "risk", "矛盾风险排查"


# 六有: the self-check of a station's conditions (field name, label)
SIX_HAVES = [
    ("has_platform", "有平台"),
    ("has_team", "有队伍"),
    ("has_rules", "有制度"),
    ("has_funding", "有保障"),
    ("has_standards", "有标准"),
    ("has_results", "有成效"),
]


class StationQuerySet(ScopedQuerySet):
    def accepted(self):
        return self.filter(acceptance_result=Station.Acceptance.PASSED)

    def offering(self, service):
        return self.filter(services__contains=[service])

    def for_list(self):
        return self.select_related("region", "park")


class Station(models.Model):
    """基层劳动关系公共服务站点: in a township (街道/乡镇/社区 stations) or serving a park (园区 stations)."""

    class Kind(models.TextChoices):
        STREET = "street", "街道"
        TOWN = "town", "乡镇"
        COMMUNITY = "community", "社区"
        PARK = "park", "园区"

    class Acceptance(models.TextChoices):
        PENDING = "pending", "未验收"
        PASSED = "passed", "验收通过"
        FAILED = "failed", "验收未通过"

    class ModelStatus(models.TextChoices):
        NONE = "none", "—"
        PROVINCIAL = "provincial", "省级样板"
        NATIONAL_NOMINEE = "national_nominee", "推荐全国样板"
        NATIONAL = "national", "全国样板"

    ACCEPTANCE_TONES = {"pending": "secondary", "passed": "success", "failed": "danger"}
    MODEL_TONES = {"none": "secondary", "provincial": "primary", "national_nominee": "info", "national": "warning"}

    name = models.CharField("站点名称", max_length=100)
    kind = models.CharField("站点类型", max_length=10, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="stations", verbose_name="所在区划",
                               help_text="站点所在的乡镇（街道）；园区站点可选园区所在的县（市、区）")
    park = models.ForeignKey("parks.Park", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="stations", verbose_name="服务园区", help_text="园区站点必填")
    address = models.CharField("地址", max_length=200)
    phone = models.CharField("咨询电话", max_length=30, blank=True, default="", help_text="站点对外公开的咨询电话")
    opening_hours = models.CharField("开放时间", max_length=100, blank=True, default="",
                                     help_text="如 周一至周五 9:00-12:00，14:00-17:30")
    services = ArrayField(models.CharField(max_length=16, choices=Service.choices), verbose_name="服务内容",
                          default=list, blank=True)
    staff_count = models.PositiveSmallIntegerField("工作人员数", default=0)
    staff_names = models.CharField("工作人员", max_length=300, blank=True, default="", help_text="姓名以顿号分隔")
    coordinator_count = models.PositiveSmallIntegerField("驻站协调员数", default=0)
    coordinator_names = models.CharField("驻站协调员", max_length=300, blank=True, default="",
                                         help_text="在岗的劳动关系协调员姓名，以顿号分隔")
    # the resident coordinators as rows of the coordinator ledger (linked, searchable); names that match no
    # ledger row stay in coordinator_names (the data migration moved every name it could match)
    coordinators = models.ManyToManyField("coordinators.Coordinator", blank=True, related_name="stations",
                                          verbose_name="驻站协调员（台账）")
    established_on = models.DateField("建站日期", null=True, blank=True)
    has_platform = models.BooleanField("有平台", default=False, help_text="有固定场所和服务窗口")
    has_team = models.BooleanField("有队伍", default=False, help_text="有专兼职工作人员和协调员")
    has_rules = models.BooleanField("有制度", default=False, help_text="有工作制度并上墙公开")
    has_funding = models.BooleanField("有保障", default=False, help_text="有经费和办公设备保障")
    has_standards = models.BooleanField("有标准", default=False, help_text="有服务标准和工作流程")
    has_results = models.BooleanField("有成效", default=False, help_text="有服务台账和工作成效")
    acceptance_result = models.CharField("验收结果", max_length=10, choices=Acceptance.choices,
                                         default=Acceptance.PENDING)
    acceptance_date = models.DateField("验收日期", null=True, blank=True)
    acceptance_evaluator = models.CharField("验收单位（人）", max_length=100, blank=True, default="")
    acceptance_notes = models.TextField("验收意见", blank=True, default="")
    model_status = models.CharField("样板站点", max_length=20, choices=ModelStatus.choices, default=ModelStatus.NONE)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    objects = StationQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "服务站点"
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="station_unique_name_in_region")]
        permissions = [("accept_station", "可登记站点验收评估和样板站点")]

    def __str__(self):
        return self.name

    @property
    def is_model(self):
        return self.model_status != self.ModelStatus.NONE

    @property
    def acceptance_tone(self):
        return self.ACCEPTANCE_TONES.get(self.acceptance_result, "secondary")

    @property
    def model_tone(self):
        return self.MODEL_TONES.get(self.model_status, "secondary")

    @property
    def service_labels(self):
        labels = dict(Service.choices)
        return [labels.get(s, s) for s in self.services]

    @property
    def six_haves(self):
        return [(label, getattr(self, field)) for field, label in SIX_HAVES]

    @property
    def six_haves_count(self):
        return sum(1 for _, ok in self.six_haves if ok)

    def clean(self):
        errors = self.rule_errors()
        if self.region_id and self.name and Station.objects.filter(region_id=self.region_id, name=self.name).exclude(
                pk=self.pk).exists():
            errors.setdefault("name", f"{self.region}已有名为“{self.name}”的站点，同一乡镇（街道）内站点名称不能重复。")
        if errors:
            raise ValidationError(errors)

    def rule_errors(self):
        """The station's own rules (place, park, acceptance), without a database query: {field: message}."""
        errors = {}
        region = self.region if self.region_id else None
        park = self.park if self.park_id else None
        if region is not None:
            if self.kind == self.Kind.PARK:
                if region.level not in (Region.Level.TOWNSHIP, Region.Level.COUNTY, Region.Level.CITY):
                    errors["region"] = "园区站点应位于园区所在的县（市、区）或乡镇（街道）。"
            elif region.level != Region.Level.TOWNSHIP:
                errors["region"] = f"“{region}”不是乡镇（街道）：{self.get_kind_display()}站点应选择所在的乡镇（街道）。"
        if self.kind == self.Kind.PARK and park is None:
            errors["park"] = "园区站点须选择所服务的园区。"
        if park is not None and region is not None and "region" not in errors:
            if not (park.region.contains(region) or region.contains(park.region)):
                errors["park"] = f"园区“{park}”位于{park.region}，与站点所在的{region}不一致。"
        if self.acceptance_result != self.Acceptance.PENDING and not self.acceptance_date:
            errors["acceptance_date"] = "已验收的站点须填写验收日期。"
        if self.model_status != self.ModelStatus.NONE and self.acceptance_result != self.Acceptance.PASSED:
            errors["model_status"] = "只有验收通过的站点才能评为或推荐样板站点。"
        return errors
