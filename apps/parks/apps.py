from django.apps import AppConfig


class ParksConfig(AppConfig):
    name = "apps.parks"
    verbose_name = "园区与乡镇创建"
    # role -> permissions (codenames of this app); see apps.accounts.roles
    role_permissions = {
        "clerk": ["view_park", "add_park", "change_park", "view_township"],
        "reviewer": ["view_park", "view_township"],
        "leader": ["view_park", "view_township"],
        "admin": ["view_park", "view_township"],
    }

    def ready(self):
        from apps.core import navigation
        from apps.core.dashboard import Counter, register_counter

        from .figures import PARKS

        navigation.register(
            navigation.NavItem("创建台账", "工业园区", "parks:park_list", permission="parks.view_park",
                               icon="buildings", order=20),
            navigation.NavItem("创建台账", "乡镇街道", "parks:township_list", permission="parks.view_township",
                               icon="geo-alt", order=30),
        )
        register_counter(Counter("工业园区", PARKS["total"], order=12, permission="parks.view_park"))
