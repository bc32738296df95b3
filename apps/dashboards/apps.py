from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "apps.dashboards"
    verbose_name = "统计分析"

    def ready(self):
        from apps.core import figures, navigation
        from apps.core.dashboard import Panel, register_panel

        from .tasks import warm_figures

        # the figure registry (apps/core/figures.py) queues this app's warm-up job after a change
        figures.provide_warmer(warm_figures)
        navigation.register(
            navigation.NavItem("统计分析", "创建目标看板", "dashboards:board", icon="speedometer2", order=10,
                               staff_only=True),
        )
        register_panel(Panel("dashboards/_home_strip.html", _home_strip, order=10))


def _home_strip(user):
    from .board import home_strip

    if not (user.is_superuser or (user.office_id and user.scope_path)):
        return None
    return home_strip(user)
