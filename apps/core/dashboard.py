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


@dataclass(frozen=True)
class Panel:
    """A block of the home page that an app supplies: its template, rendered with `context(user)` as `panel`
    (a None context hides the block), between the heading and the counters."""

    template: str
    context: Callable  # (user) -> dict or None
    order: int = 100


_panels: list[Panel] = []


def register_panel(panel: Panel):
    _panels.append(panel)


def home_panels(user):
    shown = []
    for panel in sorted(_panels, key=lambda p: p.order):
        context = panel.context(user)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
