"""A page's former address (it moved to another app or under /public/): the one way to keep old links working.

`moved("coordinators/risks/<int:pk>/", "risks:risk_detail")` answers a permanent redirect to the named page with
the same URL arguments and query string: 301 for GET and HEAD (bookmarks, links in old notifications, addresses
printed on paper), 308 for a posted form, so a form opened before the move is still submitted as a POST."""

from django.http import HttpResponsePermanentRedirect
from django.urls import path
from django.views.generic import RedirectView


class PermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


class MovedView(RedirectView):
    permanent = True
    query_string = True
    http_method_names = ["get", "head", "post", "options"]

    def post(self, request, *args, **kwargs):
        url = self.get_redirect_url(*args, **kwargs)
        return PermanentRedirectKeepingMethod(url)


def moved(route, pattern_name, name=None):
    """The URL pattern of a former address `route` that now lives at the route named `pattern_name`."""
    return path(route, MovedView.as_view(pattern_name=pattern_name), name=name)
