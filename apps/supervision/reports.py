"""年度总结评估报告: drafting every area's report from the ledgers, and the completeness view.

The figures come from the one figure registry (apps/core/figures.py), so a report states exactly what the
dashboards and list pages count for its area. Drafting is idempotent: one report per area, kind and year (a
unique constraint); a second run finds them all and drafts nothing.
"""

import datetime

from django.apps import apps
from django.db import transaction
from django.db.models import Count, DateField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from apps.core.figures import Computation, all_figures, area_figures, state_day, sub_area_figures
from apps.regions.models import Region

from .models import AnnualReport

K = AnnualReport.Kind
# the plan's 四、实施步骤 5, 7, 8: annual reports by the end of November; the mid-term evaluation by end-2025,
# the final one by end-2027, each over the whole campaign from 2023
CAMPAIGN_START = datetime.date(2023, 1, 1)
PERIOD_YEARS = {K.MIDTERM: 2025, K.FINAL: 2027}


def period_of(kind, year):
    """(first day, last day, due date) of a report."""
    if kind == K.ANNUAL:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), datetime.date(year, 11, 30)
    end = datetime.date(PERIOD_YEARS[kind], 12, 31)
    return CAMPAIGN_START, end, end


def year_end(year):
    return datetime.date(year, 12, 31)


class TooEarly(ValueError):
    """A report of a year that has not begun cannot be drafted."""


def refuse_before_its_year(kind, year, today=None):
    today = today or timezone.localdate()
    if year > today.year:
        raise TooEarly(f"{year}年{K(kind).label}须在{year}年开始后起草和报送，现在是{today.year}年。")


def default_due(kind, year, today=None):
    """The plan's due date, or None when it has passed already (a late-drafted report: the province sets one)."""
    today = today or timezone.localdate()
    due = period_of(kind, year)[2]
    return due if due >= today else None


def years_of(kind, year):
    start, end, _ = period_of(kind, year)
    return list(range(start.year, end.year + 1))


def honours_installed():
    """Titles, re-reviews and revocations are counted only where the honours app is part of the portal."""
    return apps.is_installed("apps.honours")


def figure_keys():
    return [f.key for f in all_figures()]


def _row(fv):
    f = fv.figure
    return {"key": f.key, "label": f.label, "unit": f.unit, "group": f.group, "value": fv.value,
            "target": fv.target, "numerator": fv.numerator, "denominator": fv.denominator,
            "higher_is_better": f.higher_is_better}


def _merge(rows_by_year):
    """{year: [row]} → [{key, label, unit, group, values: {year: value}, targets: {year: target}, …}]."""
    merged = {}
    for year, rows in rows_by_year.items():
        for row in rows:
            entry = merged.setdefault(row["key"], {k: row[k] for k in ("key", "label", "unit", "group",
                                                                        "higher_is_better")}
                                      | {"values": {}, "targets": {}, "numerators": {}, "denominators": {}})
            entry["values"][str(year)] = row["value"]
            entry["targets"][str(year)] = row["target"]
            entry["numerators"][str(year)] = row["numerator"]
            entry["denominators"][str(year)] = row["denominator"]
    return list(merged.values())


def compute_figures(regions, years, progress=None):
    """{region id: figures} for these regions: each region's figures are computed with its siblings, one
    statement per source and parent (apps.core.aggregation.per_child), not one per region. Each year's figures
    are that year's: a state (coordinators on duty, open risks, the ledger) as it was on its 31 December, or
    today for the current year; a state the portal cannot tell for a past day is left empty (—)."""
    keys = figure_keys()
    by_parent = {}
    for region in regions:
        by_parent.setdefault(region.parent_id, []).append(region)
    parents = {r.pk: r for r in Region.objects.filter(pk__in=[p for p in by_parent if p])}
    rows = {region.pk: {} for region in regions}
    done = 0
    for parent_id, children in by_parent.items():
        for year in years:
            if parent_id is None:  # the province itself
                for child in children:
                    rows[child.pk][year] = [_row(fv) for fv in area_figures(child, year, cutoff=year_end(year))]
                continue
            parent = parents[parent_id]
            computation = Computation(parent, year, day=state_day(year, year_end(year)))
            per_key = {key: sub_area_figures(parent, year, key, children=children, computation=computation)
                       for key in keys}
            for index, child in enumerate(children):
                rows[child.pk][year] = [_row(per_key[key][index]) for key in keys if per_key[key]]
        done += len(children)
        if progress:
            progress(done)
    computed_at = timezone.now().isoformat()
    return {pk: {"years": list(years), "rows": _merge(by_year), "computed_at": computed_at,
                 "honours": honours_installed()} for pk, by_year in rows.items()}


