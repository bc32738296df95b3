from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.fields import EncryptedCharField
from apps.core.scoping import ScopedQuerySet
from apps.core.validators import NotInFuture

CAMPAIGN_YEARS = [(y, f"{y}年") for y in range(2023, 2028)]


class SubjectQuerySet(ScopedQuerySet):
    def enterprises(self):
        return self.filter(kind=Subject.Kind.ENTERPRISE)


class Subject(models.Model):
    """创建主体: one row per creating unit (an enterprise, a park or a township), so that creation
    records, assessments, applications, titles and contact assignments serve all three kinds."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业"
        PARK = "park", "工业园区"
        TOWNSHIP = "township", "乡镇（街道）"

    kind = models.CharField("主体类型", max_length=12, choices=Kind.choices, db_index=True)
    name = models.CharField("名称", max_length=200)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="subjects",
                               verbose_name="所在区划")
    park = models.ForeignKey("parks.Park", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="subjects", verbose_name="所在园区")

    objects = SubjectQuerySet.as_manager()
    scope_region_path = "region__path"
    scope_enterprise = "enterprise"

    class Meta:
        verbose_name = verbose_name_plural = "创建主体"
        indexes = [models.Index(fields=["kind", "region"], name="subject_kind_region")]

    def __str__(self):
        return self.name


class Industry(models.TextChoices):
    """GB/T 4754-2017 国民经济行业分类, 门类 A–T."""

    A = "A", "A 农、林、牧、渔业"
    B = "B", "B 采矿业"
    C = "C", "C 制造业"
    D = "D", "D 电力、热力、燃气及水生产和供应业"
    E = "E", "E 建筑业"
    F = "F", "F 批发和零售业"
    G = "G", "G 交通运输、仓储和邮政业"
    H = "H", "H 住宿和餐饮业"
    I = "I", "I 信息传输、软件和信息技术服务业"  # noqa: E741
    J = "J", "J 金融业"
    K = "K", "K 房地产业"
    L = "L", "L 租赁和商务服务业"
    M = "M", "M 科学研究和技术服务业"
    N = "N", "N 水利、环境和公共设施管理业"
    O = "O", "O 居民服务、修理和其他服务业"  # noqa: E741
    P = "P", "P 教育"
    Q = "Q", "Q 卫生和社会工作"
    R = "R", "R 文化、体育和娱乐业"
    S = "S", "S 公共管理、社会保障和社会组织"
    T = "T", "T 国际组织"


class Ownership(models.TextChoices):
    STATE = "state", "国有企业"
    COLLECTIVE = "collective", "集体企业"
    PRIVATE = "private", "民营企业"
    FOREIGN = "foreign", "外商投资企业"
    HMT = "hmt", "港澳台投资企业"
    JOINT_STOCK = "joint_stock", "股份制企业"
    OTHER = "other", "其他"


SIZE_BANDS = [  # 规模（按职工人数）: key, label, lower bound (inclusive), upper bound (exclusive)
    ("micro", "20 人以下", 0, 20),
    ("small", "20–99 人", 20, 100),
    ("medium", "100–299 人", 100, 300),
    ("large", "300–999 人", 300, 1000),
    ("huge", "1000 人及以上", 1000, None),
]


def size_band_label(employee_count):
    for _key, label, low, high in SIZE_BANDS:
        if employee_count >= low and (high is None or employee_count < high):
            return label
    return ""


class EnterpriseQuerySet(ScopedQuerySet):
    def in_size_band(self, key):
        for band, _label, low, high in SIZE_BANDS:
            if band == key:
                qs = self.filter(employee_count__gte=low)
                return qs.filter(employee_count__lt=high) if high is not None else qs
        return self

    def with_status(self, year):
        """Annotate each enterprise with its creation status in `year` (one subquery, no N+1)."""
        record = CreationRecord.objects.filter(subject_id=models.OuterRef("subject_id"), year=year).order_by()
        return self.annotate(year_status=models.Subquery(record.values("status")[:1]))

    def with_status_in(self, year, statuses):
        """Enterprises whose creation record of `year` has one of these statuses (a semi-join)."""
        records = CreationRecord.objects.filter(year=year, status__in=statuses).order_by().values("subject_id")
        return self.filter(subject_id__in=records)


class Enterprise(models.Model):
    """An enterprise in the registry; it owns exactly one creating subject."""

    subject = models.OneToOneField(Subject, on_delete=models.PROTECT, related_name="enterprise",
                                   verbose_name="创建主体", editable=False)
    name = models.CharField("企业名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True,
                            help_text="18 位，按 GB 32100-2015 校验（含校验码）。")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="enterprises",
                               verbose_name="所在区划", help_text="所在县（市、区）或乡镇（街道）")
    # a copy of region.path kept on the row (set in save() and by the bulk import), so that the scoping
    # prefix test over 200,000 enterprises is one indexed LIKE on this table, without a join
    region_path = models.CharField("区划路径", max_length=64, editable=False, default="")
    park = models.ForeignKey("parks.Park", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="enterprises", verbose_name="所在园区")
    industry = models.CharField("行业门类", max_length=1, choices=Industry.choices)
    ownership = models.CharField("经济类型", max_length=12, choices=Ownership.choices, default=Ownership.PRIVATE)
    employee_count = models.PositiveIntegerField("职工人数", default=0)
    has_union = models.BooleanField("已建工会", default=False)
    has_collective_contract = models.BooleanField("已签集体合同", default=False)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = EncryptedCharField("联系电话")
    contact_email = models.EmailField("联系邮箱", blank=True, default="",
                                      help_text="企业账号的激活链接发送到这里（或经短信网关发到联系电话）")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1, editable=False,
                                          help_text="每次保存加一；表单带着它提交，用于发现并发修改")
    history = HistoricalRecords(excluded_fields=["contact_phone", "region_path"])

    objects = EnterpriseQuerySet.as_manager()
    scope_region_path = "region_path"  # = region.path, denormalised (see the field)
    scope_enterprise = "id"

    class Meta:
        verbose_name = verbose_name_plural = "企业"
        ordering = ["region__code", "name"]
        indexes = [models.Index(fields=["region", "name"], name="enterprise_region_name"),
                   models.Index(fields=["name"], name="enterprise_name"),
                   models.Index(fields=["region_path"], name="enterprise_region_path",
                                opclasses=["varchar_pattern_ops"]),
                   models.Index(fields=["uscc"], name="enterprise_uscc_prefix", opclasses=["varchar_pattern_ops"]),
                   # covers "industry = … AND region_path LIKE … AND subject_id IN (records of a status)"
                   models.Index(fields=["industry", "region_path", "subject"], name="enterprise_industry_area",
                                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "int8_ops"]),
                   GinIndex(fields=["name"], name="enterprise_name_trgm", opclasses=["gin_trgm_ops"])]
        permissions = [("import_enterprise", "可以导入企业"), ("export_enterprise", "可以导出企业"),
                       ("invite_enterprise", "可以邀请企业开通账号")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # keep the subject's name and place in step with the enterprise
        if self.subject_id is None:
            self.subject = Subject.objects.create(kind=Subject.Kind.ENTERPRISE, name=self.name,
                                                  region=self.region, park=self.park)
        elif (self.subject.name, self.subject.region_id, self.subject.park_id) != (
                self.name, self.region_id, self.park_id):
            # saved, not updated: what counts subjects by their place (the creation records' figures, which do not
            # watch every save of an enterprise) hears of the move
            self.subject.name, self.subject.region, self.subject.park = self.name, self.region, self.park
            self.subject.save(update_fields=["name", "region", "park"])
        if self.region_id is not None:
            self.region_path = self.region.path
        if self.pk is not None and not kwargs.get("force_insert"):
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    @property
    def size_band(self):
        return size_band_label(self.employee_count)


class CreationRecordQuerySet(ScopedQuerySet):
    def for_year(self, year):
        return self.filter(year=year)


class CreationRecord(models.Model):
    """创建台账: a subject's part in the campaign in one year, and how far it has come."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未启动"
        CREATING = "creating", "创建中"
        SELF_ASSESSING = "self_assessing", "自评中"
        QUALIFIED = "qualified", "达标"
        DEMONSTRATION = "demonstration", "示范"
        # set only by a concluded assessment that did not pass (a veto above all): evaluations' conclude step
        NOT_PASSED = "not_passed", "未达标"

    STATUS_TONES = {"not_started": "secondary", "creating": "info", "self_assessing": "warning",
                    "qualified": "success", "demonstration": "primary", "not_passed": "danger"}
    # Who writes which status, the one rule forms, bulk changes and imports ask: a clerk sets only these;
    # 达标/未达标 come from a concluded assessment (apps.evaluations), 示范 from a title (apps.honours), and
    # nothing typed by hand ever overwrites them.
    HAND_SET = (Status.NOT_STARTED, Status.CREATING, Status.SELF_ASSESSING)
    DERIVED_FROM = {
        Status.QUALIFIED: "“达标”只能由已出具结论的评估产生（评估 › 县级审核），不能手工设置或导入。",
        Status.NOT_PASSED: "“未达标”只能由已出具结论的评估产生（评估 › 县级审核），不能手工设置或导入。",
        Status.DEMONSTRATION: "“示范”只能由省级命名产生（示范创建 › 命名），台账不能直接设为示范。",
    }

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="creation_records",
                                verbose_name="创建主体")
    year = models.PositiveSmallIntegerField("年度", choices=CAMPAIGN_YEARS)
    status = models.CharField("创建状态", max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    started_on = models.DateField("启动日期", null=True, blank=True)
    notes = models.TextField("备注", blank=True, default="")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="更新人")
    history = HistoricalRecords()

    objects = CreationRecordQuerySet.as_manager()
    scope_region_path = "subject__region__path"
    scope_enterprise = "subject__enterprise"

    class Meta:
        verbose_name = verbose_name_plural = "创建台账"
        ordering = ["-year", "subject__name"]
        constraints = [models.UniqueConstraint(fields=["subject", "year"], name="creation_record_once_a_year")]
        indexes = [models.Index(fields=["year", "status"], name="creation_year_status"),
                   models.Index(fields=["year", "status", "subject"], name="creation_year_status_subject")]

    def __str__(self):
        return f"{self.subject} · {self.year}年"

    @property
    def status_tone(self):
        return self.STATUS_TONES.get(self.status, "secondary")

    @property
    def is_derived(self):
        """A status a clerk may not change by hand (it follows an assessment or a title)."""
        return self.status in self.DERIVED_FROM


