from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

register = template.Library()


def _number(value, unit):
    if value is None:
        return "—"
    if unit == "%":
        return f"{value}%"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{intcomma(value)} {unit}"


@register.filter
def figure_value(value):
    """A FigureValue's value with its unit: 45.2% or 1,234 家; — when there is nothing to divide by."""
    return _number(value.value, value.figure.unit)


@register.filter
def figure_target(value):
    """The target where the plan sets a number here, else the plan's words, else —."""
    if value.target is not None:
        return _number(value.target, value.figure.unit)
    return value.figure.target_note or "—"


@register.filter
def progress_value(value):
    """Share of the target reached, for a <progress max=100> (capped at 100)."""
    return min(value.reached or 0, 100)
