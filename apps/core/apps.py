from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "平台公共"

    def ready(self):
        from . import navigation

        navigation.register(
            navigation.NavItem("工作台", "首页", "home", icon="house", order=1),
            navigation.NavItem("工作台", "我的任务", "core:job_list", icon="hourglass-split", order=20),
        )
