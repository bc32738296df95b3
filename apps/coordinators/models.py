"""劳动关系协调员: the ledger kept by each county, trainings, skills, gold medals and awards
(risk reports are apps.risks').

Every model reaches a region path once (`scope_region_path`) so that `visible_to(user)` is the only area
filter. Personal data (身份证号, phone) is stored encrypted with a keyed digest for uniqueness; pages and
exports show it masked; only an office admin may see a full 身份证号, and each such look is logged.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.fields import EncryptedCharField, blind_index
from apps.core.masking import mask_id_number, mask_phone
from apps.core.scoping import ScopedQuerySet
from apps.core.validators import NotInFuture


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Education(models.TextChoices):
    JUNIOR = "junior", "初中及以下"
    SENIOR = "senior", "高中/中专"
    COLLEGE = "college", "大专"
    BACHELOR = "bachelor", "本科"
    POSTGRADUATE = "postgraduate", "研究生"


class WorkplaceType(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    PLATFORM = "platform", "基层平台"
    UNION = "union", "工会组织"
    EMPLOYER_ORG = "employer_org", "企业代表组织"
    SOCIAL = "social", "社会机构"


class SkillLevel(models.TextChoices):
    """职业技能等级 of 劳动关系协调员 (四级 is the entry level)."""

    NONE = "", "未取得"
    LEVEL4 = "4", "四级 中级工"
    LEVEL3 = "3", "三级 高级工"
    LEVEL2 = "2", "二级 技师"
    LEVEL1 = "1", "一级 高级技师"


class PayBand(models.TextChoices):
    BELOW_3K = "lt3k", "3000元以下"
    FROM_3K = "3k5k", "3000–5000元"
    FROM_5K = "5k8k", "5000–8000元"
    ABOVE_8K = "gte8k", "8000元及以上"


AGE_BANDS = [("lt30", "30岁以下", 0, 30), ("30s", "30–39岁", 30, 40), ("40s", "40–49岁", 40, 50),
             ("50s", "50–59岁", 50, 60), ("gte60", "60岁及以上", 60, 200)]


class CoordinatorQuerySet(ScopedQuerySet):
    def on_duty(self):
        return self.filter(status=Coordinator.Status.ON_DUTY)

    def public(self):
        """On the public list: on duty, agreed to be listed, and confirmed by a reviewer (apps/coordinators/workflow.py)."""
        return self.on_duty().filter(on_public_list=True, confirmation=Coordinator.Confirmation.CONFIRMED)

    def with_id_number(self, id_number):
        return self.filter(id_digest=blind_index(id_number))


class Coordinator(models.Model):
    class Status(models.TextChoices):
        ON_DUTY = "on_duty", "在岗"
        OFF_DUTY = "off_duty", "离岗"

    class Confirmation(models.TextChoices):
        PENDING = "pending", "待确认"
        CONFIRMED = "confirmed", "已确认"
        RETURNED = "returned", "已退回"

    CONFIRMATION_TONES = {"pending": "warning", "confirmed": "success", "returned": "danger"}

    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedCharField("身份证号")
    id_digest = models.CharField("身份证号摘要", max_length=64, unique=True, editable=False)
    FIELD_DIGESTS = {"id_digest": "id_number"}  # recomputed by manage.py rotate_field_key
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, editable=False)
    birth_date = models.DateField("出生日期", editable=False)
    phone = EncryptedCharField("手机号码")
    education = models.CharField("学历", max_length=16, choices=Education.choices)
    workplace_type = models.CharField("工作单位类型", max_length=16, choices=WorkplaceType.choices)
    workplace_name = models.CharField("工作单位", max_length=200)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="coordinators",
                               verbose_name="所在区划", help_text="登记的县（市、区）或乡镇（街道）")
    # region.path, denormalised: the scoping prefix test and the statistics read it without a join
    region_path = models.CharField("区划路径", max_length=64, editable=False, default="")
    enterprises = models.ManyToManyField("enterprises.Enterprise", blank=True, related_name="coordinators",
                                         verbose_name="服务企业")
    skill_level = models.CharField("职业技能等级", max_length=1, choices=SkillLevel.choices, blank=True, default="")
    certificate_no = models.CharField("技能等级证书编号", max_length=40, blank=True, default="")
    pay_band = models.CharField("薪酬档次（月）", max_length=8, choices=PayBand.choices, blank=True, default="")
    status = models.CharField("在岗状态", max_length=10, choices=Status.choices, default=Status.ON_DUTY)
    on_public_list = models.BooleanField("列入公示名单", default=True)
    # set only by the confirmation workflow (apps/coordinators/workflow.py), never by a form or an import
    confirmation = models.CharField("审核确认", max_length=10, choices=Confirmation.choices,
                                    default=Confirmation.PENDING, editable=False)
    return_reason = models.CharField("退回理由", max_length=300, blank=True, default="", editable=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="确认人", editable=False)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(excluded_fields=["id_number", "phone", "id_digest", "region_path"])

    objects = CoordinatorQuerySet.as_manager()
    scope_region_path = "region_path"

    class Meta:
        verbose_name = verbose_name_plural = "劳动关系协调员"
        ordering = ["region__code", "name"]
        permissions = [("reveal_id_number", "可查看完整身份证号"),
                       ("nominate_goldmedal", "可提名金牌劳动关系协调员"),
                       ("confirm_coordinator", "可审核确认协调员信息")]
        indexes = [models.Index(fields=["region", "status"], name="coordinator_region_status"),
                   models.Index(fields=["region_path"], name="coordinator_region_path",
                                opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.id_number and (not self.id_digest or self.id_digest != blind_index(self.id_number)):
            self.set_id_number(self.id_number)
        if self.region_id:
            self.region_path = self.region.path
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "region_path"}
        super().save(*args, **kwargs)

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

    @property
    def age(self):
        return age_on(self.birth_date, timezone.localdate())

    @property
    def status_tone(self):
        return "success" if self.status == self.Status.ON_DUTY else "secondary"

    @property
    def confirmation_tone(self):
        return self.CONFIRMATION_TONES.get(self.confirmation, "secondary")

    def set_id_number(self, value):
        """Store the number and derive gender and birth date from it (GB 11643)."""
        from apps.core.idnumbers import compact

        value = compact(value)  # checked by the form or import that took it (apps/core/idnumbers.py)
        self.id_number = value
        self.id_digest = blind_index(value)
        self.birth_date = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))  # validated
        self.gender = Gender.MALE if int(value[16]) % 2 else Gender.FEMALE


def age_on(birth, today):
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


class IdNumberAccessQuerySet(ScopedQuerySet):
    pass


class IdNumberAccess(models.Model):
    """Each time an office admin opened a full 身份证号: who, when, whose."""

    coordinator = models.ForeignKey(Coordinator, on_delete=models.CASCADE, related_name="id_accesses",
                                    verbose_name="协调员")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name="查看人")
    accessed_at = models.DateTimeField("查看时间", auto_now_add=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)

    objects = IdNumberAccessQuerySet.as_manager()
    scope_region_path = "coordinator__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "身份证号查看记录"
        ordering = ["-accessed_at"]

    def __str__(self):
        return f"{self.user} 查看 {self.coordinator}"



# --------------------------------------------------------------------------------------------- trainings


class TrainingQuerySet(ScopedQuerySet):
    def in_year(self, year):
        return self.filter(date__year=year)


class Training(models.Model):
    organiser = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="coordinator_trainings",
                                  verbose_name="主办单位")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="coordinator_trainings",
                               verbose_name="举办区划", help_text="县（市、区）或乡镇（街道）；园区培训另选所在园区")
    park = models.ForeignKey("parks.Park", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="coordinator_trainings", verbose_name="举办园区")
    date = models.DateField("培训日期", validators=[NotInFuture("培训日期")])
    topic = models.CharField("培训主题", max_length=200)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    location = models.CharField("地点", max_length=200, blank=True, default="")
    attendees = models.ManyToManyField(Coordinator, through="TrainingAttendance", related_name="trainings",
                                       verbose_name="参训协调员")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = TrainingQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "协调员培训"
        ordering = ["-date", "topic"]
        indexes = [models.Index(fields=["date", "region"], name="training_date_region")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.topic}"


class TrainingAttendanceQuerySet(ScopedQuerySet):
    pass


class TrainingAttendance(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendance",
                                 verbose_name="培训")
    coordinator = models.ForeignKey(Coordinator, on_delete=models.CASCADE, related_name="attendance",
                                    verbose_name="协调员")
    passed = models.BooleanField("考核合格", default=True)

    objects = TrainingAttendanceQuerySet.as_manager()
    scope_region_path = "training__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "培训签到"
        constraints = [models.UniqueConstraint(fields=["training", "coordinator"], name="attendance_once")]

    def __str__(self):
        return f"{self.training} · {self.coordinator}"



# ------------------------------------------------------------------------------------------------ skills


class SkillEvaluationQuerySet(ScopedQuerySet):
    pass


class SkillEvaluation(models.Model):
    """职业技能等级评价: one sitting of one coordinator; a pass raises the ledger's level."""

    class Result(models.TextChoices):
        PASSED = "passed", "通过"
        FAILED = "failed", "未通过"

    coordinator = models.ForeignKey(Coordinator, on_delete=models.CASCADE, related_name="evaluations",
                                    verbose_name="协调员")
    level = models.CharField("申报等级", max_length=1, choices=SkillLevel.choices[1:])
    date = models.DateField("评价日期")
    agency = models.CharField("评价机构", max_length=200)
    result = models.CharField("结果", max_length=8, choices=Result.choices)
    certificate_no = models.CharField("证书编号", max_length=40, blank=True, default="")
    history = HistoricalRecords()

    objects = SkillEvaluationQuerySet.as_manager()
    scope_region_path = "coordinator__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "职业技能等级评价"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.coordinator} · {self.get_level_display()}"


