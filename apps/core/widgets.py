"""The one vocabulary of ledger cells: what a 是/否, a date, a count or a choice may be written as.

Each ledger's import-export `Resource` (apps/<app>/resources.py) names these widgets for its columns, and the
portal's importers parse their cells with the same functions, so "有" means 是 in every ledger and a date is
read the same way everywhere. A parse function returns the value (None for an empty cell) or raises
ValueError with the reason in Chinese; the importer puts the column's name in front of it.

`columns(resource_class)` reads a Resource as the one declaration of a ledger's columns (header, attribute,
widget, required, drop-down choices, width, help): the import engine takes from it the template, the header
check, each cell's parse (`Column.parse`) and the preview; an export takes each cell's text by the column's
name (`Column.render`, `export_rows`). Widgets parse cells only; saving rows stays with the importers' bulk
writes.
"""

import datetime
import decimal
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from import_export import widgets

from .masking import is_masked
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
    if cell.startswith("-") and cell[1:].isdigit():
        raise ValueError("不能为负数")
    if not cell.isdigit():
        raise ValueError(f"应为非负整数，而不是“{cell}”")
    if int(cell) > limit:
        raise ValueError(f"“{cell}”超出合理范围（不超过 {limit:,}）")
    return int(cell)


class YesNoWidget(widgets.BooleanWidget):
    """是/否 cells: the one accepted-words table above; exported as 是 or 否. `hint` is what a refusal says
    instead (an API names its JSON words)."""

    def __init__(self, hint=None, **kwargs):
        self.hint = hint
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return yes_no(value)
        except ValueError:
            if self.hint is None:
                raise
            raise ValueError(self.hint) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else YES if value else NO


class DateWidget(widgets.DateWidget):
    """A date (`date_value`); `refusal` words a refused cell when a ledger says it otherwise."""

    def __init__(self, refusal=None, **kwargs):
        self.refusal = refusal
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return date_value(value)
        except ValueError:
            if self.refusal is None:
                raise
            raise ValueError(self.refusal) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class CountWidget(widgets.IntegerWidget):
    """A bounded non-negative count."""

    plain = True

    def __init__(self, limit=32767, **kwargs):
        self.limit = limit
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return count_value(value, self.limit)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class ChoiceLabelWidget(widgets.CharWidget):
    """A choice written by its label (验收通过), its stored value, or a label's part after a code (C 制造业);
    a one-letter code in either case. `hint` is what the refusal says after the cell (default: 无效，应为：…);
    `refusal` ("的值“{cell}”{hint}") words the whole refusal when a ledger says it otherwise."""

    def __init__(self, choices, hint=None, refusal="“{cell}”{hint}", **kwargs):
        self.by_label = {label: value for value, label in choices} | {value: value for value, _ in choices}
        self.by_label |= {str(label).split(" ", 1)[-1]: value for value, label in choices}
        self.labels = dict(choices)
        self.hint = hint or "无效，应为：" + "、".join(str(label) for _, label in choices if label)
        self.refusal = refusal
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        cell = text(value)
        if not cell:
            return None
        found = self.by_label.get(cell, self.by_label.get(cell.upper()) if len(cell) == 1 else None)
        if found is None:
            raise ValueError(self.refusal.format(cell=cell, hint=self.hint))
        return found

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value)


class ChoiceListWidget(widgets.CharWidget):
    """Several choices in one cell, by label, separated by 、，,；; or spaces; written back joined by 、."""

    SEPARATORS = re.compile(r"[、，,；;\s]+")

    def __init__(self, choices, **kwargs):
        self.by_label = {str(label): value for value, label in choices}
        self.labels = dict(choices)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        parts = [part for part in self.SEPARATORS.split(text(value)) if part]
        wrong = [part for part in parts if part not in self.by_label]
        if wrong:
            raise ValueError(f"“{wrong[0]}”无效，应为：{'、'.join(map(str, self.labels.values()))}")
        return list(dict.fromkeys(self.by_label[part] for part in parts)) or None

    def render(self, value, obj=None, **kwargs):
        return "、".join(str(self.labels.get(v, v)) for v in value or ())


KEEP = object()  # what a masked cell (138****1234, as an export writes it) parses to: the stored value stays


class TextWidget(widgets.CharWidget):
    """A trimmed text cell of at most `max_length` characters; `check(text)` (a rule of the ledger, shared with
    its form) may refuse or normalise it. A `masked` column reads a cell holding * as KEEP."""

    plain = True

    def __init__(self, max_length=None, check=None, masked=False, **kwargs):
        self.max_length, self.check, self.masked = max_length, check, masked
        super().__init__(allow_blank=True, **kwargs)

    def clean(self, value, row=None, **kwargs):
        cell = text(value)
        if not cell:
            return None
        if self.masked and is_masked(cell):
            return KEEP
        if self.max_length and len(cell) > self.max_length:
            raise ValueError(f"超过 {self.max_length} 字")
        return self.check(cell) if self.check else cell

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value




class NumberWidget(widgets.DecimalWidget):
    """A decimal number (学时 8 or 2.5) within (minimum, maximum]; `refusal` is what a cell that is no number
    is told."""

    def __init__(self, minimum=None, maximum=None, refusal="应为数字，如 8 或 2.5", **kwargs):
        self.minimum, self.maximum, self.refusal = minimum, maximum, refusal
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        cell = text(value).replace(",", "")
        if not cell:
            return None
        try:
            number = decimal.Decimal(cell)
        except decimal.InvalidOperation:
            raise ValueError(self.refusal) from None
        if not number.is_finite() or (self.minimum is not None and number <= self.minimum) or (
                self.maximum is not None and number > self.maximum):
            raise ValueError(f"应大于{self.minimum}且不超过{self.maximum}")
        return number


