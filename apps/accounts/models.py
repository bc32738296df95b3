from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from apps.core.scoping import ScopedQuerySet


class MemberUnit(models.TextChoices):
    """The four member units of the tripartite coordination at every level."""

    HRSS = "hrss", "人社部门"
    UNION = "union", "工会"
    CONFED = "confed", "企联/企协"
    FIC = "fic", "工商联"


# How each member unit's office is called at each level (for headers and documents).
UNIT_OFFICE_NAMES = {
    "hrss": {"province": "省人社厅", "city": "人社局", "county": "人社局", "township": "劳动保障所"},
    "union": {"province": "省总工会", "city": "总工会", "county": "总工会", "township": "工会"},
    "confed": {"province": "省企联", "city": "企联", "county": "企联", "township": "企联"},
    "fic": {"province": "省工商联", "city": "工商联", "county": "工商联", "township": "商会"},
}


class OfficeQuerySet(ScopedQuerySet):
    pass


class Office(models.Model):
    """三方办 member office: one member unit in one region."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="offices",
                               verbose_name="行政区划")
    member_unit = models.CharField("成员单位", max_length=10, choices=MemberUnit.choices)
    email = models.EmailField("联系邮箱", blank=True)
    history = HistoricalRecords()

    objects = OfficeQuerySet.as_manager()
    scope_region_path = "region__path"

    class Meta:
        verbose_name = verbose_name_plural = "三方成员单位"
        ordering = ["region__code", "member_unit"]
        constraints = [models.UniqueConstraint(fields=["region", "member_unit"], name="office_unique_unit")]

    def __str__(self):
        return f"{self.region.full_name} · {self.unit_name}"

    @property
    def unit_name(self):
        return UNIT_OFFICE_NAMES[self.member_unit][self.region.level]


class UserQuerySet(ScopedQuerySet):
    def staff(self):
        return self.filter(kind=User.Kind.STAFF)


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    def get_queryset(self):
        # The request user is read on every page; bring the office and its region in the same query.
        return super().get_queryset().select_related("office__region")


class User(AbstractUser):
    class Kind(models.TextChoices):
        STAFF = "staff", "机关工作人员"
        ENTERPRISE = "enterprise", "企业用户"
        AGENCY = "agency", "第三方评估机构"
        EXPERT = "expert", "评审专家"

    kind = models.CharField("用户类型", max_length=12, choices=Kind.choices, default=Kind.STAFF)
    full_name = models.CharField("姓名", max_length=50, blank=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, null=True, blank=True, related_name="users",
                               verbose_name="所在单位")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="accounts", verbose_name="所属企业",
                                   help_text="企业用户登录后只能看到本企业")
    agency = models.ForeignKey("evaluations.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="accounts", verbose_name="所属第三方机构",
                               help_text="第三方机构用户只能看到委托给本机构的评估")
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = PortalUserManager()
    scope_region_path = "office__region__path"

    class Meta:
        verbose_name = verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    @property
    def scope_path(self):
        """The materialised path of the user's area, or None for users scoped otherwise."""
        if self.kind == self.Kind.STAFF and self.office_id:
            return self.office.region.path
        return None

    @property
    def region(self):
        return self.office.region if self.office_id else None

    @property
    def is_assignee(self):
        return self.kind in (self.Kind.AGENCY, self.Kind.EXPERT)

    @cached_property
    def role_names(self):
        # Only the four roles: an agency's own permission group ("第三方机构-…") is machinery, not a role.
        from .roles import ROLES

        return [g.name for g in self.groups.all() if g.name in ROLES.values()]

    @property
    def acts_for(self):
        """What a non-staff user acts for, by name (the agency or the enterprise), for the header and home."""
        if self.agency_id:
            return self.agency.name
        if self.enterprise_id:
            return self.enterprise.name
        return ""
