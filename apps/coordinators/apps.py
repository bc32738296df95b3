from django.apps import AppConfig

VIEW = ["view_coordinator", "view_training", "view_trainingattendance", "view_skillevaluation", "view_contest",
        "view_goldmedal", "view_goldmedalquota", "view_awardrecommendation"]
ENTER = ["add_coordinator", "change_coordinator", "add_training", "change_training", "add_trainingattendance",
         "change_trainingattendance",
         "delete_trainingattendance", "add_skillevaluation", "add_contest", "change_contest",
         "add_awardrecommendation", "change_awardrecommendation"]


class CoordinatorsConfig(AppConfig):
    name = "apps.coordinators"
    verbose_name = "劳动关系协调员"
    role_permissions = {
        "clerk": VIEW + ENTER,
        "reviewer": VIEW + ["confirm_coordinator"],
        "leader": VIEW + ["nominate_goldmedal", "manage_goldmedal", "confirm_coordinator"],
        "admin": VIEW + ["reveal_id_number", "view_idnumberaccess"],
    }

    def ready(self):
        from apps.documents import kinds

        kinds.register("certificate", "金牌协调员证书", "coordinators/gold_medal_certificate.html", "certificate",
                       sample="apps.coordinators.testing:gold_medal_certificate_sample")
        from apps.core import navigation
        from apps.core.dashboard import Counter, register_counter

        from . import coverage, workflow  # noqa: F401  (workflow registers the coordinators' workflows)
        from .figures import ON_DUTY

        coverage.connect()

        P = "coordinators."  # noqa: N806
        navigation.register(
            navigation.NavItem("协调员", "协调员台账", "coordinators:coordinator_list", permission=P + "view_coordinator",
                               icon="person-badge", order=10),
            navigation.NavItem("协调员", "数量结构分布", "coordinators:structure", permission=P + "view_coordinator",
                               icon="bar-chart", order=20),
            navigation.NavItem("协调员", "培训", "coordinators:training_list", permission=P + "view_training",
                               icon="easel", order=30),
            navigation.NavItem("协调员", "年度培训检查", "coordinators:training_check", permission=P + "view_training",
                               icon="calendar-check", order=35),
            navigation.NavItem("协调员", "技能等级评价", "coordinators:evaluation_list",
                               permission=P + "view_skillevaluation", icon="award", order=40),
            navigation.NavItem("协调员", "技能比武", "coordinators:contest_list", permission=P + "view_contest",
                               icon="trophy", order=45),
            navigation.NavItem("协调员", "金牌协调员", "coordinators:goldmedal_list", permission=P + "view_goldmedal",
                               icon="star", order=50),
            navigation.NavItem("协调员", "荣誉推荐", "coordinators:award_list",
                               permission=P + "view_awardrecommendation", icon="patch-check", order=55),
            navigation.NavItem("协调员", "身份证号查看记录", "coordinators:id_access_list",
                               permission=P + "reveal_id_number", icon="eye", order=90),
        )
        register_counter(Counter("在岗协调员", ON_DUTY["total"], url_name="coordinators:coordinator_list",
                                 permission=P + "view_coordinator", unit="人", order=40))
