from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "apps.documents"
    verbose_name = "公文与通知"
    role_permissions = {
        "clerk": ["view_generateddocument"],
        "reviewer": ["view_generateddocument"],
        "leader": ["view_generateddocument", "issue_notice"],
        "admin": ["view_generateddocument"],
    }

    def ready(self):
        from apps.core import navigation

        from . import kinds

        kinds.register("notice", "通知公文", "documents/official_notice.html",
                       sample="apps.documents.testing:notice_sample")

        from config.celery import app

        # a render whose worker was killed outright is sent again within a minute or two (apps/core/jobs.py)
        app.conf.beat_schedule["recover-lost-renders"] = {"task": "apps.documents.tasks.recover_lost_renders",
                                                          "schedule": 60.0}
        navigation.register(
            navigation.NavItem("工作台", "通知中心", "documents:notification_list", icon="bell", order=10),
            navigation.NavItem("督办与报告", "公文与文书", "documents:document_list",
                               permission="documents.view_generateddocument", icon="file-earmark-pdf", order=90),
        )
