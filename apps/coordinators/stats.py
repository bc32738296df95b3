"""数量、结构、分布 of coordinators and the risk board: every figure is one aggregate query in the database."""

import datetime

from django.db.models import Case, CharField, Count, Exists, Func, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils import timezone

from apps.enterprises.models import Enterprise
from apps.regions.models import Region

from .models import AGE_BANDS, Coordinator, Education, RiskReport, SkillLevel, WorkplaceType

DIRECT = "（本级直属）"


def child_code(path_lookup, parent_path):
    """The code of the child region of `parent_path` that a row lies in ('' for rows at the parent itself)."""
    return Func(Substr(path_lookup, len(parent_path) + 1), Value("/"), Value(1), function="split_part",
                output_field=CharField())


def years_before(today, years):
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def age_band_expr(today):
    whens = [When(birth_date__gt=years_before(today, upper), then=Value(key))
             for key, _label, _lower, upper in AGE_BANDS[:-1]]
    return Case(*whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())


def children_of(region):
    return list(Region.objects.filter(parent=region).order_by("code").only("code", "name", "level"))


def _counted(rows, key, choices):
    counts = {row[key]: row["n"] for row in rows}
    return [(label, counts.get(value, 0)) for value, label in choices]


def structure(user, region, today=None):
    """Counts by workplace type, skill level, age band, education and child region, plus coverage."""
    today = today or timezone.localdate()
    base = Coordinator.objects.visible_to(user).inside(region.path)
    totals = base.aggregate(total=Count("id"), on_duty=Count("id", filter=Q(status=Coordinator.Status.ON_DUTY)),
                            skilled=Count("id", filter=~Q(skill_level="")))
    on_duty = base.on_duty()
    dims = {
        "workplace": ("工作单位类型", _counted(on_duty.values("workplace_type").annotate(n=Count("id")).order_by(),
                                         "workplace_type", WorkplaceType.choices)),
        "skill": ("职业技能等级", _counted(on_duty.values("skill_level").annotate(n=Count("id")).order_by(),
                                     "skill_level", SkillLevel.choices)),
        "age": ("年龄段", _counted(on_duty.annotate(band=age_band_expr(today)).values("band")
                                 .annotate(n=Count("id")).order_by(), "band",
                                 [(key, label) for key, label, _lo, _up in AGE_BANDS])),
        "education": ("学历", _counted(on_duty.values("education").annotate(n=Count("id")).order_by(),
                                     "education", Education.choices)),
    }
    areas = area_rows(user, region, base)
    dims["region"] = ("区域分布", [(row["name"], row["on_duty"]) for row in areas])
    covered = sum(row["covered"] for row in areas)
    enterprises = sum(row["enterprises"] for row in areas)
    return {"totals": {**totals, "enterprises": enterprises, "covered": covered,
                       "coverage": _rate(covered, enterprises)},
            "dims": dims, "areas": areas}


def _rate(part, whole):
    return round(part * 100.0 / whole, 1) if whole else None


def area_rows(user, region, base):
    child = child_code("region__path", region.path)
    people = {row["child"]: row for row in base.annotate(child=child).values("child").annotate(
        total=Count("id"), on_duty=Count("id", filter=Q(status=Coordinator.Status.ON_DUTY)),
        skilled=Count("id", filter=Q(status=Coordinator.Status.ON_DUTY) & ~Q(skill_level=""))).order_by()}
    served = Coordinator.enterprises.through.objects.filter(
        enterprise_id=OuterRef("pk"), coordinator__status=Coordinator.Status.ON_DUTY)
    firms = {row["child"]: row for row in Enterprise.objects.visible_to(user).inside(region.path).annotate(
        child=child).values("child").annotate(enterprises=Count("id"), covered=Count("id", filter=Exists(served)))
        .order_by()}
    rows = []
    for key, name, code in [(r.code, r.name, r.code) for r in children_of(region)] + [("", DIRECT, "")]:
        p, f = people.get(key, {}), firms.get(key, {})
        if key == "" and not p and not f:
            continue
        row = {"code": code, "name": name, "total": p.get("total", 0), "on_duty": p.get("on_duty", 0),
               "skilled": p.get("skilled", 0), "enterprises": f.get("enterprises", 0), "covered": f.get("covered", 0)}
        row["coverage"] = _rate(row["covered"], row["enterprises"])
        rows.append(row)
    return rows


