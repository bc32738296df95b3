from .models import Notification


def unread(request):
    """The header bell's unread count (templates/documents/_bell.html) on every page of a logged-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.visible_to(user).unread().count()}
