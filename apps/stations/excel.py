"""Station ledger spreadsheets besides the import (apps.stations.importing) and the export
(apps.stations.exporting): the coverage workbook. HEADERS are the ledger's declared columns."""

from apps.core import spreadsheets, widgets
from apps.core.widgets import NO, YES

from .resources import StationResource

HEADERS = [c.header for c in widgets.columns(StationResource)]


def _summary(level, r):
    return [level, r.name, r.parks, r.parks_covered, r.townships, r.townships_covered, r.units, r.covered, r.ratio,
            r.stations]


def coverage_response(coverage, unit_rows):
    summary = [_summary(level, r) for level, rows in (("市（州）", coverage.by_city), ("县（市、区）", coverage.by_county))
               for r in rows]
    summary += [
        _summary("合计", coverage.total),
        [],
        [f"乡镇（街道）建站标准：台账企业职工 ≥ {coverage.threshold} 人；2023 年全省目标约 "
         f"{coverage.target_2023} 个站点，本区域 2023 年底前建成 {coverage.stations_by_2023} 个；"
         "2027 年底目标：每个工业园区和达标乡镇（街道）至少 1 个站点。"],
    ]
    detail = ([("工业园区" if u["unit_kind"] == "park" else "乡镇（街道）"), u["unit_name"], u["area_name"],
               u["unit_employees"], u["unit_stations"], YES if u["unit_stations"] else NO] for u in unit_rows)
    return spreadsheets.xlsx_response("服务站点覆盖情况.xlsx", [
        ("按区划汇总", ["层级", "区划", "工业园区", "已建站园区", "达标乡镇（街道）", "已建站乡镇（街道）", "应覆盖合计",
                   "已覆盖合计", "覆盖率（%）", "站点数"], summary),
        ("园区和乡镇明细", ["类型", "名称", "所在区划", "职工人数", "站点数", "是否已覆盖"], detail),
    ])
