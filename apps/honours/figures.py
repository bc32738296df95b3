"""Figures of the demonstration selection (统计指标; see apps/core/figures.py): the plan's headline target
— about 100 示范企业 and 10 示范工业园区 named every two years — and the titles held and revoked."""

from django.db.models import Count, Q

from apps.core.figures import Figure, Source, register

from .models import DemonstrationTitle

WATCH = ("honours.DemonstrationTitle",)
ENTERPRISE, PARK = "enterprise", "park"

# titles conferred in the biennial cycle ending with the year (the year and the one before), whatever became
# of them since: what the naming of that cycle achieved against its 100 / 10 places
NAMED = Source("honours.named", lambda area, year: DemonstrationTitle.objects.visible_to(area)
               .filter(valid_from__year__in=(year - 1, year)),
               {"enterprises": Count("pk", filter=Q(kind=ENTERPRISE)), "parks": Count("pk", filter=Q(kind=PARK))},
               watch=WATCH)
# titles today: held (valid, or under re-review) and revoked
STANDING = Source("honours.standing", lambda area, year: DemonstrationTitle.objects.visible_to(area),
                  {"held": Count("pk", filter=Q(status__in=DemonstrationTitle.HELD)),
                   "revoked": Count("pk", filter=Q(status=DemonstrationTitle.Status.REVOKED))},
                  yearly=False, watch=WATCH)

register(
    Figure("honours.named_enterprises", "两年内命名示范企业", "家", "示范创建", value=NAMED["enterprises"],
           target=100, target_note="每两年命名省级和谐劳动关系创建示范企业100家左右", order=10,
           description="本年度和上一年度命名的示范企业（含其后撤销的）"),
    Figure("honours.named_parks", "两年内命名示范工业园区", "个", "示范创建", value=NAMED["parks"], target=10,
           target_note="每两年命名示范工业园区10家左右", order=11,
           description="本年度和上一年度命名的示范工业园区（含其后撤销的）"),
    Figure("honours.held", "有效示范称号", "个", "示范创建", value=STANDING["held"], order=12,
           description="现有有效（含复核中）的示范企业和示范工业园区称号"),
    Figure("honours.revoked", "已撤销示范称号", "个", "示范创建", value=STANDING["revoked"], order=13,
           higher_is_better=False, description="复核未通过或因一票否决、重大风险事件撤销的称号（累计）"),
)
