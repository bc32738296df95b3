from django.utils.cache import patch_vary_headers

from .querying import bounded_int


class VaryOnHtmxMiddleware:
    """A URL that answers htmx with a fragment and browsers with a page must say so to caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response


class QuerySanitizerMiddleware:
    """Clean the query string before any view, filter or paginator reads it.

    - NUL bytes are stripped from every parameter's name and value: PostgreSQL refuses NUL in text, so one
      `?q=%00` reaching a filter or a lookup was a 500, and no page has a use for the byte;
    - `page` must be a page number (or "last") and `per_page` a row count of at most PER_PAGE_MAX, else the
      parameter is dropped (first page, default size): a negative size crashed the paginator, a huge one
      would draw a million rows.
    """

    PER_PAGE_MAX = 100

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        if any("\x00" in k or any("\x00" in v for v in vs) for k, vs in query.lists()) \
                or "page" in query or "per_page" in query:
            clean = query.copy()
            clean.clear()
            for key, values in query.lists():
                clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            page = clean.get("page")
            if page is not None and page != "last" and bounded_int(page, low=1) is None:
                del clean["page"]
            if "per_page" in clean:
                size = bounded_int(clean["per_page"], low=1)
                if size is None:
                    del clean["per_page"]
                else:
                    clean["per_page"] = str(min(size, self.PER_PAGE_MAX))
            clean._mutable = False
            request.GET = clean
        return self.get_response(request)
