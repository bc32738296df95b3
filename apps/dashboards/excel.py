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


def _rows_series(values):
    for v in values:
        yield [v.name, v.value, v.numerator, v.denominator, v.target, v.reached]


def workbook(board, chart):
    """(xlsx bytes, file name) of one chart of the board."""
    area, year, figure = board.area, board.year, board.figure
    ratio = ["分子", "分母"] if figure.is_ratio else ["", ""]
    if chart == "targets":
        headers = ["分组", "指标", "单位", f"{year}年数值", "分子", "分母", "目标", "完成目标（%）", "是否达到",
                   "规划目标", "统计口径"]
        rows = list(_rows_targets(board))
        title = f"{area.full_name or area.name}{year}年创建目标完成情况"
    elif chart == "trend":
        headers = ["年度", f"{figure.label}（{figure.unit}）", *ratio, "目标", "完成目标（%）"]
        rows = list(_rows_series(board.trend))
        title = f"{area.full_name or area.name}{figure.label}年度趋势"
    else:
        headers = [board.sub_level or "区划", f"{figure.label}（{figure.unit}）", *ratio, "目标", "完成目标（%）"]
        rows = list(_rows_series(board.areas))
        title = f"{area.full_name or area.name}{year}年{figure.label}分区对比"
    if not figure.is_ratio and chart != "targets":
        headers = [h for h in headers if h]
        rows = [[row[0], row[1], *row[4:]] for row in rows]
    content = spreadsheets.workbook_bytes([(CHARTS[chart], headers, rows)])
    return content, f"{title}.xlsx"
