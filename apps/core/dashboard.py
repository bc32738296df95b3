"""Counters on the home page: each app registers what it counts; each count goes through visible_to."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Counter:
    label: str
    count: Callable  # (user) -> int, always computed over rows visible to the user
    url_name: str = ""
    permission: str = ""
    unit: str = "个"
    order: int = 100


_counters: list[Counter] = []


def register_counter(counter: Counter):
    _counters.append(counter)


def home_counters(user):
    shown = []
    for counter in sorted(_counters, key=lambda c: c.order):
        if counter.permission and not user.has_perm(counter.permission):
            continue
        try:
            url = reverse(counter.url_name) if counter.url_name else ""
        except NoReverseMatch:
            url = ""
        shown.append({"label": counter.label, "value": counter.count(user), "url": url, "unit": counter.unit})
    return shown
