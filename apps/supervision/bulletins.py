"""通报: rank the sub-areas of an area by the campaign's key figures (from the one figure registry).

The method, printed under every bulletin's table (`METHOD`):
- an area ranks on a figure only where it has a value; a ratio ranks only over a denominator of at least
  `MIN_DENOMINATOR` (a "100.0 %" over one or two units says nothing);
- an area with no value on any figure (all empty, zero, or ratios over too small a denominator) is not ranked:
  it is listed after every ranked area as 未报送/无数据;
- the overall rank orders the ranked areas by the average of their ranks on the figures they rank on.
"""

from django.utils import timezone

from apps.core.figures import children_of, get_figure, sub_area_figures

# the figures a bulletin ranks by, as the plan's targets name them; those not registered are skipped
KEY_FIGURES = ["enterprises.participating", "enterprises.qualified", "parks.participating",
               "parks.townships_participating", "stations.coverage", "coordinators.coverage",
               "coordinators.trainings", "coordinators.gold_medals", "enterprises.contacts", "evaluations.pass_rate"]
MIN_DENOMINATOR = 5
NO_DATA = "未报送/无数据"
METHOD = (f"排名方法：各项指标按数值由优到劣排名，数值相同者名次相同；比率指标的分母少于{MIN_DENOMINATOR}时不参与该项排名"
          f"（标注“基数不足”）；各项指标均无数据（为空、为0或基数不足）的地区不参与排名，列于排名地区之后，标注“{NO_DATA}”；"
          "综合排名按各地参与排名指标的平均名次由小到大排列。")


def _rankable(figure, fv):
    """The value this area ranks by on this figure, or None (no value, or a ratio over too few units)."""
    if fv.value is None:
        return None
    if figure.is_ratio and (fv.denominator or 0) < MIN_DENOMINATOR:
        return None
    return fv.value


def compute_rankings(region, year):
    children = children_of(region)
    figures = [get_figure(k) for k in KEY_FIGURES if get_figure(k) is not None]
    rows = {c.code: {"code": c.code, "name": c.name, "values": {}, "ranks": {}, "small": {}} for c in children}
    columns, rankable = [], {}
    for figure in figures:
        columns.append({"key": figure.key, "label": figure.label, "unit": figure.unit})
        for fv in sub_area_figures(region, year, figure.key, children=children):
            if fv.region is None:
                continue
            row = rows[fv.region.code]
            row["values"][figure.key] = fv.value
            row["small"][figure.key] = fv.value is not None and _rankable(figure, fv) is None
            rankable[(fv.region.code, figure.key)] = _rankable(figure, fv)
    # an area has data once one figure has a value it can rank by that is not zero
    with_data = {code for code in rows if any(rankable.get((code, f.key)) for f in figures)}
    for figure in figures:
        ranked = sorted(((code, rankable[(code, figure.key)]) for code in with_data
                         if rankable.get((code, figure.key)) is not None),
                        key=lambda item: -item[1] if figure.higher_is_better else item[1])
        rank, previous = 0, object()
        for position, (code, value) in enumerate(ranked, start=1):
            if value != previous:
                rank, previous = position, value
            rows[code]["ranks"][figure.key] = rank
    for code, row in rows.items():
        ranks = [r for r in row["ranks"].values() if r is not None]
        row["has_data"] = code in with_data
        row["average_rank"] = round(sum(ranks) / len(ranks), 1) if ranks and row["has_data"] else None
    ordered = sorted(rows.values(), key=lambda r: (not r["has_data"], r["average_rank"] or 0, r["code"]))
    position = 0
    for row in ordered:
        if row["has_data"]:
            position += 1
            row["overall"] = position
        else:
            row["overall"] = None
    return {"columns": columns, "rows": ordered, "computed_at": timezone.now().isoformat(), "year": year,
            "method": METHOD}
