"""A page's former address (it moved to another app or under /public/): the one way to keep old links working.

`moved("coordinators/public/", "public:coordinator_list")` answers a permanent redirect to the named page with
the same URL arguments and query string; `moved_below("", "risks:risk_list")` does so for every address below an
old prefix (the same path under the new one). 301 for GET and HEAD (bookmarks, links in old notifications,
addresses printed on paper), 308 for a posted form, so a form opened before the move is still submitted as a POST.
No row is read: the page redirected to applies the area rule itself."""

from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse
from django.views.generic import RedirectView


class PermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


class MovedView(RedirectView):
    permanent = True
    http_method_names = ["get", "head", "post", "options"]

    def get_redirect_url(self, *args, rest="", **kwargs):
        url = reverse(self.pattern_name, args=args, kwargs=kwargs) + rest
        query = self.request.META.get("QUERY_STRING", "")
        return f"{url}?{query}" if query else url

    def post(self, request, *args, **kwargs):
        return PermanentRedirectKeepingMethod(self.get_redirect_url(*args, **kwargs))


def moved(route, pattern_name):
    """The URL pattern of a former address `route` that now lives at the route named `pattern_name` (and is named
    as it is, in the namespace of the former addresses)."""
    return path(route, MovedView.as_view(pattern_name=pattern_name), name=pattern_name.rsplit(":", 1)[-1])


def moved_below(prefix, pattern_name):
    """The former addresses `prefix` and everything below it, now below the route named `pattern_name`."""
    view = MovedView.as_view(pattern_name=pattern_name)
    return [path(prefix, view, name="moved"), path(prefix + "<path:rest>", view, name="moved_below")]
