"""Parsing one cell of an imported row, shared by the importers (apps/<app>/importing.py).

Each parser appends a Chinese message naming the column to `errors` and returns a default when the cell is
wrong, so that a row's every problem is listed at once.
"""


from apps.regions.models import Region

from . import widgets
from .spreadsheets import text


def parse_date(value, label, errors):
    try:
        return widgets.date_value(value)
    except ValueError as exc:
        errors.append(f"{label}{exc}")
        return None


def parse_count(value, label, errors, limit=32767):
    try:
        return widgets.count_value(value, limit) or 0
    except ValueError:
        errors.append(f"{label}应为非负整数，而不是“{text(value)}”")
        return 0


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
