from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "平台公共"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import jobs, navigation  # noqa: F401 - jobs registers its Celery tasks

        # every app declares its importers in importing.py, its exporters in exporting.py and its other job
        # kinds in jobs.py; importing them registers them (for the web, the worker and the contract tests)
        autodiscover_modules("importing", "exporting", "jobs")
        # and who may do what with its models in policies.py (apps/core/policy.py: one policy per model)
        autodiscover_modules("policies")

        navigation.register(
            navigation.NavItem("工作台", "首页", "home", icon="house", order=1),
            navigation.NavItem("工作台", "我的任务", "core:job_list", icon="hourglass-split", order=20),
        )