class ContestQuerySet(ScopedQuerySet):
    pass


class Contest(models.Model):
    """技能比武: a contest held by an office, with placed coordinators."""

    name = models.CharField("比武名称", max_length=200)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="coordinator_contests",
                               verbose_name="举办区划")
    date = models.DateField("举办日期")
    participants = models.PositiveIntegerField("参赛人数", default=0)
    notes = models.TextField("获奖情况", blank=True, default="", help_text="每行一条，如：一等奖 张三")
    history = HistoricalRecords()

    objects = ContestQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "技能比武"
        ordering = ["-date"]

    def __str__(self):
        return self.name


# ------------------------------------------------------------------------------------ gold medals, awards


PROVINCE_GOLD_MEDALS = 200
GOLD_MEDAL_TARGET = 1000


class GoldMedalQuotaQuerySet(ScopedQuerySet):
    pass


class GoldMedalQuota(models.Model):
    """名额: how many gold-medal coordinators a city may nominate in a year (set by the province)."""

    year = models.PositiveSmallIntegerField("年度")
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="gold_medal_quotas",
                             verbose_name="市（州）")
    quota = models.PositiveIntegerField("名额")
    history = HistoricalRecords()

    objects = GoldMedalQuotaQuerySet.as_manager()
    scope_region_path = "city__path"

    class Meta:
        verbose_name = verbose_name_plural = "金牌协调员名额"
        ordering = ["year", "city__code"]
        constraints = [models.UniqueConstraint(fields=["year", "city"], name="gold_quota_once")]

    def __str__(self):
        return f"{self.year}年 {self.city} {self.quota}名"



