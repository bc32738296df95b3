"""居民身份证号 (GB 11643-1999): the one rule every form, import and API applies — python-stdnum's cn.ric.

A number is accepted exactly when `stdnum.cn.ric.is_valid` accepts it: 18 characters (17 ASCII digits and a
digit or X), the right check digit, a real birth date, and a division code in use in the birth year. The place
of birth is looked up once per code and birth year (a 20,000-row import has a few hundred of them).

A sheet that looks people up in the coordinator ledger (attendance) finds them by the number's digest first and
applies the rule only to numbers it does not find: a number already in the ledger is never refused there.
"""

import datetime
import functools

from django import forms
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import isdigits

ID_ERRORS = {
    InvalidLength: "身份证号应为18位。",
    InvalidFormat: "身份证号格式不正确：前17位应为数字，最后一位为数字或X。",
    InvalidChecksum: "身份证号校验码不正确，请核对后重新输入。",
    InvalidComponent: "身份证号中的出生日期或地区码无效。",
}


def compact(value):
    return ric.compact((value or "").strip().upper())


def clean_id_number(value):
    """The number, compact, if it passes the rule; a forms.ValidationError in Chinese otherwise."""
    try:
        return validate_id_number(compact(value))
    except ValidationError as exc:
        message = next((text for kind, text in ID_ERRORS.items() if isinstance(exc, kind)), "身份证号无效。")
        raise forms.ValidationError(message) from exc


def validate_id_number(number):
    """stdnum's checks on a compact number (raising stdnum's exceptions), the place of birth looked up once per
    division code (a 20,000-row import has a few hundred of them)."""
    if len(number) != 18:
        raise InvalidLength()
    if not isdigits(number[:-1]):  # ASCII digits only (str.isdigit would take full-width ones)
        raise InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidChecksum()
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidComponent() from None
    if not _known_place(number[:10]):
        raise InvalidComponent()
    return number


@functools.lru_cache(maxsize=16384)
def _known_place(place_and_year):
    """Whether the division code (6 digits) was in use in the birth year (4 digits): stdnum's own check."""
    try:
        ric.get_birth_place(place_and_year + "01010000")  # 1 January of that year, any sequence number
    except ValidationError:
        return False
    return True


def is_valid_id_number(value):
    try:
        clean_id_number(value)
    except forms.ValidationError:
        return False
    return True
