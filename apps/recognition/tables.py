"""Tables of the recognition lists: statuses as badges with their word, names linked to their pages."""

import django_tables2 as tables
from django.utils.html import format_html

from apps.core.templatetags.portal import badge

from .models import Case, Commendation, Incentive

ATTRS = {"class": "table table-hover table-sm align-middle"}


class CaseTable(tables.Table):
    title = tables.Column(linkify=("recognition:case_detail", {"pk": tables.A("pk")}), verbose_name="案例标题")
    unit_name = tables.Column(verbose_name="案例单位")
    region = tables.Column(accessor="region__full_name", verbose_name="所属区划", order_by=("region_path",))
    category = tables.Column(verbose_name="类别")
    year = tables.Column(verbose_name="年度")
    status = tables.Column(verbose_name="状态")
    published_at = tables.DateColumn(format="Y-m-d", verbose_name="发布日期")

    class Meta:
        model = Case
        fields = []
        sequence = ["title", "unit_name", "region", "category", "year", "status", "published_at"]
        attrs = ATTRS

    def render_status(self, record):
        return badge(record.get_status_display(), record.tone)


class CommendationTable(tables.Table):
    name = tables.Column(linkify=("recognition:commendation_detail", {"pk": tables.A("pk")}),
                         verbose_name="集体名称或个人姓名")
    kind = tables.Column(verbose_name="类别")
    workplace = tables.Column(verbose_name="工作单位及职务")
    region = tables.Column(accessor="region__full_name", verbose_name="所在区划", order_by=("region_path",))
    nominator_region = tables.Column(accessor="nominator_region__full_name", verbose_name="推荐单位",
                                     order_by=("nominator_region__code",))
    year = tables.Column(verbose_name="年度")
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = Commendation
        fields = []
        sequence = ["name", "kind", "workplace", "region", "nominator_region", "year", "status"]
        attrs = ATTRS

    def render_status(self, record):
        return badge(record.get_status_display(), record.tone)

    def render_nominator_region(self, record):
        region = record.nominator_region
        return "省级" if region.level == "province" else (region.full_name or region.name) + "三方办"


class IncentiveTable(tables.Table):
    title = tables.Column(linkify=("recognition:incentive_detail", {"pk": tables.A("pk")}), verbose_name="措施名称")
    kind = tables.Column(verbose_name="激励类型")
    issuers = tables.Column(empty_values=(), verbose_name="发布单位", orderable=False)
    doc_number = tables.Column(verbose_name="文号")
    issued_on = tables.DateColumn(format="Y-m-d", verbose_name="发布日期")
    beneficiary_count = tables.Column(verbose_name="受益企业", orderable=False)

    class Meta:
        model = Incentive
        fields = []
        sequence = ["title", "kind", "issuers", "doc_number", "issued_on", "beneficiary_count"]
        attrs = ATTRS

    def render_issuers(self, record):
        return format_html("{}", "、".join(record.issuers))

    def render_beneficiary_count(self, value):
        return f"{value:,} 家"
