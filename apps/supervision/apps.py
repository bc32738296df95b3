from django.apps import AppConfig

VIEW = ["view_worktask", "view_taskprogress", "view_annualreport"]


class SupervisionConfig(AppConfig):
    name = "apps.supervision"
    verbose_name = "督办与报告"
    role_permissions = {
        "clerk": VIEW + ["add_taskprogress", "change_annualreport"],
        "reviewer": VIEW + ["add_taskprogress", "change_annualreport", "review_annualreport"],
        "leader": VIEW + ["add_taskprogress", "change_annualreport", "submit_annualreport", "review_annualreport",
                          "draft_annualreport"],
        "admin": VIEW,
    }

    def ready(self):
        from celery.schedules import crontab

        from apps.core import navigation
        from config.celery import app

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
        )
        # 1 November, early morning: draft every area's annual report (a job; idempotent, see reports.py)
        app.conf.beat_schedule["supervision-draft-annual-reports"] = {
            "task": "apps.supervision.tasks.draft_annual_reports",
            "schedule": crontab(month_of_year=11, day_of_month=1, hour=1, minute=0),
        }
