"""Roles are groups holding model permissions. Each app declares in its AppConfig which of its
permissions each role gets (`role_permissions`); `sync_roles` writes them after every migrate."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

CLERK, REVIEWER, LEADER, ADMIN = "clerk", "reviewer", "leader", "admin"
ROLES = {CLERK: "录入", REVIEWER: "审核", LEADER: "负责人", ADMIN: "管理员"}


def sync_roles(**kwargs):
    wanted = {role: set() for role in ROLES}
    for config in apps.get_app_configs():
        for role, codenames in getattr(config, "role_permissions", {}).items():
            for codename in codenames:
                wanted[role].add((config.label, codename))
    for role, label in ROLES.items():
        group, _ = Group.objects.get_or_create(name=label)
        perms = []
        for app_label, codename in sorted(wanted[role]):
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)


def role_group(role):
    return Group.objects.get(name=ROLES[role])