class GoldMedalQuerySet(ScopedQuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def published(self):
        return self.filter(status=GoldMedal.State.PUBLISHED)

    def standing(self):
        """Nominations that count (against quotas, towards the target): not those the province returned."""
        return self.exclude(status=GoldMedal.State.RETURNED)


class GoldMedal(models.Model):
    """金牌劳动关系协调员: a nomination by a city (within quota) or by the province (200), later published."""

    class Level(models.TextChoices):
        CITY = "city", "市级提名"
        PROVINCE = "province", "省级命名"

    class State(models.TextChoices):
        NOMINATED = "nominated", "已提名"
        RETURNED = "returned", "已退回"
        PUBLISHED = "published", "已公布"

    year = models.PositiveSmallIntegerField("年度")
    coordinator = models.ForeignKey(Coordinator, on_delete=models.PROTECT, related_name="gold_medals",
                                    verbose_name="协调员")
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    nominated_by = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                     verbose_name="提名单位区划")
    citation = models.CharField("主要事迹", max_length=300, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name="提名人")
    created_at = models.DateTimeField("提名时间", auto_now_add=True)
    # set only by the publication workflow (apps/coordinators/workflow.py, GoldMedalPublication)
    status = models.CharField("状态", max_length=10, choices=State.choices, default=State.NOMINATED, editable=False)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    certificate_no = models.CharField("证书编号", max_length=30, blank=True, default="")
    return_reason = models.TextField("退回理由", blank=True, default="", editable=False)
    history = HistoricalRecords()

    objects = GoldMedalQuerySet.as_manager()
    scope_region_path = "coordinator__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "金牌劳动关系协调员"
        ordering = ["-year", "nominated_by__code", "coordinator__name"]
        constraints = [models.UniqueConstraint(fields=["year", "coordinator"], name="gold_medal_once_a_year")]
        permissions = [("manage_goldmedal", "可设定名额并公布金牌协调员名单")]

    def __str__(self):
        return f"{self.year}年 {self.coordinator}"


