from django.conf import settings

from .navigation import menu_for


def portal(request):
    user = getattr(request, "user", None)
    context = {"PORTAL_NAME": settings.PORTAL_NAME, "DEMO_MODE": settings.DEMO_MODE}
    if user is not None and user.is_authenticated:
        from apps.documents.models import Notification

        context["nav_menu"] = menu_for(user, request.path)
        context["unread_notifications"] = Notification.objects.visible_to(user).unread().count()
    return context
