"""通报: rank the sub-areas of an area by the campaign's key figures (from the one figure registry)."""

from django.utils import timezone

# the figures a bulletin ranks by, as the plan's targets name them; those not registered are skipped
KEY_FIGURES = ["enterprises.participating", "enterprises.qualified", "parks.participating",
               "parks.townships_participating", "stations.coverage", "coordinators.coverage",
               "coordinators.trainings", "coordinators.gold_medals", "enterprises.contacts", "evaluations.pass_rate"]


def compute_rankings(region, year):
    from apps.dashboards.figures import children_of, get_figure, sub_area_figures

    children = children_of(region)
    figures = [get_figure(k) for k in KEY_FIGURES if get_figure(k) is not None]
    rows = {c.code: {"code": c.code, "name": c.name, "values": {}, "ranks": {}} for c in children}
    columns = []
    for figure in figures:
        values = sub_area_figures(region, year, figure.key, children=children)
        columns.append({"key": figure.key, "label": figure.label, "unit": figure.unit})
        ranked = sorted((fv for fv in values if fv.region is not None),
                        key=lambda fv: (fv.value is None, -(fv.value or 0) if figure.higher_is_better else (fv.value or 0)))
        rank, previous = 0, object()
        for position, fv in enumerate(ranked, start=1):
            if fv.value != previous:
                rank, previous = position, fv.value
            rows[fv.region.code]["values"][figure.key] = fv.value
            rows[fv.region.code]["ranks"][figure.key] = rank if fv.value is not None else None
    for row in rows.values():
        ranks = [r for r in row["ranks"].values() if r is not None]
        row["average_rank"] = round(sum(ranks) / len(ranks), 1) if ranks else None
    ordered = sorted(rows.values(), key=lambda r: (r["average_rank"] is None, r["average_rank"] or 0, r["code"]))
    for position, row in enumerate(ordered, start=1):
        row["overall"] = position
    return {"columns": columns, "rows": ordered, "computed_at": timezone.now().isoformat(), "year": year}
