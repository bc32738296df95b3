import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from apps.core.templatetags.portal import badge

from .models import ContactAssignment, CreationRecord, Enterprise, size_band_label

STATUS_LABELS = dict(CreationRecord.Status.choices)


class EnterpriseTable(tables.Table):
    select = tables.CheckBoxColumn(accessor="pk", attrs={
        "th__input": {"data-select-all": "pks", "aria-label": "全选本页"},
        "td__input": {"name": "pks", "form": "bulk-form", "aria-label": "选择"}}, orderable=False)
    name = tables.Column("企业名称", linkify=lambda record: reverse("enterprises:enterprise_detail", args=[record.pk]))
    uscc = tables.Column("统一社会信用代码")
    region = tables.Column("所在区划", accessor="region__full_name", order_by=("region__code", "name"))
    industry = tables.Column("行业门类")
    employee_count = tables.Column("职工人数（规模）", attrs={"td": {"class": "text-end"}})
    park = tables.Column("园区", accessor="park__name", default="—")
    year_status = tables.Column("当年创建状态", order_by=("year_status", "name"))

    class Meta:
        model = Enterprise
        fields = ()
        sequence = ("select", "name", "uscc", "region", "industry", "employee_count", "park", "year_status")
        attrs = {"class": "table table-hover table-sm align-middle mb-0"}
        order_by = ("name",)

    def render_industry(self, record):
        return record.get_industry_display().split(" ", 1)[-1]

    def render_employee_count(self, value):
        return format_html("{}<span class=\"text-muted small\">（{}）</span>", f"{value:,}", size_band_label(value))

    def render_year_status(self, value):
        status = value or CreationRecord.Status.NOT_STARTED
        return badge(STATUS_LABELS.get(status, status), CreationRecord.STATUS_TONES.get(status, "secondary"))


class ContactAssignmentTable(tables.Table):
    office = tables.Column("成员单位", accessor="office", order_by=("office__region__code", "office__member_unit"))
    subject = tables.Column("联系单位", linkify=lambda record: reverse("enterprises:contact_detail", args=[record.pk]))
    year = tables.Column("年度")
    contact_person = tables.Column("联系责任人")
    visit_count = tables.Column("指导次数", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = ContactAssignment
        fields = ()
        sequence = ("office", "subject", "year", "contact_person", "visit_count")
        attrs = {"class": "table table-hover table-sm align-middle mb-0"}
