"""Recognition: typical cases (典型案例), commendations (表彰) and joint incentive measures (联合激励措施).

The plan's items 12–14 (annex rows 22, 23, 25). Cases and commendations change state only through their
workflows (apps/recognition/workflow.py); incentive measures are records, linked to the units they benefit.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.accounts.models import MemberUnit
from apps.core.fields import EncryptedCharField, blind_index
from apps.core.scoping import ScopedQuerySet

LEVEL_ABOVE = {"township": "county", "county": "city", "city": "province"}
LEVEL_WORDS = {"province": "省级", "city": "市（州）级", "county": "县（市、区）级", "township": "乡镇（街道）级"}


# ------------------------------------------------------------------------------------------ typical cases


class CaseQuerySet(ScopedQuerySet):
    def published(self):
        return self.filter(status=Case.Status.PUBLISHED)

    def awaiting(self, user):
        """Cases waiting for this user's level to review them (the home page counter)."""
        level = user.region.level if getattr(user, "office_id", None) else None
        return self.visible_to(user).filter(status__in=[Case.Status.COUNTY_CHECK, Case.Status.SUBMITTED],
                                            review_level=level or "-")


class Case(models.Model):
    """典型案例: a creating unit's practice, submitted by an office (or an enterprise through its county),
    reviewed by the level above and published by the province on the public page."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        COUNTY_CHECK = "county_check", "待县级审核"
        SUBMITTED = "submitted", "待上级审核"
        RETURNED = "returned", "已退回"
        ACCEPTED = "accepted", "审核通过待发布"
        PUBLISHED = "published", "已发布"
    EDITABLE = (Status.DRAFT, Status.RETURNED)  # a draft or a returned one is edited (its policy too)

    class Category(models.TextChoices):
        ENTERPRISE = "enterprise", "企业创建"
        PARK = "park", "工业园区创建"
        TOWNSHIP = "township", "乡镇（街道）创建"
        STATION = "station", "服务站点"
        COORDINATOR = "coordinator", "劳动关系协调员"
        MEDIATION = "mediation", "矛盾调处"
        OTHER = "other", "其他"

    TONES = {"draft": "secondary", "county_check": "warning", "submitted": "warning", "returned": "danger",
             "accepted": "info", "published": "success"}

    title = models.CharField("案例标题", max_length=100)
    category = models.CharField("案例类别", max_length=12, choices=Category.choices, default=Category.ENTERPRISE)
    year = models.PositiveSmallIntegerField("年度")
    summary = models.CharField("内容摘要", max_length=300, help_text="公开页列表中显示，300 字以内")
    body = models.TextField("案例正文", help_text="主要做法、取得成效、经验启示；10,000 字以内")
    unit_name = models.CharField("案例单位", max_length=200, help_text="企业、园区、乡镇（街道）或站点的名称")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="cases", verbose_name="所属企业")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name="所属区划")
    region_path = models.CharField("区划路径", max_length=64, editable=False, default="")
    status = models.CharField("状态", max_length=14, choices=Status.choices, default=Status.DRAFT)
    author_kind = models.CharField("报送方", max_length=12, default="staff", editable=False,
                                   choices=[("staff", "三方办"), ("enterprise", "企业")])
    submitter_level = models.CharField("报送层级", max_length=10, blank=True, default="", editable=False)
    review_level = models.CharField("审核层级", max_length=10, blank=True, default="", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name="填报人")
    created_at = models.DateTimeField("填报时间", auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    return_reason = models.CharField("退回理由", max_length=300, blank=True, default="")
    history = HistoricalRecords(excluded_fields=["region_path"])

    objects = CaseQuerySet.as_manager()
    scope_region_path = "region_path"
    scope_enterprise = "enterprise"

    class Meta:
        verbose_name = verbose_name_plural = "典型案例"
        ordering = ["-year", "-created_at"]
        permissions = [("review_case", "可审核典型案例"), ("publish_case", "可发布典型案例")]
        indexes = [models.Index(fields=["status", "-published_at"], name="case_published"),
                   # the list's order, so that a province-wide first page reads 20 rows instead of sorting all
                   models.Index(fields=["-year", "-created_at", "-id"], name="case_list_order"),
                   models.Index(fields=["region_path"], name="case_region_path", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.region_path = self.region.path
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "region_path"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("recognition:case_detail", args=[self.pk])

    @property
    def tone(self):
        return self.TONES.get(self.status, "secondary")

    @property
    def is_editable(self):
        return self.status in self.EDITABLE


# ------------------------------------------------------------------------------------------- commendations


class CommendationQuerySet(ScopedQuerySet):
    def approved(self):
        return self.filter(status=Commendation.Status.APPROVED)

    def awaiting(self, user):
        """Nominations waiting for this user's level: the city reviews, the province approves."""
        level = user.region.level if getattr(user, "office_id", None) else None
        state = {"city": Commendation.Status.SUBMITTED, "province": Commendation.Status.RECOMMENDED}.get(level)
        return self.visible_to(user).filter(status=state) if state else self.none()

    def with_id_number(self, id_number):
        return self.filter(id_digest=blind_index(id_number))


