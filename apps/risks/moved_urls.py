"""The risk pages lived under /coordinators/risks/ until they became their own app: every old address answers a
permanent redirect to the same page under /risks/ (query string kept), so bookmarks and links in old
notifications still lead there. A form posted to an old address is redirected with 308, which keeps the POST."""

from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse

app_name = "risks_moved"


class PermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


def moved(request, rest=""):
    target = reverse("risks:risk_list") + rest
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    if request.method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(target)
    return PermanentRedirectKeepingMethod(target)


urlpatterns = [
    path("", moved, name="moved_list"),
    path("<path:rest>", moved, name="moved"),
]
