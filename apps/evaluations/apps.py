from django.apps import AppConfig

VIEW = ["view_assessment", "view_indicatorset", "view_agency", "view_spotcheck", "view_spotcheckitem"]


class EvaluationsConfig(AppConfig):
    name = "apps.evaluations"
    verbose_name = "评价评估"
    # Editing indicator sets, registering agencies and drawing spot checks are further limited to the
    # province (or province and city) in the views; the roles say what kind of work a user does.
    role_permissions = {
        "clerk": VIEW + ["add_assessment", "change_assessment", "add_indicatorset", "change_indicatorset"],
        "reviewer": VIEW + ["review_assessment", "change_spotcheckitem"],
        "leader": VIEW + ["review_assessment", "assign_agency", "manage_spotcheck", "change_spotcheckitem",
                          "add_indicatorset", "change_indicatorset"],
        "admin": VIEW + ["add_agency", "change_agency", "assign_agency", "manage_spotcheck"],
    }

    def ready(self):
        from django.db.models.signals import post_save

        from apps.documents import kinds
        from apps.enterprises.models import Enterprise, Subject

        from . import workflow  # noqa: F401  (registers the assessment workflows)

        # a scoring sheet, not a 公文: its page box is the form layout's (documents/base_official.html)
        kinds.register("assessment-report", "评估报告", "evaluations/report_pdf.html", layout="form")

        post_save.connect(follow_subject_region, sender=Subject, dispatch_uid="evaluations.subject_region")
        post_save.connect(follow_subject_region, sender=Enterprise, dispatch_uid="evaluations.enterprise_region")
        from apps.core import navigation
        from apps.core.dashboard import Counter, Panel, register_counter, register_panel

        from .models import Assessment
        from .services import self_assessment_task

        navigation.register(
            navigation.NavItem("评价评估", "评估表", "evaluations:assessment_list", icon="clipboard-check", order=10),
            navigation.NavItem("评价评估", "评估结果统计", "evaluations:results",
                               permission="evaluations.view_assessment", icon="table", order=20),
            navigation.NavItem("评价评估", "评价指标体系", "evaluations:indicatorset_list",
                               permission="evaluations.view_indicatorset", icon="list-check", order=30),
            navigation.NavItem("评价评估", "第三方评估机构", "evaluations:agency_list",
                               permission="evaluations.view_agency", icon="building-check", order=40),
            navigation.NavItem("评价评估", "抽查", "evaluations:spotcheck_list",
                               permission="evaluations.view_spotcheck", icon="shuffle", order=50),
        )
        register_counter(Counter(
            "待审核评估表",
            lambda u: Assessment.objects.visible_to(u).filter(status=Assessment.Status.SUBMITTED).count(),
            url_name="evaluations:assessment_list", permission="evaluations.review_assessment", unit="份",
            order=30))
        # the enterprise's own page names this year's self-assessment to fill
        register_panel(Panel("evaluations/_self_assessment_task.html", self_assessment_task, order=10,
                             page="enterprise"))


def follow_subject_region(sender, instance, **kwargs):
    """Assessments carry their subject's region (for fast area filters): follow a move."""
    from .models import Assessment

    subject_id = instance.subject_id if hasattr(instance, "subject_id") else instance.pk
    if subject_id and instance.region_id:
        Assessment.objects.filter(subject_id=subject_id).exclude(region_id=instance.region_id).update(
            region_id=instance.region_id)
