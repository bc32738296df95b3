from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "平台公共"

    def ready(self):
        from django.db.models.signals import post_save
        from django.utils.module_loading import autodiscover_modules

        from . import figures, jobs, navigation  # noqa: F401 - jobs registers its Celery tasks

        # every app declares its importers in importing.py, its exporters in exporting.py and its other job
        # kinds in jobs.py; importing them registers them (for the web, the worker and the contract tests)
        autodiscover_modules("importing", "exporting", "jobs")
        # and who may do what with its models in policies.py (apps/core/policy.py: one policy per model)
        autodiscover_modules("policies")
        # and its figures in figures.py (apps/core/figures.py: the one figure registry)
        figures.autodiscover()
        # imports run as background jobs write with bulk statements that send no post_save: a finished job
        # starts a new figures version (the cache lifetime bounds anything else written in bulk)
        post_save.connect(_job_saved, sender="core.BackgroundJob", dispatch_uid="figures.job_done")

        navigation.register(
            navigation.NavItem("工作台", "首页", "home", icon="house", order=1),
            navigation.NavItem("工作台", "我的任务", "core:job_list", icon="hourglass-split", order=20),
        )


def _job_saved(sender, instance, **kwargs):
    from . import exports, figures
    from .imports import IMPORTERS

    # an export changes nothing; an import's check (stage validated) writes nothing yet
    if instance.status == "done" and instance.kind not in exports.EXPORT_KINDS \
            and instance.params.get("stage") not in ("validating", "validated", "invalid"):
        importer = IMPORTERS.get(instance.params.get("importer"))
        # a confirmed import: a new version of the models it wrote (not of every model: a warm-up then recomputes
        # only their figures); any other job may have written anything
        figures.bump(*(importer.written_models() if importer is not None else ()))


def portal_modules(name):
    """The module `name` ("demo", "testing") of every portal app that has one, in INSTALLED_APPS order: how the
    demo loader and the contract tests find what each app contributes. An import error inside such a module is
    raised, not taken for a missing module."""
    import importlib

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            found.append(importlib.import_module(f"{config.name}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
    return found
