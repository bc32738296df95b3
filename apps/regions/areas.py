"""Which area a page looks at: the one reading of ?area=<区划代码> for every page that takes an area.

It lives with the regions (not in apps.core, which names no app above it): an area is a Region."""

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Region

REGION_CODE = re.compile(r"^\d{2,12}$")  # 42, 4201, 420102, 420102002 (a 区划代码)


def own_area(user):
    """The area a user works in: the region of their office; the province for a superuser without one."""
    if getattr(user, "office_id", None) and getattr(user, "kind", "staff") == "staff":
        return user.region
    if getattr(user, "is_superuser", False):
        return Region.objects.filter(level=Region.Level.PROVINCE).first()
    return None


def area(request, name="area", levels=None):
    """The one reading of "which area does this page look at" (?area=<区划代码>, or ?region= where a page
    calls it so): the area asked for if it lies within the user's own area (and, with `levels`, is of one of
    these levels); the user's own area when none is asked (a value that is no region code at all, "abc" or
    "-1", asks for none); 404 for a code that is out of the user's area or does not exist. A user with no
    area of their own (no office) gets 403."""
    user = request.user
    own = own_area(user)
    if own is None:
        raise PermissionDenied("该页面仅对三方办工作人员开放。")
    code = (request.GET.get(name) or "").strip()
    if not code or code == own.code or not REGION_CODE.match(code):
        return own
    found = Region.objects.visible_to(user).filter(code=code)
    if levels:
        found = found.filter(level__in=list(levels))
    found = found.first()
    if found is None:
        raise Http404("没有这个区划，或它不在您的管辖范围内。")
    return found
