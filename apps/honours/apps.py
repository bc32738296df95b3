from django.apps import AppConfig


class HonoursConfig(AppConfig):
    name = "apps.honours"
    verbose_name = "示范创建"
    role_permissions = {
        "clerk": ["view_selectionround", "view_application", "add_application", "view_demonstrationtitle",
                  "view_rereview"],
        "reviewer": ["view_selectionround", "view_application", "recommend_application", "review_application",
                     "view_demonstrationtitle", "view_objection", "handle_objection", "view_rereview"],
        "leader": ["view_selectionround", "view_application", "recommend_application", "review_application",
                   "manage_round", "decide_round", "handle_objection", "decide_rereview", "view_objection",
                   "view_demonstrationtitle", "view_rereview"],
        "admin": ["view_selectionround", "view_application", "view_demonstrationtitle"],
    }

    def ready(self):
        from apps.documents import kinds

        for code, label, template, layout, sample in (
            ("honour-publicity", "拟命名名单公示", "honours/docs/publicity_notice.html", "official", "publicity_sample"),
            ("honour-naming", "命名通知", "honours/docs/naming_notice.html", "official", "naming_notice_sample"),
            ("honour-revocation", "撤销称号通知", "documents/official_notice.html", "official", "revocation_sample"),
            ("honour-rereview-letter", "复核通知", "documents/official_notice.html", "official",
             "rereview_letter_sample"),
            ("honour-certificates", "示范单位证书", "honours/docs/certificates.html", "certificate",
             "certificates_sample"),
            ("honour-certificate", "示范单位证书", "honours/docs/certificates.html", "certificate",
             "certificates_sample"),
        ):
            kinds.register(code, label, template, layout, sample=f"apps.honours.testing:{sample}")
        from apps.core import navigation
        from apps.core.dashboard import Panel, register_panel

        from . import workflow  # noqa: F401  (registers the stage tables)
        from .home import waiting_for

        register_panel(Panel("honours/_home_panel.html", waiting_for, order=20))

        P = "honours."
        navigation.register(
            navigation.NavItem("示范创建", "评选活动", "honours:round_list", permission=P + "view_selectionround",
                               icon="trophy", order=10),
            navigation.NavItem("示范创建", "申报与推荐", "honours:application_list",
                               permission=P + "view_application", icon="card-checklist", order=20),
            navigation.NavItem("示范创建", "公示异议", "honours:objection_list", permission=P + "view_objection",
                               icon="megaphone", order=30),
            navigation.NavItem("示范创建", "示范单位", "honours:title_list",
                               permission=P + "view_demonstrationtitle", icon="award", order=40),
            navigation.NavItem("示范创建", "复核", "honours:rereview_list", permission=P + "view_rereview",
                               icon="arrow-repeat", order=50),
            navigation.NavItem("示范创建", "全国推荐名单", "honours:national_list",
                               permission=P + "view_demonstrationtitle", icon="flag", order=60, staff_only=True),
            # enterprise and expert accounts hold no role: their own entries, by kind
            navigation.NavItem("示范创建", "示范申报", "honours:application_list", icon="card-checklist", order=21,
                               kinds=("enterprise",)),
            navigation.NavItem("示范创建", "示范复核", "honours:rereview_list", icon="arrow-repeat", order=51,
                               kinds=("enterprise",)),
            navigation.NavItem("示范创建", "专家评审", "honours:expert_tasks", icon="clipboard-check", order=22,
                               kinds=("expert",)),
        )
