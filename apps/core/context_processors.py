from django.conf import settings

from .navigation import menu_for

# The plan the portal serves, cited by its real title wherever a page names it
# (source: the policy text 鄂人社发〔2023〕21号, 2023-06-09).
PLAN_TITLE = "《湖北省推进新时代和谐劳动关系创建活动工作方案》"
PLAN_NUMBER = "鄂人社发〔2023〕21号"


def portal(request):
    user = getattr(request, "user", None)
    context = {"PORTAL_NAME": settings.PORTAL_NAME, "DEMO_MODE": settings.DEMO_MODE,
               "PLAN_TITLE": PLAN_TITLE, "PLAN_NUMBER": PLAN_NUMBER}
    if user is not None and user.is_authenticated:
        context["nav_menu"] = menu_for(user, request.path)
    return context
