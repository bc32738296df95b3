"""Whom a row concerns: the one query for "active staff of the offices over (or at) an area holding a
permission". Workflows ask it whom a step tells (Transition.notify), jobs whom they act for; no app writes
its own `groups__permissions__codename` query.

    users_with("honours.recommend_application", over=app.region.path, levels=["county"])
    users_with("supervision.review_annualreport", at=report.reviewer_region_id)
"""

from django.contrib.auth import get_user_model
from django.db.models import Q


def ancestor_paths(path):
    """The materialised paths of a region and of every region above it ("42/", "42/4201/", …)."""
    parts = [p for p in (path or "").split("/") if p]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def users_with(permission, *, over=None, at=None, levels=(), superusers=False):
    """Active staff users holding `permission` ("app_label.codename") through their role groups, whose office
    is the region `at` (a Region or its id) or any region over the path `over` (the row's own region and
    those above it), optionally only at these `levels`. `superusers=True` adds superusers (who hold every
    permission without a group). A queryset, ordered by pk."""
    User = get_user_model()  # noqa: N806  (the custom user of AUTH_USER_MODEL; core names no app above it)

    app_label, codename = permission.split(".", 1)
    holds = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
    if superusers:
        holds |= Q(is_superuser=True)
    users = User.objects.filter(holds, is_active=True, kind=User.Kind.STAFF)
    if over is not None:
        users = users.filter(office__region__path__in=ancestor_paths(over))
    if at is not None:
        users = users.filter(office__region=at)
    if levels:
        users = users.filter(office__region__level__in=list(levels))
    return users.distinct().order_by("pk")
