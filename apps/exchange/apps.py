from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "apps.exchange"
    verbose_name = "数据交换"
    # office admins issue and revoke tokens and read the call log of their area
    role_permissions = {
        "admin": ["view_apitoken", "manage_apitoken", "view_apicall", "view_platform", "add_platform",
                  "view_enterprisesignal"],
        "leader": ["view_apicall", "view_enterprisesignal"],
        "reviewer": ["view_enterprisesignal"],
        "clerk": ["view_enterprisesignal"],
    }

    def ready(self):
        from django.apps import apps

        from apps.core import navigation

        from .models import EnterpriseSignal

        if apps.is_installed("apps.honours"):
            from apps.honours import services as honours

            # a title's application shows the unit's signals (honours.services.unit_risks)
            honours.provide_signals(EnterpriseSignal.objects.of_unit)

        navigation.register(
            navigation.NavItem("系统管理", "接口令牌", "exchange:token_list", permission="exchange.manage_apitoken",
                               icon="key", order=60),
            navigation.NavItem("系统管理", "兄弟平台", "exchange:platform_list", permission="exchange.view_platform",
                               icon="diagram-3", order=61),
            navigation.NavItem("系统管理", "接口调用记录", "exchange:call_list", permission="exchange.view_apicall",
                               icon="journal-text", order=62),
            navigation.NavItem("系统管理", "接口文档", "exchange:api_docs", icon="book", order=63, staff_only=True),
        )