def drill_chain(user, region):
    """Breadcrumb of regions from the user's own area down to `region`."""
    codes = region.path.strip("/").split("/")
    scope = user.scope_path or ""
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [regions[c] for c in codes if regions[c].path.startswith(scope)]


# -------------------------------------------------------------------------------------------- risk board


def risk_board(user, region, today=None, months=12):
    today = today or timezone.localdate()
    base = RiskReport.objects.visible_to(user).inside(region.path)
    open_ = base.open()
    totals = open_.aggregate(open=Count("id"), major=Count("id", filter=Q(severity=RiskReport.Severity.MAJOR)),
                             overdue=Count("id", filter=Q(due_date__lt=today)), people=Sum("people_affected"),
                             amount=Sum("amount"))
    child = child_code("region__path", region.path)
    by_area = {row["child"]: row for row in open_.annotate(child=child).values("child").annotate(
        n=Count("id"), major=Count("id", filter=Q(severity=RiskReport.Severity.MAJOR)),
        overdue=Count("id", filter=Q(due_date__lt=today)), people=Sum("people_affected")).order_by()}
    areas = []
    for key, name in [(r.code, r.name) for r in children_of(region)] + [("", DIRECT)]:
        row = by_area.get(key)
        if key == "" and not row:
            continue
        row = row or {}
        areas.append({"code": key, "name": name, "n": row.get("n", 0), "major": row.get("major", 0),
                      "overdue": row.get("overdue", 0), "people": row.get("people") or 0})
    by_category = _counted(open_.values("category").annotate(n=Count("id")).order_by(), "category",
                           RiskReport.Category.choices)
    index = today.year * 12 + today.month - 1 - (months - 1)
    start = datetime.date(index // 12, index % 12 + 1, 1)
    monthly = {(row["month"].year, row["month"].month): row for row in base.filter(
        reported_at__date__gte=start).annotate(month=TruncMonth("reported_at")).values("month").annotate(
        reported=Count("id"), major=Count("id", filter=Q(severity=RiskReport.Severity.MAJOR)),
        resolved=Count("id", filter=Q(status=RiskReport.Status.RESOLVED))).order_by()}
    trend = []
    cursor = start
    for _ in range(months):
        row = monthly.get((cursor.year, cursor.month), {})
        trend.append({"month": f"{cursor.year}-{cursor.month:02d}", "reported": row.get("reported", 0),
                      "major": row.get("major", 0), "resolved": row.get("resolved", 0)})
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    return {"totals": totals, "areas": areas, "categories": by_category, "trend": trend,
            "period": f"{trend[0]['month']} 至 {trend[-1]['month']}"}


# ------------------------------------------------------------------------------------------ yearly check


def training_gaps(user, year, threshold):
    """Counties, and townships and parks with at least `threshold` enterprises, without a training in `year`."""
    from apps.regions.models import Park

    from .models import Training

    trainings = Training.objects.in_year(year)
    counties = (Region.objects.visible_to(user).counties()
                .annotate(held=Exists(trainings.filter(region__path__startswith=OuterRef("path"))))
                .filter(held=False).order_by("code"))
    firm_counts = (Enterprise.objects.filter(region_id=OuterRef("pk")).order_by().values("region_id")
                   .annotate(n=Count("id")).values("n"))
    townships = (Region.objects.visible_to(user).townships()
                 .annotate(firms=Coalesce0(firm_counts))
                 .filter(firms__gte=threshold)
                 .annotate(held=Exists(trainings.filter(region_id=OuterRef("pk"))))
                 .filter(held=False).select_related("parent").order_by("code"))
    park_counts = (Enterprise.objects.filter(park_id=OuterRef("pk")).order_by().values("park_id")
                   .annotate(n=Count("id")).values("n"))
    parks = (Park.objects.visible_to(user)
             .annotate(firms=Coalesce0(park_counts)).filter(firms__gte=threshold)
             .annotate(held=Exists(trainings.filter(park_id=OuterRef("pk"))))
             .filter(held=False).select_related("region").order_by("region__code", "name"))
    return {"counties": list(counties), "townships": list(townships), "parks": list(parks)}


def Coalesce0(subquery):  # noqa: N802 - reads like the SQL function it wraps
    return Coalesce(Subquery(subquery, output_field=IntegerField()), Value(0))

