from django.apps import AppConfig

VIEW = ["view_worktask", "view_taskprogress", "view_annualreport", "view_meeting", "view_followupaction",
        "view_expertmember", "view_analysis", "view_workplan", "view_bulletin"]
ENTER = ["add_taskprogress", "change_annualreport", "add_meeting", "add_followupaction", "change_followupaction",
         "add_analysis", "add_workplan"]


class SupervisionConfig(AppConfig):
    name = "apps.supervision"
    verbose_name = "督办与报告"
    role_permissions = {
        "clerk": VIEW + ENTER,
        "reviewer": VIEW + ENTER + ["review_annualreport", "add_bulletin"],
        "leader": VIEW + ENTER + ["submit_annualreport", "review_annualreport", "draft_annualreport",
                                  "add_bulletin", "publish_bulletin"],
        "admin": VIEW + ["add_expertmember"],
    }

    def ready(self):
        from apps.documents import kinds

        kinds.register("bulletin", "排名通报", "supervision/bulletin_pdf.html",
                       sample="apps.supervision.testing:bulletin_sample")
        kinds.register("annual-report", "年度（评估）报告", "supervision/report_pdf.html",
                       sample="apps.supervision.testing:annual_report_sample")
        from apps.core import navigation

        from . import jobs, workflow  # noqa: F401 - register the job kinds and the workflow

        navigation.register(
            navigation.NavItem("督办与报告", "工作任务督办", "supervision:board", permission="supervision.view_worktask",
                               icon="list-check", order=10),
            navigation.NavItem("督办与报告", "任务进展报送", "supervision:progress_list",
                               permission="supervision.view_taskprogress", icon="journal-text", order=15),
            navigation.NavItem("督办与报告", "年度总结评估报告", "supervision:report_list",
                               permission="supervision.view_annualreport", icon="file-earmark-text", order=20),
            navigation.NavItem("督办与报告", "报告报送情况", "supervision:completeness",
                               permission="supervision.view_annualreport", icon="clipboard-data", order=25),
            navigation.NavItem("督办与报告", "工作方案", "supervision:plan_list", permission="supervision.view_workplan",
                               icon="file-earmark-check", order=30),
            navigation.NavItem("督办与报告", "三方会议记录", "supervision:meeting_list",
                               permission="supervision.view_meeting", icon="people", order=40),
            navigation.NavItem("督办与报告", "形势分析与调研", "supervision:analysis_list",
                               permission="supervision.view_analysis", icon="graph-up", order=45),
            navigation.NavItem("督办与报告", "通报", "supervision:bulletin_list",
                               permission="supervision.view_bulletin", icon="megaphone", order=35),
            # 实施步骤 6 (抽查 of local work): the evaluations app draws counties with a recorded seed and records
            # findings; it is listed here too, where the plan's supervision steps are
            navigation.NavItem("督办与报告", "各地工作抽查", "evaluations:spotcheck_list",
                               permission="evaluations.view_spotcheck", icon="shuffle", order=38),
            navigation.NavItem("督办与报告", "专家委员会", "supervision:expert_list",
                               permission="supervision.view_expertmember", icon="mortarboard", order=50),
        )
        from apps.core.dashboard import Counter, register_counter

        from .models import AnnualReport

        register_counter(Counter(
            "待审核的下级报告", lambda u: AnnualReport.objects.visible_to(u).filter(
                status=AnnualReport.Status.SUBMITTED, region__parent_id=u.office.region_id).count()
            if u.office_id else 0, url_name="supervision:report_list", permission="supervision.review_annualreport",
            unit="份", order=80))
