from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "apps.enterprises"
    verbose_name = "企业与创建台账"
    role_permissions = {
        "clerk": ["view_subject", "view_enterprise", "add_enterprise", "change_enterprise",
                  "view_creationrecord", "add_creationrecord", "change_creationrecord"],
        "reviewer": ["view_subject", "view_enterprise", "view_creationrecord", "change_creationrecord"],
        "leader": ["view_subject", "view_enterprise", "view_creationrecord"],
        "admin": ["view_subject", "view_enterprise", "view_creationrecord"],
    }
