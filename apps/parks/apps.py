from django.apps import AppConfig


class ParksConfig(AppConfig):
    name = "apps.parks"
    verbose_name = "园区与乡镇创建"
    role_permissions = {
        "clerk": ["view_township"],
        "reviewer": ["view_township"],
        "leader": ["view_township"],
        "admin": ["view_township"],
    }

    def ready(self):
        from apps.core import navigation

        navigation.register(
            navigation.NavItem("创建台账", "工业园区", "parks:park_list", permission="regions.view_park",
                               icon="buildings", order=20),
            navigation.NavItem("创建台账", "乡镇街道", "parks:township_list", permission="parks.view_township",
                               icon="geo-alt", order=30),
        )
