from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "apps.dashboards"
    verbose_name = "统计分析"

    def ready(self):
        from django.db.models.signals import post_save

        from . import figures

        # every app's figures.py declares its figures; later apps may also register in their ready()
        figures.autodiscover()
        # imports run as background jobs write with bulk statements that send no post_save: a finished job
        # starts a new figures version (the cache lifetime bounds anything else written in bulk)
        post_save.connect(_job_saved, sender="core.BackgroundJob", dispatch_uid="dashboards.job_done")


def _job_saved(sender, instance, **kwargs):
    from . import figures

    if instance.status == "done":
        figures.bump()
