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
    # Office levels the counter means something to (e.g. "下辖县级单位" only above the county); empty: all.
    levels: tuple = ()
    # Query string the 查看 link carries, so the list opens filtered as the counter counted (may be a callable).
    query: object = ""


_counters: list[Counter] = []


def register_counter(counter: Counter):
    _counters.append(counter)


def user_level(user):
    """The level of the user's office region (a superuser counts as the province); None without an office."""
    if getattr(user, "office_id", None):
        return user.office.region.level
    return "province" if user.is_superuser else None


def home_counters(user):
    shown = []
    level = user_level(user)
    for counter in sorted(_counters, key=lambda c: c.order):
        if counter.permission and not user.has_perm(counter.permission):
            continue
        if counter.levels and level not in counter.levels:
            continue
        try:
            url = reverse(counter.url_name) if counter.url_name else ""
        except NoReverseMatch:
            url = ""
        query = counter.query() if callable(counter.query) else counter.query
        if url and query:
            url = f"{url}?{query}"
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
