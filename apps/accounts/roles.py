"""Roles are groups holding model permissions. Each app declares in its AppConfig which of its
permissions each role gets (`role_permissions`); `sync_roles` writes them after every migrate."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

CLERK, REVIEWER, LEADER, ADMIN = "clerk", "reviewer", "leader", "admin"
ROLES = {CLERK: "录入", REVIEWER: "审核", LEADER: "负责人", ADMIN: "管理员"}


def declared_codenames(config):
    """Every permission codename the app's models declare (Django's default ones and Meta.permissions)."""
    names = set()
    for model in config.get_models():
        opts = model._meta
        names.update(f"{action}_{opts.model_name}" for action in opts.default_permissions)
        names.update(codename for codename, _ in opts.permissions)
    return names


def unknown_role_permissions():
    """`role_permissions` entries no model declares ("app.codename → role"): a typo would silently leave a
    role without a right, so this is refused at start (system check) and by sync_roles."""
    unknown = []
    for config in apps.get_app_configs():
        roles = getattr(config, "role_permissions", {})
        if not roles:
            continue
        known = declared_codenames(config)
        for role, codenames in roles.items():
            if role not in ROLES:
                unknown.append(f"{config.label}: 未知角色 {role}")
            unknown.extend(f"{config.label}.{c} → {role}" for c in codenames if c not in known)
    return unknown


def check_role_permissions(app_configs=None, **kwargs):
    from django.core.checks import Error

    return [Error(f"role_permissions 中的权限不存在：{entry}", id="accounts.E001")
            for entry in unknown_role_permissions()]


def sync_roles(**kwargs):
    """post_migrate, once per migrated app: one query for the permissions, a few per role."""
    unknown = unknown_role_permissions()
    if unknown:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("role_permissions 中的权限不存在：" + "；".join(unknown))
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
