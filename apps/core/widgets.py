"""The one vocabulary of ledger cells: what a 是/否, a date, a count or a choice may be written as.

Each ledger's import-export `Resource` (apps/<app>/resources.py) names these widgets for its columns, and the
portal's importers parse their cells with the same functions, so "有" means 是 in every ledger and a date is
read the same way everywhere. A parse function returns the value (None for an empty cell) or raises
ValueError with the reason in Chinese; the importer puts the column's name in front of it.
"""

import datetime
import re

from import_export import widgets

from .spreadsheets import text

# the one table of words accepted as 是 / 否 (compared in lower case)
YES_WORDS = frozenset({"是", "有", "y", "yes", "true", "1", "√", "✓"})
NO_WORDS = frozenset({"否", "无", "n", "no", "false", "0", "×", "✗"})
YES, NO = "是", "否"


def yes_no(value):
    """True, False, or None for an empty cell; ValueError for any other word."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    if not word:
        return None
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValueError(f"应填写“是”或“否”（现为“{text(value)}”）")


def date_value(value):
    """A date from a date cell or text as 2026-03-15, 2026/3/15, 2026.3.15 or 2026年3月15日; None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    cell = text(value)
    if not cell:
        return None
    match = re.fullmatch(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?", cell)
    if match:
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            pass
    raise ValueError(f"“{cell}”不是有效日期（应为 2026-11-25）")


def count_value(value, limit=32767):
    """A non-negative whole number up to `limit` (thousands separators allowed); None if empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(f"应为非负整数，而不是“{text(value)}”")
    cell = text(value).replace(",", "")
    if not cell:
        return None
    if not cell.isdigit():
        raise ValueError(f"应为非负整数，而不是“{cell}”")
    if int(cell) > limit:
        raise ValueError(f"“{cell}”超出合理范围（不超过 {limit:,}）")
    return int(cell)


class YesNoWidget(widgets.BooleanWidget):
    """是/否 cells: the one accepted-words table above; exported as 是 or 否."""

    def clean(self, value, row=None, **kwargs):
        return yes_no(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else YES if value else NO


class DateWidget(widgets.DateWidget):
    def clean(self, value, row=None, **kwargs):
        return date_value(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class CountWidget(widgets.IntegerWidget):
    """A bounded non-negative count."""

    def __init__(self, limit=32767, **kwargs):
        self.limit = limit
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return count_value(value, self.limit)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class ChoiceLabelWidget(widgets.CharWidget):
    """A choice written by its label (验收通过), its stored value, or a label's part after a code (C 制造业)."""

    def __init__(self, choices, **kwargs):
        self.by_label = {label: value for value, label in choices} | {value: value for value, _ in choices}
        self.by_label |= {str(label).split(" ", 1)[-1]: value for value, label in choices}
        self.labels = dict(choices)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value, row, **kwargs)
        if value and value not in self.by_label:
            raise ValueError(f"无法识别“{value}”")
        return self.by_label.get(value, value)

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value)
