from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "用户与单位"
    role_permissions = {
        "clerk": ["view_office"],
        "reviewer": ["view_office"],
        "leader": ["view_office"],
        "admin": ["view_office", "view_user", "add_user", "change_user"],
    }

    def ready(self):
        from apps.core import navigation
        from apps.core.dashboard import Counter, register_counter

        from .models import User
        from .roles import sync_roles
        from .signals import connect

        connect()
        post_migrate.connect(sync_roles, dispatch_uid="accounts.sync_roles")
        from django.core import checks

        from .roles import check_role_permissions

        checks.register(check_role_permissions)
        navigation.register(
            navigation.NavItem("系统管理", "用户管理", "accounts:user_list", permission="accounts.view_user",
                               icon="people", order=10),
            navigation.NavItem("系统管理", "修改密码", "password_change", icon="key", order=90),
        )
        register_counter(Counter("本区域用户", lambda u: User.objects.visible_to(u).filter(is_active=True).count(),
                                 url_name="accounts:user_list", permission="accounts.view_user", unit="人",
                                 order=90))
