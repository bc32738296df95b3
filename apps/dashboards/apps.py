from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "apps.dashboards"
    verbose_name = "统计分析"

    def ready(self):
        from django.db.models.signals import post_save

        from apps.core import navigation
        from apps.core.dashboard import Panel, provide_figures, register_panel

        from . import figures

        provide_figures(figures)  # the home counters are cached per area with the figures

        # every app's figures.py declares its figures; later apps may also register in their ready()
        figures.autodiscover()
        # imports run as background jobs write with bulk statements that send no post_save: a finished job
        # starts a new figures version (the cache lifetime bounds anything else written in bulk)
        post_save.connect(_job_saved, sender="core.BackgroundJob", dispatch_uid="dashboards.job_done")
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


def _job_saved(sender, instance, **kwargs):
    from apps.core import exports
    from apps.core.imports import IMPORTERS

    from . import figures

    # an export changes nothing; an import's check (stage validated) writes nothing yet
    if instance.status == "done" and instance.kind not in exports.EXPORT_KINDS \
            and instance.params.get("stage") not in ("validating", "validated", "invalid"):
        importer = IMPORTERS.get(instance.params.get("importer"))
        # a confirmed import: a new version of the models it wrote (not of every model: a warm-up then recomputes
        # only their figures); any other job may have written anything
        figures.bump(*(importer.written_models() if importer is not None else ()))