class ContactAssignmentQuerySet(ScopedQuerySet):
    def for_year(self, year):
        return self.filter(year=year)


class ContactAssignment(models.Model):
    """联系培育: a member-unit office names a unit (enterprise, park or township) it guides this year."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="contact_assignments",
                               verbose_name="成员单位")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="contact_assignments",
                                verbose_name="联系单位")
    year = models.PositiveSmallIntegerField("年度", choices=CAMPAIGN_YEARS)
    contact_person = models.CharField("联系责任人", max_length=50)
    notes = models.TextField("培育目标", blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = ContactAssignmentQuerySet.as_manager()
    scope_region_path = "office__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "联系培育"
        ordering = ["-year", "office__region__code", "office__member_unit"]
        constraints = [models.UniqueConstraint(fields=["office", "subject", "year"],
                                               name="contact_assignment_once_a_year")]

    def __str__(self):
        return f"{self.office} · {self.subject} · {self.year}年"


class ContactVisitQuerySet(ScopedQuerySet):
    pass


class ContactVisit(models.Model):
    """A visit or piece of guidance given under a contact assignment."""

    assignment = models.ForeignKey(ContactAssignment, on_delete=models.CASCADE, related_name="visits",
                                   verbose_name="联系培育")
    visited_on = models.DateField("日期", validators=[NotInFuture("指导日期")])
    content = models.TextField("指导内容")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="记录人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords()

    objects = ContactVisitQuerySet.as_manager()
    scope_region_path = "assignment__office__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "联系指导记录"
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        return f"{self.assignment.subject} · {self.visited_on}"


class EnterpriseInvitationQuerySet(ScopedQuerySet):
    pass


class EnterpriseInvitation(models.Model):
    """An enterprise account created by county staff, waiting for its one-time activation.

    Only a digest of the token is stored; the link carries the token itself and works once."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="invitations",
                                   verbose_name="企业")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation",
                                verbose_name="企业账号")
    token_digest = models.CharField("令牌摘要", max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name="邀请人")
    created_at = models.DateTimeField("邀请时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至")
    activated_at = models.DateTimeField("激活时间", null=True, blank=True)

    objects = EnterpriseInvitationQuerySet.as_manager()
    scope_region_path = "enterprise__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "企业账号邀请"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.enterprise} · {self.user.username}"
