"""居民身份证号 (GB 11643-1999): the one rule every form, import and API applies, on python-stdnum's cn.ric.

A number is accepted when it has 18 characters (17 ASCII digits and a digit or X), its check digit is right,
its birth date is a real day not after today, and its first six digits are a division code stdnum knows (in
any period: a person keeps the code of the place and time of birth, and stdnum's dates of use are not exact
enough to refuse someone whose number is on their card). The coordinator ledger stores only numbers that
passed this rule, so a number found in the ledger is never refused by a sheet that looks it up.
"""

import datetime
import functools

from django import forms
from django.utils import timezone
from stdnum import numdb
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
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidComponent() from None
    if born > timezone.localdate() or born.year < 1900 or not _known_place(number[:6]):
        raise InvalidComponent()
    return number


@functools.lru_cache(maxsize=4096)
def _known_place(code):
    return any("county" in props or "prefecture" in props for _part, props in numdb.get("cn/loc").info(code))


def is_valid_id_number(value):
    try:
        clean_id_number(value)
    except forms.ValidationError:
        return False
    return True
