from django.apps import AppConfig

VIEW = ["view_case", "view_commendation", "view_commendationattachment", "view_incentive"]


class RecognitionConfig(AppConfig):
    name = "apps.recognition"
    verbose_name = "表彰、激励与典型案例"
    role_permissions = {
        "clerk": VIEW + ["add_case", "change_case", "add_commendation", "change_commendation",
                         "add_commendationattachment", "add_incentive", "change_incentive"],
        "reviewer": VIEW + ["review_case", "review_commendation"],
        "leader": VIEW + ["review_case", "publish_case", "review_commendation", "approve_commendation"],
        "admin": VIEW,
    }

    def ready(self):
        from apps.documents import kinds

        kinds.register("commendation_roster", "表彰决定", "recognition/roster_pdf.html",
                       sample="apps.recognition.testing:roster_sample")
        from apps.core import navigation
        from apps.core.dashboard import Counter, register_counter

        from . import exporting, workflow  # noqa: F401 - register the workflows and the exporter
        from .models import Case, Commendation

        P = "recognition."  # noqa: N806
        navigation.register(
            navigation.NavItem("示范创建", "典型案例", "recognition:case_list", permission=P + "view_case",
                               icon="journal-richtext", order=70),
            navigation.NavItem("示范创建", "报送典型案例", "recognition:case_list", icon="journal-richtext", order=71,
                               kinds=("enterprise",)),
            navigation.NavItem("示范创建", "表彰推荐", "recognition:commendation_list",
                               permission=P + "view_commendation", icon="award", order=75),
            navigation.NavItem("示范创建", "表彰名单", "recognition:commendation_roster",
                               permission=P + "view_commendation", icon="list-stars", order=76),
            navigation.NavItem("示范创建", "联合激励措施", "recognition:incentive_list", permission=P + "view_incentive",
                               icon="gift", order=80),
        )
        register_counter(Counter("待审核的典型案例", lambda u: Case.objects.awaiting(u).count(),
                                 url_name="recognition:case_list", permission=P + "review_case", unit="个", order=80))
        register_counter(Counter("待审核的表彰推荐", lambda u: Commendation.objects.awaiting(u).count(),
                                 url_name="recognition:commendation_list", permission=P + "review_commendation",
                                 unit="条", order=81))
