"""Parsing one cell of an imported row, shared by the importers (apps/<app>/importing.py).

Each parser appends a Chinese message naming the column to `errors` and returns a default when the cell is
wrong, so that a row's every problem is listed at once. The cells that name a region are parsed by
apps/regions/cells.py (core names no app above it).
"""

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


def column_of(message, headers):
    """The column a message is about: the header it starts with (the parsers above name it first)."""
    stripped = message.lstrip("“")
    return next((h for h in sorted(headers, key=len, reverse=True) if stripped.startswith(h)), "")
