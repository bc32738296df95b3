"""Figures of the creation ledger and of contact units (统计指标; see apps/core/figures.py)."""

from django.db.models import Count, Q, Sum

from apps.core.figures import Figure, Source, bump, history_as_of, register

from .contact_units import expected_regions
from .models import ContactAssignment, CreationRecord, Enterprise, Subject

QUALIFIED = (CreationRecord.Status.QUALIFIED, CreationRecord.Status.DEMONSTRATION)
WATCH_LEDGER = ("enterprises.Enterprise", "enterprises.Subject", "enterprises.CreationRecord")


def _kind_counts():
    counts = {}
    for kind in Subject.Kind.values:
        counts[kind] = Count("pk", filter=Q(subject__kind=kind))
        counts[f"{kind}_qualified"] = Count("pk", filter=Q(subject__kind=kind, status__in=QUALIFIED))
    return counts


# 创建台账 of the year: one row per subject taking part (an enterprise, a park or a township), by its region
# (counted by their subject's place and kind: an enterprise's own fields do not move them, and the enterprise's save
# saves its subject when it moves; so an edit of the ledger's rows, every second in the peak week, does not send
# these 5 years × 18 areas back to be computed)
RECORDS = Source("enterprises.records", lambda area, year: CreationRecord.objects.visible_to(area).filter(year=year),
                 _kind_counts(), watch=("enterprises.Subject", "enterprises.CreationRecord"))
# the enterprises of the ledger today (the denominator of participation and of coordinator coverage)
ENTERPRISES = Source("enterprises.ledger", lambda area, year: Enterprise.objects.visible_to(area),
                     {"total": Count("pk")}, yearly=False, watch=WATCH_LEDGER,
                     as_of=lambda area, day: history_as_of(Enterprise, area, day), as_of_path="region__path")
# the member units that owe a contact unit in the year and those whose contact unit has a visit in it
# (contact_units.py: the one rule the 联系培育落实情况 list applies too)
OFFICES = Source(
    "enterprises.contact_offices", lambda area, year: expected_regions(area, year),
    {"offices": Sum("units"), "named": Sum("done")}, path="path",
    watch=("enterprises.ContactAssignment", "enterprises.ContactVisit", "accounts.Office"))
CONTACTS = Source("enterprises.contacts", lambda area, year: ContactAssignment.objects.visible_to(area)
                  .filter(year=year), {"total": Count("pk")}, watch=("enterprises.ContactAssignment",))

register(
    Figure("enterprises.ledger", "台账企业", "家", "参与创建", value=ENTERPRISES["total"], order=10,
           description="企业创建台账中的企业（现有）"),
    Figure("enterprises.participating", "企业参与创建率", "%", "参与创建", order=11,
           numerator=RECORDS["enterprise"], denominator=ENTERPRISES["total"],
           target_note="力争2027年底各类企业普遍开展创建",
           description="本年度有创建台账记录的企业 ÷ 台账企业"),
    Figure("enterprises.qualified", "创建企业达标率", "%", "参与创建", order=12,
           numerator=RECORDS["enterprise_qualified"], denominator=RECORDS["enterprise"],
           target_note="2027年底创建企业基本达到创建标准",
           description="本年度创建状态为达标或示范的企业 ÷ 本年度参与创建的企业"),
    Figure("enterprises.contact_offices", "确定联系单位的成员单位占比", "%", "联系培育", order=10,
           numerator=OFFICES["named"], denominator=OFFICES["offices"], target=100,
           target_note="各级三方成员单位每年至少确定1个创建联系单位",
           description="本年度联系单位有指导记录的成员单位 ÷ 应确定联系单位的成员单位（省、市、县三级的各成员单位，"
                       "及已设机构的乡镇（街道）成员单位）"),
    Figure("enterprises.contacts", "创建联系单位", "个", "联系培育", value=CONTACTS["total"], order=11,
           description="本年度各成员单位确定的联系单位（次）"),
)


def _bump_after_import(**kwargs):
    # the ledger's rows, written with bulk statements: a new version of these models, not of every model (which
    # sent all 1,404 sources of the province and cities back to be computed after each import of the peak week)
    bump(*WATCH_LEDGER)


def connect():
    from .signals import enterprises_bulk_saved

    # an Excel import writes with bulk statements (no post_save): the figures change all the same
    enterprises_bulk_saved.connect(_bump_after_import, sender=Enterprise, dispatch_uid="dashboards.enterprises_bulk")


connect()
