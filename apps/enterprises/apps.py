from django.apps import AppConfig

VIEW = ["view_subject", "view_enterprise", "view_creationrecord", "view_contactassignment", "view_contactvisit"]


class EnterprisesConfig(AppConfig):
    name = "apps.enterprises"
    verbose_name = "企业与创建台账"
    role_permissions = {
        "clerk": [*VIEW, "add_enterprise", "change_enterprise", "add_creationrecord", "change_creationrecord",
                  "import_enterprise", "export_enterprise", "invite_enterprise", "add_contactassignment",
                  "change_contactassignment", "add_contactvisit", "change_contactvisit", "delete_contactvisit"],
        "reviewer": [*VIEW, "change_creationrecord", "export_enterprise"],
        "leader": [*VIEW, "export_enterprise"],
        "admin": [*VIEW, "export_enterprise", "invite_enterprise"],
    }

    def ready(self):
        from apps.core import navigation
        from apps.core.dashboard import Counter, register_counter

        from . import workflow  # noqa: F401  (registers the ledger's 示范 steps)

        navigation.register(
            navigation.NavItem("创建台账", "企业创建台账", "enterprises:enterprise_list",
                               permission="enterprises.view_enterprise", icon="building", order=10),
            navigation.NavItem("创建台账", "联系培育", "enterprises:contact_list",
                               permission="enterprises.view_contactassignment", icon="people", order=40),
        )
        from .figures import ENTERPRISES, RECORDS

        register_counter(Counter("企业", ENTERPRISES["total"], url_name="enterprises:enterprise_list",
                                 permission="enterprises.view_enterprise", unit="家", order=10))
        register_counter(Counter("本年创建达标企业", RECORDS["enterprise_qualified"],
                                 url_name="enterprises:enterprise_list", permission="enterprises.view_enterprise",
                                 unit="家", order=11, query=_qualified_query))


def _qualified_query():
    from .filters import REACHED, current_year

    return f"year={current_year()}&status={REACHED}"