class Commendation(models.Model):
    """表彰推荐: a collective or an individual nominated by a county or city office; the level above reviews,
    the province approves (全省和谐劳动关系创建表彰)."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", "先进集体"
        INDIVIDUAL = "individual", "先进个人"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待市级审核"
        RECOMMENDED = "recommended", "待省级审定"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已批准表彰"
    EDITABLE = (Status.DRAFT, Status.RETURNED)  # a draft or a returned one is edited (its policy too)

    class Gender(models.TextChoices):
        MALE = "m", "男"
        FEMALE = "f", "女"

    TONES = {"draft": "secondary", "submitted": "warning", "recommended": "info", "returned": "danger",
             "approved": "success"}

    year = models.PositiveSmallIntegerField("表彰年度")
    kind = models.CharField("表彰类别", max_length=12, choices=Kind.choices)
    name = models.CharField("集体名称或个人姓名", max_length=100)
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="commendations", verbose_name="所在企业")
    workplace = models.CharField("工作单位及职务", max_length=200, blank=True, default="",
                                 help_text="个人填写工作单位及职务；集体可不填")
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True, default="")
    id_number = EncryptedCharField("身份证号")
    id_digest = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    FIELD_DIGESTS = {"id_digest": "id_number"}  # recomputed by manage.py rotate_field_key
    phone = EncryptedCharField("联系电话")
    deeds = models.TextField("主要事迹", help_text="3,000 字以内")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="所在区划")
    region_path = models.CharField("区划路径", max_length=64, editable=False, default="")
    nominator_region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                                         verbose_name="推荐单位", editable=False)
    nominator_level = models.CharField("推荐层级", max_length=10, editable=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.CharField("退回理由", max_length=300, blank=True, default="")
    city_opinion = models.CharField("市级审核意见", max_length=300, blank=True, default="")
    approved_on = models.DateField("批准日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name="填报人")
    created_at = models.DateTimeField("填报时间", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["id_number", "phone", "id_digest", "region_path"])

    objects = CommendationQuerySet.as_manager()
    scope_region_path = "region_path"

    class Meta:
        verbose_name = verbose_name_plural = "表彰推荐"
        ordering = ["-year", "kind", "region_path", "name"]
        permissions = [("review_commendation", "可审核表彰推荐"), ("approve_commendation", "可审定表彰名单")]
        constraints = [models.UniqueConstraint(fields=["year", "id_digest"], condition=~models.Q(id_digest=""),
                                               name="commendation_person_once_a_year")]
        indexes = [models.Index(fields=["-year", "kind", "region_path", "id"], name="commendation_list_order"),
                   models.Index(fields=["region_path"], name="commendation_region_path",
                                opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return f"{self.year}年 {self.name}（{self.get_kind_display()}）"

    def save(self, *args, **kwargs):
        self.region_path = self.region.path
        self.id_digest = blind_index(self.id_number) if self.id_number else ""
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "region_path", "id_digest"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("recognition:commendation_detail", args=[self.pk])

    @property
    def tone(self):
        return self.TONES.get(self.status, "secondary")

    @property
    def is_editable(self):
        return self.status in self.EDITABLE


class CommendationAttachmentQuerySet(ScopedQuerySet):
    pass


class CommendationAttachment(models.Model):
    """推荐材料 (推荐审批表, 事迹材料, 证明): checked by content as evidence files are."""

    commendation = models.ForeignKey(Commendation, on_delete=models.CASCADE, related_name="attachments",
                                     verbose_name="表彰推荐")
    file = models.FileField("文件", upload_to="recognition/commendations/%Y/%m/", max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    file_type = models.CharField("类型", max_length=8)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = CommendationAttachmentQuerySet.as_manager()
    scope_region_path = "commendation__region_path"

    class Meta:
        verbose_name = verbose_name_plural = "表彰推荐材料"
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


# ----------------------------------------------------------------------------------- joint incentive measures


class IncentiveQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """A measure of the user's area, or one issued above it (a province measure applies in every county)."""
        rows = super().visible_to(user)
        path = getattr(user, "scope_path", None) if user is not None and user.is_authenticated else None
        if not path or user.is_superuser:
            return rows
        parts = path.strip("/").split("/")
        above = ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]
        return (self.filter(region_path__startswith=path) | self.filter(region_path__in=above)) if above else rows

    def editable_by(self, user):
        """Only the issuing area may change a measure (a county sees the province's, but cannot edit them)."""
        return super().visible_to(user)