class KeyWidget(widgets.CharWidget):
    """A row of another ledger named by a unique field (an enterprise by 统一社会信用代码, a coordinator by
    身份证号), or several in one cell separated by ; or ； (`many`). The import engine finds them for the whole
    file at once among the rows the user sees (`lookup`): the row's value becomes the row (`many`: their ids).
    `key(cell)` turns a cell into the field's value (a digest); `missing` ({value}, or a function of the cell)
    is the ledger's words for one not found."""

    def __init__(self, model, field, missing, key=None, many=False, related=(), **kwargs):
        self.model_label, self.field, self.missing, self.key, self.many = model, field, missing, key, many
        self.related = related  # what the found rows bring along (select_related)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if not self.many:
            return text(value) or None
        return tuple(part.strip() for part in text(value).replace("；", ";").split(";") if part.strip()) or None

    def render(self, value, obj=None, **kwargs):
        if isinstance(value, str):  # the codes already joined (an export's aggregate)
            return value
        return ";".join(map(str, value or ())) if self.many else str(value)

    def lookup(self, cells, user):
        from django.apps import apps

        key = self.key or (lambda cell: cell)
        wanted = {key(cell) for cells_ in cells for cell in (cells_ if self.many else (cells_,))}
        rows = apps.get_model(self.model_label).objects.visible_to(user).filter(**{f"{self.field}__in": wanted})
        found = dict(rows.values_list(self.field, "pk")) if self.many else {
            getattr(row, self.field): row for row in rows.select_related(*self.related)}

        def find(cell, values):
            for part in cell if self.many else (cell,):
                if key(part) not in found:
                    raise ValueError(self.missing(part) if callable(self.missing) else self.missing.format(value=part))
            return [found[key(part)] for part in cell] if self.many else found[key(cell)]
        return find


@dataclass
class Column:
    """One declared column of a ledger, as its Resource says it."""

    name: str         # the resource's field name
    header: str       # 中文列名
    attribute: str    # the model attribute (import-export's), None for a column outside the model
    widget: object
    required: bool
    choices: list
    width: int
    help: str
    readonly: bool

    @property
    def path(self):
        """What a queryset's values() reads for this column: a foreign key by the widget's field."""
        if self.attribute and isinstance(self.widget, widgets.ForeignKeyWidget):
            return f"{self.attribute}__{self.widget.field}"
        return self.attribute

    def parse(self, value, said="{header}{reason}"):
        """The cell's value (None when empty, KEEP when masked); ValueError with the reason in Chinese, the
        column's name in front of it as `said` puts it (a reason that names the column is said as it is). A
        rule shared with a form may raise Django's ValidationError: its first message is the reason."""
        try:
            parse = getattr(self.widget, "cell", None)
            return parse(value) if parse else self.widget.clean(value)
        except (ValueError, ValidationError) as exc:
            reason = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            raise ValueError(reason if reason.startswith(self.header)
                             else said.format(header=self.header, reason=reason)) from None

    def render(self, value):
        return self.widget.render(value)


def columns(resource_class):
    """The Resource's columns in its declared order (Meta.fields), with their Meta.required / choices / widths /
    help."""
    resource = resource_class()
    meta = resource_class.Meta
    required = set(getattr(meta, "required", ()))
    choices, widths, helps = (getattr(meta, name, {}) for name in ("choices", "widths", "help"))
    names = getattr(meta, "fields", None) or list(resource.fields)
    out = []
    for name in names:
        field = resource.fields[name]
        header = field.column_name
        out.append(Column(name, header, field.attribute, field.widget, header in required,
                          list(choices.get(header, ())), widths.get(header), helps.get(header, ""), field.readonly))
    return out


def parse_row(cols, cells, errors, required_message="缺少必填项“{}”", said="{header}{reason}"):
    """{column name: value} of one row's cells ({header: cell}); every problem is appended to `errors` as
    (header, message), the column named as `said` puts it. An empty cell gives no value; a masked one (KEEP)
    none either."""
    values = {}
    for column in cols:
        cell = cells.get(column.header)
        try:
            value = column.parse(cell, said)
        except ValueError as exc:
            errors.append((column.header, str(exc)))
            continue
        if value is None:
            if column.required:
                errors.append((column.header, required_message.format(column.header)))
        elif value is not KEEP:
            values[column.name] = value
    return values


def _blank_none(value):
    return "" if value is None else value


def renderer(column):
    """A fast function value → cell for the column's widget (an export renders millions of cells)."""
    widget = column.widget
    if isinstance(widget, YesNoWidget):
        return {True: YES, False: NO, None: ""}.get
    if isinstance(widget, ChoiceLabelWidget):
        return lambda value, get=widget.labels.get: get(value, value)
    if getattr(widget, "plain", False):  # the value is the cell (text, counts, region codes)
        return _blank_none
    return column.render


def export_rows(cols, queryset, extra=None, chunk=2000):
    """Rows of an export, each cell taken by its column's name: the column's path read from the queryset and
    written by its widget. `extra` {column name: (path, function(value) → cell)} fills the columns that are
    not a model attribute (a year's status, a region's name)."""
    extra = extra or {}
    paths, makers = [], []
    for column in cols:
        path, function = extra.get(column.name) or (column.path, renderer(column))
        if path not in paths:
            paths.append(path)
        makers.append((paths.index(path), function))
    for row in queryset.values_list(*paths).iterator(chunk_size=chunk):
        yield [function(row[index]) for index, function in makers]


def extra_column(header):
    """A column that an export adds for reading (e.g. 所在区划名称); an import of the exported file ignores it."""
    return Column(header, header, None, TextWidget(), False, [], None, "", True)
