"""Parsing one cell of an imported row, shared by the importers (apps/<app>/importing.py).

Each parser appends a Chinese message naming the column to `errors` and returns a default when the cell is
wrong, so that a row's every problem is listed at once.
"""

import datetime
import re

from apps.regions.models import Region

from .spreadsheets import text


def parse_date(value, label, errors):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    cell = text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(cell)
    except ValueError:
        m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", cell)
        if m:
            try:
                return datetime.date(*map(int, m.groups()))
            except ValueError:
                pass
        errors.append(f"{label}“{cell}”不是有效日期（应为 2026-11-25）")
        return None


def parse_count(value, label, errors, limit=32767):
    cell = text(value)
    if not cell:
        return 0
    if not cell.isdigit() or int(cell) > limit:
        errors.append(f"{label}应为非负整数，而不是“{cell}”")
        return 0
    return int(cell)


def parse_choice(value, choices, label, errors, default=None, required=False):
    cell = text(value)
    if not cell:
        if required:
            errors.append(f"{label}不能为空")
        return default
    for val, lbl in choices:  # a label (验收通过) or a stored value (passed); False is a value too
        if cell in (str(lbl), str(val)):
            return val
    errors.append(f"{label}“{cell}”无效，应为：{'、'.join(str(lbl) for _, lbl in choices)}")
    return default


def regions_named(codes, user):
    """The regions these codes name ({code: region}) and the codes of those inside the user's area."""
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    visible = set(Region.objects.visible_to(user).filter(code__in=codes).values_list("code", flat=True))
    return regions, visible


def row_region(code, regions, visible, user, errors):
    """The row's region, or None with the reason in `errors` (unknown code, outside the user's area)."""
    region = regions.get(code)
    if code and region is None:
        errors.append(f"所在区划代码“{code}”不存在")
    elif region is not None and code not in visible:
        area = user.region.full_name if user.region else "您的管辖区域"
        errors.append(f"所在区划“{region.full_name}”不在您的管辖区域（{area}）内")
        return None
    return region


def column_of(message, headers):
    """The column a message is about: the header it starts with (the parsers above name it first)."""
    stripped = message.lstrip("“")
    return next((h for h in sorted(headers, key=len, reverse=True) if stripped.startswith(h)), "")
