"""Reading numbers out of a query string without trusting it.

A query parameter is whatever a browser, a crawler or an attacker sends: a NUL byte (which PostgreSQL
refuses in text, so an unguarded filter gives a 500), "-5", "99999999999999999999" (beyond a bigint),
"1e309". `QuerySanitizerMiddleware` strips NUL bytes from every query parameter before any view runs;
these helpers turn the rest into a number in range, or None, so that a bad value is ignored, never a 500.
"""

YEAR_MIN, YEAR_MAX = 1949, 2100   # any year a ledger may sensibly be filtered by
INT_MAX = 2**31 - 1               # an integer column; a page number


def bounded_int(raw, *, low=-INT_MAX, high=INT_MAX, default=None):
    """`raw` as an int within [low, high], else `default` (never raises)."""
    if raw is None:
        return default
    text = str(raw).strip()
    if not text or len(text) > 12:
        return default
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if not digits.isascii() or not digits.isdigit():
        return default
    value = sign * int(digits)
    return value if low <= value <= high else default


CAMPAIGN_FIRST, CAMPAIGN_LAST = 2023, 2027  # 鄂人社发〔2023〕21号: the campaign runs 2023–2027


def current_year(today=None):
    """The campaign year shown by default: this year on the portal's clock (Asia/Shanghai), within 2023–2027.
    The one definition every app uses."""
    from django.utils import timezone

    year = (today or timezone.localdate()).year
    return min(max(year, CAMPAIGN_FIRST), CAMPAIGN_LAST)


def campaign_year(request, years=None, name="year"):
    """The year a page was asked for (query string, or the form posted), if it is one of `years` (default the
    campaign's 2023–2027); else this year, brought within them. The one reading of "which year" for pages,
    filter sets (which pass their data, a QueryDict or dict, instead of a request) and jobs."""
    years = list(years or range(CAMPAIGN_FIRST, CAMPAIGN_LAST + 1))
    if hasattr(request, "GET"):
        raw = request.GET.get(name) or getattr(request, "POST", {}).get(name)
    else:
        raw = (request or {}).get(name)
    year = bounded_int(raw, low=years[0], high=years[-1])
    if year in years:
        return year
    from django.utils import timezone

    return min(max(timezone.localdate().year, years[0]), years[-1])
