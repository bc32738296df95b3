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
