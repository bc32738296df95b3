"""The base of every list's filters (django-filter): what a filter offers, and what input it accepts.

`PortalFilterSet` (or `harden(filterset)` for a filterset built another way) makes every filter of the
portal behave alike:
- "（未填）" is offered only where the model field may really be empty (null=True); a required field
  never has rows without a value, so the choice would only confuse;
- a yes/no filter offers 全部 / 是 / 否 (Django's null-boolean select says 未知, which is no answer);
- a number filter accepts only numbers in range (a year between 1949 and 2100, any other number within
  a 32-bit integer): "-5" or "99999999999999999999" is a form error shown beside the field, not a 500.
"""

import django_filters
from django.core.exceptions import FieldDoesNotExist
from django_filters.fields import ChoiceIteratorMixin
from django_filters.widgets import BooleanWidget

from .querying import INT_MAX, YEAR_MAX, YEAR_MIN

NULL_LABEL = "（未填）"


class YesNoAllWidget(BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", "全部"), ("true", "是"), ("false", "否"))


def model_field(model, path):
    """The model field a filter's field_name reaches (through foreign keys), or None."""
    field = None
    for part in path.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field


def harden(filterset):
    """Apply the portal's filter rules to this filterset's filters (idempotent; before its form is built)."""
    if hasattr(filterset, "_form"):
        return filterset  # too late: the form is built
    model = filterset._meta.model
    for name, filter_ in filterset.filters.items():
        filter_.__dict__.pop("_field", None)  # rebuilt from the extras below
        if isinstance(filter_, django_filters.BooleanFilter):
            filter_.extra.setdefault("widget", YesNoAllWidget)
        elif isinstance(filter_, django_filters.NumberFilter):
            yearly = filter_.lookup_expr == "year" or name == "year"
            filter_.extra.setdefault("min_value", YEAR_MIN if yearly else -INT_MAX)
            filter_.extra.setdefault("max_value", YEAR_MAX if yearly else INT_MAX)
        if isinstance(filter_, (django_filters.ChoiceFilter, django_filters.ModelChoiceFilter,
                                django_filters.MultipleChoiceFilter, django_filters.ModelMultipleChoiceFilter)):
            field = None if filter_.method else model_field(model, filter_.field_name)
            if field is not None and field.null and issubclass(filter_.field_class, ChoiceIteratorMixin):
                filter_.extra["null_label"] = NULL_LABEL
            elif issubclass(filter_.field_class, ChoiceIteratorMixin):
                filter_.extra["null_label"] = None
    return filterset


class PortalFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        harden(self)
