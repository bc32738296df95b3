"""Validators shared by models, forms and imports."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible
class NotInFuture:
    """Something that happened (a training held, a visit made) cannot be dated after today (Asia/Shanghai)."""

    def __init__(self, what="日期"):
        self.what = what

    def message(self, value):
        return f"{self.what}（{value:%Y-%m-%d}）晚于今天，已发生的事项不能填写将来的日期。"

    def __call__(self, value):
        if value is not None and value > timezone.localdate():
            raise ValidationError(self.message(value), code="future")

    def __eq__(self, other):
        return isinstance(other, NotInFuture) and other.what == self.what
