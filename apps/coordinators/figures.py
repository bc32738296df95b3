"""Figures of coordinators, trainings and gold medals (统计指标; see apps/core/figures.py)."""

from django.db.models import Count, Exists, OuterRef, Q, Sum

from apps.core.figures import Figure, Source, history_as_of, register
from apps.enterprises.figures import ENTERPRISES
from apps.regions.models import Region

from .models import (
                 GOLD_MEDAL_TARGET,
                 PROVINCE_GOLD_MEDALS,
                 Coordinator,
                 EnterpriseCoverage,
                 GoldMedal,
                 GoldMedalQuota,
                 Training,
)

# enterprises served by an on-duty coordinator (rows kept by coverage.py, written in raw SQL: its refresh bumps
# "coordinators.EnterpriseCoverage" in the one version table, so a changed service link is counted at once)
COVERED = Source("coordinators.covered", lambda area, year: EnterpriseCoverage.objects.visible_to(area),
                 {"covered": Count("pk")}, yearly=False,
                 watch=("coordinators.Coordinator", "coordinators.EnterpriseCoverage", "enterprises.Enterprise"))
ON_DUTY = Source("coordinators.on_duty", lambda area, year: Coordinator.objects.visible_to(area).on_duty(),
                 {"total": Count("pk")}, yearly=False, watch=("coordinators.Coordinator",),
                 as_of=lambda area, day: history_as_of(Coordinator, area, day, status=Coordinator.Status.ON_DUTY),
                 as_of_path="region__path")
# counties and whether a training was held inside each in the year (the rule of the yearly check)
COUNTIES = Source(
    "coordinators.training_counties",
    lambda area, year: Region.objects.visible_to(area).counties().annotate(
        held=Exists(Training.objects.in_year(year).filter(region__path__startswith=OuterRef("path")))),
    {"counties": Count("pk"), "held": Count("pk", filter=Q(held=True))}, path="path",
    watch=("coordinators.Training",))
TRAININGS = Source("coordinators.trainings", lambda area, year: Training.objects.visible_to(area).in_year(year),
                   {"total": Count("pk")}, watch=("coordinators.Training",))
# the year's gold medals as the gold-medal page counts them (nominated and named)
MEDALS = Source("coordinators.gold_medals", lambda area, year: GoldMedal.objects.visible_to(area).for_year(year).standing(),
                {"total": Count("pk"), "province": Count("pk", filter=Q(level=GoldMedal.Level.PROVINCE)),
                 "city": Count("pk", filter=Q(level=GoldMedal.Level.CITY))}, watch=("coordinators.GoldMedal",))
QUOTAS = Source("coordinators.gold_quotas", lambda area, year: GoldMedalQuota.objects.visible_to(area)
                .filter(year=year), {"quota": Sum("quota")}, watch=("coordinators.GoldMedalQuota",))
register(
    Figure("coordinators.on_duty", "在岗协调员", "名", "协调员", value=ON_DUTY["total"], order=10,
           description="协调员台账中在岗的协调员（现状）"),
    Figure("coordinators.coverage", "协调员企业覆盖率", "%", "协调员", order=11,
           numerator=COVERED["covered"], denominator=ENTERPRISES["total"], target=100,
           target_note="推进劳动关系协调员队伍企业全覆盖",
           description="有在岗协调员服务的台账企业 ÷ 台账企业（现状）"),
    Figure("coordinators.training_counties", "开展协调员培训的县（市、区）占比", "%", "协调员", order=20,
           numerator=COUNTIES["held"], denominator=COUNTIES["counties"], target=100,
           target_levels=("province", "city", "county"), target_note="各县（市、区）每年至少组织一次培训",
           description="本年度举办过至少1次协调员培训的县（市、区） ÷ 全部县（市、区）"),
    Figure("coordinators.trainings", "协调员培训", "次", "协调员", value=TRAININGS["total"], order=21,
           description="本年度举办的协调员培训"),
    Figure("coordinators.gold_medals", "金牌协调员", "名", "金牌协调员", value=MEDALS["total"], order=10,
           target=GOLD_MEDAL_TARGET, target_note="每年省、市两级选树1000名以上",
           description="本年度省级命名和市级提名的金牌协调员"),
    Figure("coordinators.gold_medals_province", "省级选树金牌协调员", "名", "金牌协调员", value=MEDALS["province"],
           order=11, target=PROVINCE_GOLD_MEDALS, target_note="其中省级选树200名"),
    Figure("coordinators.gold_medals_city", "市级选树金牌协调员", "名", "金牌协调员", value=MEDALS["city"], order=12,
           level_targets={"province": QUOTAS["quota"], "city": QUOTAS["quota"]},
           target_note="不超过省下达的名额", description="目标为省下达各市（州）的名额"),
)
