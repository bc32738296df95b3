from django.apps import AppConfig


class CoordinatorsConfig(AppConfig):
    name = "apps.coordinators"
    verbose_name = "劳动关系协调员"
