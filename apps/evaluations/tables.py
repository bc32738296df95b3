"""Tables of the evaluations lists."""

import django_tables2 as tables
from django.utils.html import format_html


class AssessmentTable(tables.Table):
    subject = tables.Column(verbose_name="创建主体", linkify=("evaluations:assessment_detail", {"pk": tables.A("pk")}),
                            order_by=("subject__name",))
    region = tables.Column(accessor="region__full_name", verbose_name="所在区划", order_by=("region__code",))
    year = tables.Column(verbose_name="年度")
    kind = tables.Column(verbose_name="类型")
    agency = tables.Column(verbose_name="第三方机构", default="—")
    status = tables.Column(verbose_name="状态")
    self_total = tables.Column(verbose_name="自评得分", default="—")
    final_total = tables.Column(verbose_name="最终得分", default="—")
    updated_at = tables.DateTimeColumn(verbose_name="更新时间", format="Y-m-d H:i")

    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_status(self, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', record.status_tone,
                           record.get_status_display())


class IndicatorSetTable(tables.Table):
    name = tables.Column(verbose_name="名称", linkify=("evaluations:indicatorset_detail", {"pk": tables.A("pk")}))
    subject_kind = tables.Column(verbose_name="适用主体")
    version = tables.Column(verbose_name="版本")
    status = tables.Column(verbose_name="状态")
    pass_mark = tables.Column(verbose_name="达标分数线")
    published_at = tables.DateTimeColumn(verbose_name="发布时间", format="Y-m-d", default="—")

    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_status(self, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', record.status_tone,
                           record.get_status_display())


class AgencyTable(tables.Table):
    name = tables.Column(verbose_name="机构名称", linkify=("evaluations:agency_detail", {"pk": tables.A("pk")}))
    region = tables.Column(verbose_name="登记单位区划", accessor="region__full_name")
    contact_person = tables.Column(verbose_name="联系人")
    n_assessments = tables.Column(verbose_name="受托评估", orderable=False)
    is_active = tables.BooleanColumn(verbose_name="有效", yesno="是,否")

    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle"}


class SpotCheckTable(tables.Table):
    title = tables.Column(verbose_name="名称", linkify=("evaluations:spotcheck_detail", {"pk": tables.A("pk")}))
    year = tables.Column(verbose_name="年度")
    target = tables.Column(verbose_name="抽查对象")
    proportion = tables.Column(verbose_name="比例（%）")
    population = tables.Column(verbose_name="总体")
    n_items = tables.Column(verbose_name="抽中", orderable=False)
    seed = tables.Column(verbose_name="随机种子")
    drawn_at = tables.DateTimeColumn(verbose_name="抽取时间", format="Y-m-d H:i")

    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle"}
