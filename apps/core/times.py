"""Times a person reads: Asia/Shanghai (settings.TIME_ZONE), in the portal's date format (settings.DATETIME_FORMAT).

Times kept as text (an ISO string inside a JSON field, e.g. when a bulletin's or a report's figures were
computed) are read back through `reading_time` too, so that no page shows "2026-12-07T14:56" in UTC.
"""

import datetime

from django.conf import settings
from django.utils import dateformat, timezone


def parse_time(value):
    """An aware datetime from a datetime or an ISO string (None for empty or unreadable text)."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime.datetime):
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


def reading_time(value, default=""):
    """"2026-12-07 22:56" for 2026-12-07T14:56Z: local time, the portal's format."""
    value = parse_time(value)
    if value is None:
        return default
    return dateformat.format(timezone.localtime(value), settings.DATETIME_FORMAT)
