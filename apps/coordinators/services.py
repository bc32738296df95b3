"""Domain operations: gold-medal quotas, nominations and publication. (Every state change of a coordinator's
confirmation and an award's outcome is a step of apps/coordinators/workflow.py; risk reports are apps.risks'.)"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from apps.core.policy import users_with
from apps.core.workflow import WorkflowError
from apps.documents.services import notify
from apps.regions.models import Region

from .models import (
    GOLD_MEDAL_TARGET,
    PROVINCE_GOLD_MEDALS,
    Coordinator,
    GoldMedal,
    GoldMedalQuota,
)


def offices_users(regions):
    """Active staff of every member office of these regions (the 三方办 of that level)."""
    return list(users_with(None, at=list(regions)))


# ---------------------------------------------------------------------------------------------- gold medals


@dataclass
class QuotaStatus:
    quota: int
    used: int

    @property
    def left(self):
        return max(self.quota - self.used, 0)


def nominating_level(user):
    region = user.region
    if region is None:
        return None
    if region.level == Region.Level.PROVINCE:
        return GoldMedal.Level.PROVINCE
    if region.level == Region.Level.CITY:
        return GoldMedal.Level.CITY
    return None


def quota_status(year, region):
    if region.level == Region.Level.PROVINCE:
        used = GoldMedal.objects.standing().filter(year=year, level=GoldMedal.Level.PROVINCE).count()
        return QuotaStatus(PROVINCE_GOLD_MEDALS, used)
    row = GoldMedalQuota.objects.filter(year=year, city=region).first()
    used = GoldMedal.objects.standing().filter(year=year, level=GoldMedal.Level.CITY, nominated_by=region).count()
    return QuotaStatus(row.quota if row else 0, used)


def nominate_gold_medal(coordinator, user, year, citation=""):
    """A city nominates within its quota; the province names up to 200. Nothing is written on refusal."""
    if not user.has_perm("coordinators.nominate_goldmedal"):
        raise WorkflowError("您没有提名金牌劳动关系协调员的权限。")
    level = nominating_level(user)
    if level is None:
        raise WorkflowError("金牌劳动关系协调员由市（州）在名额内提名、省级命名，县级单位不能直接提名。")
    if not Coordinator.objects.visible_to(user).filter(pk=coordinator.pk).exists():
        raise WorkflowError("该协调员不在您的管辖区域内。")
    if coordinator.status != Coordinator.Status.ON_DUTY:
        raise WorkflowError("离岗的协调员不能被提名。")
    if coordinator.confirmation != Coordinator.Confirmation.CONFIRMED:
        raise WorkflowError(f"{coordinator.name}的台账登记尚未经审核确认（{coordinator.get_confirmation_display()}），"
                            "确认后才能提名。")
    region = user.region
    with transaction.atomic():
        if level == GoldMedal.Level.CITY:
            quota_row = GoldMedalQuota.objects.select_for_update().filter(year=year, city=region).first()
            if quota_row is None:
                raise WorkflowError(f"省级尚未下达{region.name}{year}年度的金牌协调员名额，暂不能提名。")
            quota = quota_row.quota
        else:
            # serialise the province's own nominations on the province row
            Region.objects.select_for_update().filter(pk=region.pk).first()
            quota = PROVINCE_GOLD_MEDALS
        if GoldMedal.objects.for_year(year).published().exists():
            raise WorkflowError(f"{year}年度名单已公布，不能再提名。")
        used = GoldMedal.objects.standing().filter(year=year, level=level, nominated_by=region).count()
        if used >= quota:
            who = "省级" if level == GoldMedal.Level.PROVINCE else region.name
            raise WorkflowError(f"{who}{year}年度金牌协调员名额为{quota}名，已提名{used}名，名额已满，不能再提名。")
        existing = GoldMedal.objects.filter(year=year, coordinator=coordinator).select_related("nominated_by").first()
        if existing is not None:
            raise WorkflowError(f"{coordinator.name}已由{existing.nominated_by.name}提名为{year}年度金牌协调员，不能重复提名。")
        medal = GoldMedal(year=year, coordinator=coordinator, level=level, nominated_by=region, citation=citation,
                          created_by=user)
        medal._change_reason = "提名"
        medal.save()
    return medal


def withdraw_gold_medal(medal, user):
    if medal.status == GoldMedal.State.PUBLISHED:
        raise WorkflowError("名单已公布，不能撤回。")
    if medal.nominated_by_id != (user.region.pk if user.region else None):
        raise WorkflowError("只能撤回本级提名。")
    medal.delete()


def year_progress(year, user=None):
    """A year's nominations against the target. Pages pass `user`: only the medals and quotas inside that
    user's area are counted (a province account sees the whole province); the publishing check counts all."""
    medals, quota_rows = GoldMedal.objects.for_year(year).standing(), GoldMedalQuota.objects.filter(year=year)
    quota_of = None
    if user is not None:
        medals = medals.visible_to(user)
        region = getattr(user, "region", None)
        if region is not None and region.level in (Region.Level.COUNTY, Region.Level.TOWNSHIP):
            # quotas are handed to cities: below a city, show the quota of the city the area belongs to
            city_path = "/".join(region.path.split("/")[:2]) + "/"
            quota_rows = quota_rows.filter(city__path=city_path)
            quota_of = Region.objects.filter(path=city_path).values_list("name", flat=True).first()
        else:
            quota_rows = quota_rows.visible_to(user)
    counts = medals.aggregate(total=Count("id"), province=Count("id", filter=Q(level=GoldMedal.Level.PROVINCE)))
    total, province = counts["total"], counts["province"]
    quotas = quota_rows.aggregate(n=Sum("quota"))["n"] or 0
    return {"total": total, "province": province, "city": total - province, "city_quota": quotas,
            "quota_of": quota_of, "target": GOLD_MEDAL_TARGET, "gap": max(0, GOLD_MEDAL_TARGET - total),
            "province_quota": PROVINCE_GOLD_MEDALS, "planned": quotas + PROVINCE_GOLD_MEDALS,
            "returned": GoldMedal.objects.for_year(year).filter(status=GoldMedal.State.RETURNED).count(),
            "published": GoldMedal.objects.for_year(year).published().exists()}


