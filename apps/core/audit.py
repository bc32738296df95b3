"""Reading the audit trail (django-simple-history) of a domain row: who changed what, and when."""

ACTIONS = {"+": "新增", "~": "修改", "-": "删除"}


def history_rows(obj, limit=50):
    history = getattr(obj, "history", None)
    if history is None:
        return []
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    rows = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append({
                    "field": str(getattr(field, "verbose_name", change.field)),
                    "old": _display(record, field, change.old),
                    "new": _display(record, field, change.new),
                })
        rows.append({
            "when": record.history_date,
            "who": record.history_user.get_full_name() or record.history_user.username
            if record.history_user else "系统",
            "action": ACTIONS.get(record.history_type, record.history_type),
            "reason": record.history_change_reason or "",
            "changes": changes,
        })
    return rows


def _display(record, field, value):
    if value is None or value == "":
        return "（空）"
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if getattr(field, "sensitive", False):
        return "（已加密，不显示）"
    return value
