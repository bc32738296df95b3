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


def query_year(request, name="year", default=None):
    """A year from the query string, or `default` when missing or outside any sensible year."""
    return bounded_int(request.GET.get(name), low=YEAR_MIN, high=YEAR_MAX, default=default)
