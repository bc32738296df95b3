"""Parsing the 所在区划代码 cell of an imported row (the other cell parsers are in apps/core/cells.py)."""

from .models import Region


def regions_named(codes, user):
    """The regions these codes name ({code: region}) and the codes of those inside the user's area."""
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    visible = set(Region.objects.visible_to(user).filter(code__in=codes).values_list("code", flat=True))
    return regions, visible


def row_region(code, regions, visible, user, errors):
    """The row's region, or None with the reason in `errors` (unknown code, outside the user's area)."""
    region = regions.get(code)
    if code and region is None:
        errors.append(f"所在区划代码“{code}”不存在")
    elif region is not None and code not in visible:
        area = user.region.full_name if user.region else "您的管辖区域"
        errors.append(f"所在区划“{region.full_name}”不在您的管辖区域（{area}）内")
        return None
    return region