class Incentive(models.Model):
    """联合激励措施: a measure issued by tripartite member units and other departments, for the units that
    reach the creation standard or hold a demonstration title (plan item 13)."""

    class Kind(models.TextChoices):
        POLICY = "policy", "政策支持"
        FINANCE = "finance", "金融信贷"
        CREDIT = "credit", "信用激励"
        INSPECTION = "inspection", "减少检查频次"
        PRIORITY = "priority", "评优评先优先推荐"
        SERVICE = "service", "工作指导与培育服务"
        OTHER = "other", "其他"

    title = models.CharField("措施名称", max_length=150)
    kind = models.CharField("激励类型", max_length=12, choices=Kind.choices)
    member_units = models.JSONField("三方成员单位", default=list, blank=True,
                                    help_text="参与发布的协调劳动关系三方成员单位")
    other_departments = models.CharField("其他部门", max_length=200, blank=True, default="",
                                         help_text="如 省发展改革委、人民银行湖北省分行、省税务局（用顿号分隔）")
    doc_number = models.CharField("文号", max_length=60, blank=True, default="")
    issued_on = models.DateField("发布日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    content = models.TextField("措施内容", help_text="适用对象、激励内容、办理方式；5,000 字以内")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+",
                               verbose_name="发布区划")
    region_path = models.CharField("区划路径", max_length=64, editable=False, default="")
    beneficiaries = models.ManyToManyField("enterprises.Enterprise", blank=True, related_name="incentives",
                                           verbose_name="受益企业")
    titles = models.ManyToManyField("honours.DemonstrationTitle", blank=True, related_name="incentives",
                                    verbose_name="适用的示范称号",
                                    help_text="享受该措施的创建示范企业、示范工业园区")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["region_path"])  # links are told in the change reason

    objects = IncentiveQuerySet.as_manager()
    scope_region_path = "region_path"

    class Meta:
        verbose_name = verbose_name_plural = "联合激励措施"
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["region_path"], name="incentive_region_path", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.region_path = self.region.path
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("recognition:incentive_detail", args=[self.pk])

    @property
    def issuers(self):
        """The issuing bodies as words: the member units of the issuing level, then the other departments."""
        from apps.accounts.models import UNIT_OFFICE_NAMES

        level = self.region.level
        prefix = "" if level == "province" else self.region.name
        names = [prefix + UNIT_OFFICE_NAMES[u][level] for u in self.member_units if u in MemberUnit.values]
        names += [d.strip() for d in self.other_departments.replace(",", "、").replace("，", "、").split("、")
                  if d.strip()]
        return names
