"""Roles are groups holding model permissions. Each app declares in its AppConfig which of its
permissions each role gets (`role_permissions`); `sync_roles` writes them after every migrate."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

CLERK, REVIEWER, LEADER, ADMIN = "clerk", "reviewer", "leader", "admin"
ROLES = {CLERK: "录入", REVIEWER: "审核", LEADER: "负责人", ADMIN: "管理员"}


def sync_roles(**kwargs):
    """post_migrate, once per migrated app: one query for the permissions, a few per role."""
    wanted = {role: set() for role in ROLES}
    for config in apps.get_app_configs():
        for role, codenames in getattr(config, "role_permissions", {}).items():
            for codename in codenames:
                wanted[role].add((config.label, codename))
    codenames = {codename for pairs in wanted.values() for _, codename in pairs}
    existing = {(p.content_type.app_label, p.codename): p
                for p in Permission.objects.filter(codename__in=codenames).select_related("content_type")}
    for role, label in ROLES.items():
        group, _ = Group.objects.get_or_create(name=label)
        group.permissions.set([existing[key] for key in sorted(wanted[role]) if key in existing])


def role_group(role):
    return Group.objects.get(name=ROLES[role])
