from django.apps import AppConfig


class StationsConfig(AppConfig):
    name = "apps.stations"
    verbose_name = "基层劳动关系公共服务站点"
    role_permissions = {
        "clerk": ["view_station", "add_station", "change_station"],
        "reviewer": ["view_station", "accept_station"],
        "leader": ["view_station", "accept_station"],
        "admin": ["view_station"],
    }

    def ready(self):
        from apps.core import navigation
        from apps.core.dashboard import Counter, register_counter

        from . import workflow  # noqa: F401  (registers the acceptance workflow)
        from .models import Station

        navigation.register(
            navigation.NavItem("服务站点", "站点台账", "stations:station_list", permission="stations.view_station",
                               icon="house-heart", order=10),
            navigation.NavItem("服务站点", "覆盖情况", "stations:coverage", permission="stations.view_station",
                               icon="bar-chart", order=20),
        )
        from .figures import PARKS, TOWNSHIPS

        register_counter(Counter("服务站点", lambda u: Station.objects.visible_to(u).count(),
                                 url_name="stations:station_list", permission="stations.view_station", order=40,
                                 watch=("stations.Station",)))
        # parks and qualifying townships still without a station: the coverage figures' units less those covered
        register_counter(Counter("待建站点的园区和乡镇", (PARKS["units"], TOWNSHIPS["units"]),
                                 less=(PARKS["covered"], TOWNSHIPS["covered"]), url_name="stations:coverage",
                                 permission="stations.view_station", order=41))
