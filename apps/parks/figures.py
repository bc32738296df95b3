"""Figures of parks' and townships' creation (统计指标; see apps/core/figures.py)."""

from django.db.models import Count

from apps.core.figures import Figure, Source, history_as_of, register
from apps.enterprises.figures import RECORDS
from apps.regions.models import Region

from .models import Park

TOWNSHIPS = Source("parks.townships", lambda area, year: Region.objects.visible_to(area).townships(),
                   {"total": Count("pk")}, yearly=False, path="path",
                   as_of=lambda area, day: Region.objects.visible_to(area).townships())  # the tree is fixed
PARKS = Source("parks.ledger", lambda area, year: Park.objects.visible_to(area), {"total": Count("pk")},
               yearly=False, watch=("parks.Park",), as_of=lambda area, day: history_as_of(Park, area, day),
               as_of_path="region__path")

register(
    Figure("parks.participating", "工业园区参与创建率", "%", "参与创建", order=20,
           numerator=RECORDS["park"], denominator=PARKS["total"],
           target_note="力争2027年底工业园区普遍开展创建",
           description="本年度有创建台账记录的工业园区 ÷ 全部工业园区"),
    Figure("parks.qualified", "工业园区达标率", "%", "参与创建", order=21,
           numerator=RECORDS["park_qualified"], denominator=RECORDS["park"],
           description="本年度创建状态为达标或示范的工业园区 ÷ 本年度参与创建的工业园区"),
    Figure("parks.townships_participating", "乡镇（街道）参与创建率", "%", "参与创建", order=30,
           numerator=RECORDS["township"], denominator=TOWNSHIPS["total"],
           target_note="力争2027年底乡镇（街道）普遍开展创建",
           description="本年度有创建台账记录的乡镇（街道） ÷ 全部乡镇（街道）"),
    Figure("parks.townships_qualified", "乡镇（街道）达标率", "%", "参与创建", order=31,
           numerator=RECORDS["township_qualified"], denominator=RECORDS["township"],
           description="本年度创建状态为达标或示范的乡镇（街道） ÷ 本年度参与创建的乡镇（街道）"),
)