def publish_gold_medals(year, user):
    """The province publishes the named list: the publication workflow's "publish" step, taken set-wise over
    the year's nominations (one check of role and level, every row locked, certificates numbered in order,
    one history row each)."""
    from .workflow import GoldMedalPublication

    step = GoldMedalPublication.transition("publish")
    if not GoldMedalPublication.takes(user, step):
        raise WorkflowError("只有省级三方办可以公布金牌协调员名单。")
    with transaction.atomic():
        # the plan's ≥1,000 a year is a target, not a gate: the list goes out, and the pages show the gap
        start = GoldMedal.objects.for_year(year).published().count()
        pending = (GoldMedal.objects.filter(year=year, status__in=step.sources)
                   .order_by("nominated_by__code", "coordinator__name"))
        if not pending.exists():
            raise WorkflowError(f"{year}年度没有待公布的提名。")
        now = timezone.now()
        rows = GoldMedalPublication.perform_all(
            pending, "publish", user, fields=("published_at", "certificate_no"),
            ctx_of=lambda i, medal: {"certificate_no": f"鄂金协{year}第{start + i + 1:04d}号", "when": now})
        cities = Region.objects.filter(pk__in={m.nominated_by_id for m in rows}, level=Region.Level.CITY)
        recipients = list(users_with("coordinators.view_goldmedal", at=list(cities)))
        if recipients:
            notify(recipients, f"{year}年度金牌劳动关系协调员名单已公布",
                   body=f"全省共{len(rows)}名，证书编号已编排，可在名单中为本地协调员生成证书。",
                   url=reverse("coordinators:goldmedal_list") + f"?year={year}")
    return len(rows)


def save_quotas(year, quotas, user):
    """Province sets each city's quota; city quotas plus the province's 200 must reach 1,000."""
    from apps.core.policy import policy_for

    if not policy_for(GoldMedal).can(user, "manage"):
        raise WorkflowError("只有省级三方办可以设定名额。")
    total = sum(quotas.values())
    if total + PROVINCE_GOLD_MEDALS < GOLD_MEDAL_TARGET:
        raise WorkflowError(f"各市（州）名额合计{total}名，加上省级{PROVINCE_GOLD_MEDALS}名共"
                            f"{total + PROVINCE_GOLD_MEDALS}名，应不少于{GOLD_MEDAL_TARGET}名。")
    with transaction.atomic():
        for city, quota in quotas.items():
            used = GoldMedal.objects.standing().filter(year=year, level=GoldMedal.Level.CITY, nominated_by=city).count()
            if quota < used:
                raise WorkflowError(f"{city.name}已提名{used}名，名额不能少于已提名人数。")
            row, created = GoldMedalQuota.objects.get_or_create(year=year, city=city, defaults={"quota": quota})
            if not created and row.quota != quota:
                row.quota = quota
                row._change_reason = "调整名额"
                row.save()
            elif not created:
                continue
            leaders = list(users_with("coordinators.nominate_goldmedal", at=city, superusers=True))
            if leaders:
                notify(leaders, f"{year}年度金牌协调员名额：{quota}名",
                       body=f"省级下达{city.name}{year}年度金牌劳动关系协调员提名名额{quota}名，请在名额内提名。",
                       url=reverse("coordinators:goldmedal_list") + f"?year={year}")
    return total


def certificate_context(medal):
    from apps.documents.official import chinese_date

    coordinator = medal.coordinator
    return {"name": coordinator.name, "year": medal.year, "workplace": coordinator.workplace_name,
            "region": coordinator.region.full_name, "certificate_no": medal.certificate_no,
            "date_text": chinese_date(medal.published_at.date() if medal.published_at else timezone.localdate()),
            "issuer": "湖北省协调劳动关系三方委员会"}
