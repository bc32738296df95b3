from django import template
from django.utils.html import format_html

from apps.core.audit import history_rows
from apps.core.masking import mask_id_number, mask_phone
from apps.core.times import reading_time as _reading_time

register = template.Library()

BADGE_COLOURS = {
    "success": "text-bg-success", "warning": "text-bg-warning", "danger": "text-bg-danger",
    "info": "text-bg-info", "secondary": "text-bg-secondary", "primary": "text-bg-primary",
}


@register.simple_tag
def badge(text, tone="secondary"):
    """A status as a coloured badge that always carries its word (never colour alone)."""
    return format_html('<span class="badge {}">{}</span>', BADGE_COLOURS.get(tone, "text-bg-secondary"), text)


@register.filter
def reading_time(value):
    """A datetime or an ISO string as a person reads it: Asia/Shanghai, "Y-m-d H:i" (— when empty)."""
    return _reading_time(value, default="—")


@register.filter
def row_label(number, row_format=None):
    """第 3 行: a file's row as every import page names it (apps.core.imports.row_label)."""
    from apps.core.imports import ROW_FORMAT
    from apps.core.imports import row_label as label

    return label(number, row_format or ROW_FORMAT)


@register.filter
def masked_phone(value):
    return mask_phone(value)


@register.filter
def masked_id(value):
    return mask_id_number(value)


@register.inclusion_tag("core/_history.html")
def audit_trail(obj, limit=50):
    return {"rows": history_rows(obj, limit=limit)}


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs):
    """The current query string with some parameters replaced (filters stay in the URL)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def can(context, action, obj):
    """`{% can "edit" obj as may_edit %}`: what the model's policy answers for the signed-in user, about a row,
    or about no row in particular when given a model label (`{% can "add" "enterprises.enterprise" as may_add %}`).
    The one way a template asks who may do what."""
    from django.apps import apps

    from apps.core.policy import can as policy_can

    if isinstance(obj, str) and obj:
        obj = apps.get_model(obj)
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not hasattr(obj, "_meta"):  # nothing to ask about (an empty variable)
        return False
    return policy_can(user, action, obj)
