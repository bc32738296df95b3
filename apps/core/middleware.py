from django.utils.cache import patch_vary_headers


class VaryOnHtmxMiddleware:
    """A URL that answers htmx with a fragment and browsers with a page must say so to caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response
