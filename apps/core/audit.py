"""Reading the audit trail (django-simple-history) of a domain row: who changed what, and when.

Values are shown as a person reads them: choices by their label, yes/no as 是/否, a foreign key by the
name of the row it points at (never its id), dates as 2026-11-25, encrypted fields never.
"""
import datetime

from django.db import models
from django.utils import timezone

ACTIONS = {"+": "新增", "~": "修改", "-": "删除"}
EMPTY = "（空）"


def history_rows(obj, limit=50):
    history = getattr(obj, "history", None)
    if history is None:
        return []
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    pending = []  # (change dict, key in "old"/"new", field, raw value) for foreign keys, resolved in one pass
    rows = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                item = {"field": str(getattr(field, "verbose_name", change.field))}
                for key, value in (("old", change.old), ("new", change.new)):
                    item[key] = _display(field, value)
                    if isinstance(field, models.ForeignKey) and item[key] is None:
                        pending.append((item, key, field, value))
                changes.append(item)
        rows.append({
            "when": record.history_date,
            "who": _person(record.history_user),
            "action": ACTIONS.get(record.history_type, record.history_type),
            "reason": record.history_change_reason or "",
            "changes": changes,
        })
    _resolve_foreign_keys(pending)
    return rows


def _person(user):
    if user is None:
        return "系统"
    return user.get_full_name() or user.username


def _display(field, value):
    """The value as a person reads it; None for a foreign key still to be looked up."""
    if value is None or value == "":
        return EMPTY
    if getattr(field, "sensitive", False):
        return "（已加密，不显示）"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(field, models.ForeignKey):
        return None
    if isinstance(field, models.DateTimeField) and isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) \
            else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _resolve_foreign_keys(pending):
    """One query per referenced model: a user by name, any other row by its str() (a deleted row: 已删除)."""
    wanted = {}
    for _item, _key, field, value in pending:
        wanted.setdefault(field.related_model, set()).add(value)
    names = {}
    for model, keys in wanted.items():
        for row in model._default_manager.filter(pk__in=keys):
            names[(model, row.pk)] = _person(row) if _is_user_model(model) else str(row)
    for item, key, field, value in pending:
        item[key] = names.get((field.related_model, _coerce(field, value)), f"（已删除的记录 {value}）")


def _coerce(field, value):
    try:
        return field.related_model._meta.pk.to_python(value)
    except Exception:  # noqa: BLE001 — a value of the wrong type just stays as it is
        return value


def _is_user_model(model):
    from django.contrib.auth import get_user_model
    return model is get_user_model()