def regions_reporting(kind):
    """Every area reports once a year (province, 17 city-level units, counties, townships); the mid-term and
    final evaluations are written down to the counties."""
    levels = [Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY]
    if kind == K.ANNUAL:
        levels.append(Region.Level.TOWNSHIP)
    return Region.objects.filter(level__in=levels).order_by("path")


def draft_reports(kind, year, progress=None, regions=None, due_on=None):
    """Draft the missing reports of `kind` and `year` (of every reporting area, or of `regions`), figures
    included; due on `due_on` where the province sets it (a report drafted after the plan's date), else the
    plan's date. Returns how many were drafted; a year not yet begun is refused (TooEarly)."""
    refuse_before_its_year(kind, year)
    start, end, due = period_of(kind, year)
    due = due_on or due
    existing = set(AnnualReport.objects.filter(kind=kind, year=year).values_list("region_id", flat=True))
    missing = [r for r in (regions if regions is not None else regions_reporting(kind)) if r.pk not in existing]
    if not missing:
        return 0
    figures = compute_figures(missing, years_of(kind, year), progress=progress)
    now = timezone.now()
    reports = [AnnualReport(region=r, kind=kind, year=year, period_start=start, period_end=end, due_on=due,
                            figures=figures[r.pk], figures_computed_at=now, drafted_at=now) for r in missing]
    with transaction.atomic():
        # a concurrent run may have drafted some meanwhile: keep only those still missing, under a lock
        AnnualReport.objects.select_for_update().filter(kind=kind, year=year).exists()
        taken = set(AnnualReport.objects.filter(kind=kind, year=year).values_list("region_id", flat=True))
        reports = [r for r in reports if r.region_id not in taken]
        bulk_create_with_history(reports, AnnualReport, batch_size=500,
                                 default_change_reason="系统根据台账数据起草")
    return len(reports)


def refresh_figures(report):
    """Recompute a report's figures from today's ledgers (while it is still being drafted, and on submission)."""
    figures = compute_figures([report.region], years_of(report.kind, report.year))[report.region_id]
    report.figures = figures
    report.figures_computed_at = timezone.now()
    return report


# --------------------------------------------------------------------------- completeness and timeliness


def completeness(user, kind, year, area=None, today=None):
    """Who submitted, who is late and by how many days: per level inside the user's area (or `area`), and
    per child area of it."""
    today = today or timezone.localdate()
    reports = AnnualReport.objects.visible_to(user).filter(kind=kind, year=year)
    if area is not None:
        reports = reports.filter(region__path__startswith=area.path)
    S = AnnualReport.Status
    submitted = Q(status__in=[S.SUBMITTED, S.ACCEPTED]) | Q(submitted_on__isnull=False)
    late = Q(submitted_on__isnull=True, due_on__lt=today) | Q(submitted_on__gt=F("due_on"))
    by_level = {row["region__level"]: row for row in reports.values("region__level").annotate(
        total=Count("pk"), submitted=Count("pk", filter=submitted), accepted=Count("pk", filter=Q(status=S.ACCEPTED)),
        returned=Count("pk", filter=Q(status=S.RETURNED)), late=Count("pk", filter=late)).order_by()}
    levels = [(value, label, by_level.get(value, {})) for value, label in Region.Level.choices if value in by_level]
    return levels


def late_reports(user, kind, year, today=None, area=None, limit=None):
    """The reports late today (not submitted after the due date) or submitted late, most days late first."""
    today = today or timezone.localdate()
    rows = (AnnualReport.objects.visible_to(user).filter(kind=kind, year=year).late_on(today)
            .select_related("region").defer("figures")
            .annotate(late_end=Coalesce("submitted_on", Value(today, output_field=DateField())))
            .order_by((F("late_end") - F("due_on")).desc(), "region__code"))
    if area is not None:
        rows = rows.filter(region__path__startswith=area.path)
    return rows[:limit] if limit else rows
