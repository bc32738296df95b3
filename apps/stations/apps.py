from django.apps import AppConfig


class StationsConfig(AppConfig):
    name = "apps.stations"
    verbose_name = "基层劳动关系公共服务站点"
