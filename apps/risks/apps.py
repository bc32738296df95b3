from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "apps.risks"
    verbose_name = "风险预警"
    # the same people do the same things as when risks were part of apps.coordinators
    role_permissions = {
        "clerk": ["view_riskreport", "add_riskreport"],
        "reviewer": ["view_riskreport", "add_riskreport", "handle_riskreport"],
        "leader": ["view_riskreport", "add_riskreport", "handle_riskreport", "resolve_riskreport"],
        "admin": ["view_riskreport"],
    }

    def ready(self):
        from apps.core import navigation
        from apps.core.dashboard import Counter, register_counter

        from . import workflow  # noqa: F401  (registers the risk workflow)
        from .figures import RISKS

        navigation.register(
            navigation.NavItem("协调员", "风险预警", "risks:risk_list", permission="risks.view_riskreport",
                               icon="exclamation-triangle", order=60),
            navigation.NavItem("协调员", "风险看板", "risks:risk_board", permission="risks.view_riskreport",
                               icon="speedometer2", order=65),
        )
        register_counter(Counter("在办风险", RISKS["open"], url_name="risks:risk_list",
                                 permission="risks.view_riskreport", unit="件", order=45))
        # the overdue-risk sweep runs hourly (CELERY_BEAT_SCHEDULE); a starting worker also catches up at once
        from celery.signals import worker_ready

        from .tasks import catch_up_on_start

        worker_ready.connect(catch_up_on_start, weak=False, dispatch_uid="risks.catch_up_on_start")
