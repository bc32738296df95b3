"""数量、结构、分布 of coordinators: every figure is one aggregate query in the database. The risk board
(apps/risks/stats.py) reuses the per-area helpers (`child_code`, `drill_chain`; `children_of` is the figure registry's)."""


from django.db.models import CharField, Count, Exists, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from apps.core import versions
from apps.core.aggregation import per_child
from apps.core.figures import children_of
from apps.enterprises.models import Enterprise
from apps.parks.models import Park
from apps.regions.models import Region

from .models import AGE_BANDS, Coordinator, Education, EnterpriseCoverage, SkillLevel, WorkplaceType

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


def age_band_filters(today):
    """Q per age band on birth_date (age on `today`), so every band is a FILTER in one aggregate."""
    bands = {}
    for key, _label, lower, upper in AGE_BANDS:
        q = Q(birth_date__lte=years_before(today, lower))
        if upper < 200:
            q &= Q(birth_date__gt=years_before(today, upper))
        bands[key] = q
    return bands


STRUCTURE_CACHE_SECONDS = 300
# the models `structure()` counts: a new version of any of them (apps.core.versions) is a new cache key
STRUCTURE_MODELS = ("coordinators.Coordinator", "coordinators.EnterpriseCoverage", "enterprises.Enterprise")


def cached_structure(user, region):
    """`structure()` cached per version of the models it counts, area and day: any change to the ledger, the
    service links or the enterprises makes a new version (coverage.bump); the 5-minute lifetime bounds what
    bulk loads that send no signals could leave stale. Returns (figures, computed_at)."""
    from django.core.cache import cache

    scope = "*" if user.is_superuser else (user.scope_path or f"user-{user.pk}")
    today = timezone.localdate()
    key = f"coordinators:structure:{versions.current().of_models(STRUCTURE_MODELS)}:{scope}:{region.path}:{today:%Y%m%d}"
    hit = cache.get(key)
    if hit is None:
        hit = (structure(user, region, today), timezone.now())
        cache.set(key, hit, STRUCTURE_CACHE_SECONDS)
    return hit


def structure(user, region, today=None):
    """Counts by workplace type, skill level, age band, education and child region, plus coverage.

    Three statements in all: coordinators per child region with every breakdown as a FILTER count,
    enterprises per child region, covered enterprises per child region.
    """
    today = today or timezone.localdate()
    on = Q(status=Coordinator.Status.ON_DUTY)
    breakdowns = {
        "workplace": ("工作单位类型", "workplace_type", WorkplaceType.choices),
        "skill": ("职业技能等级", "skill_level", SkillLevel.choices),
        "education": ("学历", "education", Education.choices),
    }
    aggregates = {"total": Count("id"), "on_duty": Count("id", filter=on),
                  "skilled": Count("id", filter=on & ~Q(skill_level=""))}
    for key, (_title, field, choices) in breakdowns.items():
        for index, (value, _label) in enumerate(choices):
            aggregates[f"{key}_{index}"] = Count("id", filter=on & Q(**{field: value}))
    for key, q in age_band_filters(today).items():
        aggregates[f"age_{key}"] = Count("id", filter=on & q)
    base = Coordinator.objects.visible_to(user).inside(region.path)
    people = per_child(base, Coordinator.scope_region_path, region.path, aggregates)
    firms = per_child(Enterprise.objects.visible_to(user).inside(region.path), Enterprise.scope_region_path,
                      region.path, {"enterprises": Count("pk")})
    covered = per_child(EnterpriseCoverage.objects.visible_to(user).inside(region.path),
                        EnterpriseCoverage.scope_region_path, region.path, {"covered": Count("pk")})

    def total(name):
        return sum(row.get(name, 0) for row in people.values())

    dims = {key: (title, [(label, total(f"{key}_{index}")) for index, (_v, label) in enumerate(choices)])
            for key, (title, _field, choices) in breakdowns.items()}
    dims["age"] = ("年龄段", [(label, total(f"age_{key}")) for key, label, _lo, _up in AGE_BANDS])
    dims = {k: dims[k] for k in ("workplace", "skill", "age", "education")}
    areas = []
    for key, name in [(r.code, r.name) for r in children_of(region)] + [("", DIRECT)]:
        p, f, c = people.get(key, {}), firms.get(key, {}), covered.get(key, {})
        if key == "" and not p and not f:
            continue
        row = {"code": key, "name": name, "total": p.get("total", 0), "on_duty": p.get("on_duty", 0),
               "skilled": p.get("skilled", 0), "enterprises": f.get("enterprises", 0), "covered": c.get("covered", 0)}
        row["coverage"] = _rate(row["covered"], row["enterprises"])
        areas.append(row)
    dims["region"] = ("区域分布", [(row["name"], row["on_duty"]) for row in areas])
    n_firms, n_covered = sum(a["enterprises"] for a in areas), sum(a["covered"] for a in areas)
    totals = {"total": total("total"), "on_duty": total("on_duty"), "skilled": total("skilled"),
              "enterprises": n_firms, "covered": n_covered, "coverage": _rate(n_covered, n_firms)}
    return {"totals": totals, "dims": dims, "areas": areas}


def _rate(part, whole):
    return round(part * 100.0 / whole, 1) if whole else None


def drill_chain(user, region):
    """Breadcrumb of regions from the user's own area down to `region`."""
    codes = region.path.strip("/").split("/")
    scope = user.scope_path or ""
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return [regions[c] for c in codes if regions[c].path.startswith(scope)]


# ------------------------------------------------------------------------------------------ yearly check


def training_gaps(user, year, threshold):
    """Counties, and townships and parks with at least `threshold` enterprises, without a training in `year`."""
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

