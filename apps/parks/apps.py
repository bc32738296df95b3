from django.apps import AppConfig


class ParksConfig(AppConfig):
    name = "apps.parks"
    verbose_name = "园区与乡镇创建"
