from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "apps.public"
    verbose_name = "公开查询"

    def ready(self):
        from apps.core import navigation

        # each public page is listed in the menu of its subject, where the staff who keep its rows look for it
        navigation.register(
            navigation.NavItem("服务站点", "公开查询页", "public:station_finder", icon="box-arrow-up-right",
                               order=90, staff_only=True),
            navigation.NavItem("协调员", "公示名单", "public:coordinator_list", icon="megaphone", order=70),
            navigation.NavItem("示范创建", "公开查询页", "public:named_units", icon="box-arrow-up-right",
                               order=90, staff_only=True),
            navigation.NavItem("示范创建", "典型案例公开页", "public:case_list", icon="box-arrow-up-right",
                               order=95, staff_only=True),
        )
