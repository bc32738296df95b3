"""The dashboard's tables as Excel: the same rows the page shows, one sheet per chart."""

from apps.core import spreadsheets

from .board import TITLES_TARGET

CHARTS = {"targets": "指标与目标", "trend": "年度趋势", "areas": "分区对比"}


def _target(value):
    return value.target if value.target is not None else (value.figure.target_note or "")


def _rows_targets(board):
    for group, values in board.targets:
        for v in values:
            yield [group, v.figure.label, v.figure.unit, v.value, v.numerator, v.denominator, _target(v),
                   v.reached, {True: "已达到", False: "未达到"}.get(v.met, ""), v.figure.target_note,
                   v.figure.description]
    if not board.titles_installed:
        yield ["示范创建", "省级创建示范企业、示范工业园区", "家", None, None, None, TITLES_TARGET, None, "",
               TITLES_TARGET, "示范创建模块尚未启用，暂无数据"]


def workbook(board, chart):
    """(xlsx bytes, file name) of one chart of the board."""
    area, year, figure = board.area, board.year, board.figure
    place = area.full_name or area.name
    if chart == "targets":
        headers = ["分组", "指标", "单位", f"{year}年数值", "分子", "分母", "目标", "完成目标（%）", "是否达到",
                   "规划目标", "统计口径"]
        rows = list(_rows_targets(board))
        title = f"{place}{year}年创建目标完成情况"
    else:
        first, values, title = (("年度", board.trend, f"{place}{figure.label}年度趋势") if chart == "trend" else
                                (board.sub_level or "区划", board.areas, f"{place}{year}年{figure.label}分区对比"))
        ratio = figure.is_ratio  # a ratio shows its numerator and denominator
        headers = [first, f"{figure.label}（{figure.unit}）", *(["分子", "分母"] if ratio else []), "目标", "完成目标（%）"]
        rows = [[v.name, v.value, *([v.numerator, v.denominator] if ratio else []), v.target, v.reached]
                for v in values]
    content = spreadsheets.workbook_bytes([(CHARTS[chart], headers, rows)])
    return content, f"{title}.xlsx"