class AwardRecommendationQuerySet(ScopedQuerySet):
    pass


class AwardRecommendation(models.Model):
    class Award(models.TextChoices):
        TECH_EXPERT = "tech_expert", "技术能手"
        MAY_DAY = "may_day", "五一劳动奖章"
        ADVANCED = "advanced", "先进个人"

    class Outcome(models.TextChoices):
        PENDING = "pending", "待评定"
        AWARDED = "awarded", "已获评"
        NOT_AWARDED = "not_awarded", "未获评"

    OUTCOME_TONES = {"pending": "warning", "awarded": "success", "not_awarded": "secondary"}

    coordinator = models.ForeignKey(Coordinator, on_delete=models.CASCADE, related_name="award_recommendations",
                                    verbose_name="协调员")
    award = models.CharField("推荐荣誉", max_length=16, choices=Award.choices)
    year = models.PositiveSmallIntegerField("年度")
    recommended_on = models.DateField("推荐日期")
    recommender = models.CharField("推荐单位", max_length=100)
    outcome = models.CharField("评定结果", max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.CharField("结果说明", max_length=300, blank=True, default="")
    history = HistoricalRecords()

    objects = AwardRecommendationQuerySet.as_manager()
    scope_region_path = "coordinator__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "荣誉推荐"
        ordering = ["-year", "-recommended_on"]

    def __str__(self):
        return f"{self.coordinator} · {self.get_award_display()}"


    @property
    def outcome_tone(self):
        return self.OUTCOME_TONES.get(self.outcome, "secondary")


class EnterpriseCoverageQuerySet(ScopedQuerySet):
    pass


class EnterpriseCoverage(models.Model):
    """覆盖: one row per enterprise served by at least one on-duty coordinator, with the enterprise's region
    path, so that coverage per area is one indexed count instead of a join over every enterprise.

    Kept in step by `apps.coordinators.coverage` (signals on the ledger, the import, and a nightly rebuild).
    """

    enterprise = models.OneToOneField("enterprises.Enterprise", on_delete=models.CASCADE, primary_key=True,
                                      related_name="coordinator_coverage", verbose_name="企业")
    region_path = models.CharField("区划路径", max_length=64)
    coordinators = models.PositiveIntegerField("在岗协调员数")

    objects = EnterpriseCoverageQuerySet.as_manager()
    scope_region_path = "region_path"

    class Meta:
        verbose_name = verbose_name_plural = "企业协调员覆盖"
        indexes = [models.Index(fields=["region_path"], name="coverage_region_path",
                                opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return f"{self.enterprise_id}: {self.coordinators}"
