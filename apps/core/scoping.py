"""The one rule that decides which rows a user may see: everything inside the user's area.

Every scoped model declares once how it reaches a region's materialised path (`scope_region_path`,
e.g. "region__path" or "subject__region__path"); rows owned by one person declare `scope_owner`
instead. Enterprise accounts see the rows of their own enterprise (`scope_enterprise`), agency and
expert accounts see only the objects they were granted through django-guardian. Every list, detail,
form choice, export, count, chart and job goes through `visible_to(user)`; no view writes its own
area filter.
"""

import re

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404


class OutOfScope(PermissionDenied):
    """A save would put a row outside the user's area."""


class ScopedQuerySet(models.QuerySet):
    def inside(self, region_path):
        """Rows whose region lies inside (or is) the region with this path."""
        return self.filter(**{f"{self.model.scope_region_path}__startswith": region_path})

    def visible_to(self, user):
        model = self.model
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        owner = getattr(model, "scope_owner", None)
        if owner:
            return self.filter(**{owner: user})
        if user.is_superuser:
            return self
        if user.scope_path and getattr(model, "scope_region_path", None):
            return self.inside(user.scope_path)
        enterprise_field = getattr(model, "scope_enterprise", None)
        if enterprise_field and getattr(user, "enterprise_id", None):
            return self.filter(**{enterprise_field: user.enterprise_id})
        if user.is_assignee:
            return self.granted_to(user)
        return self.none()

    def granted_to(self, user):
        """Objects an agency or expert account was explicitly assigned (guardian object grants)."""
        from guardian.shortcuts import get_objects_for_user

        perm = f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        return get_objects_for_user(user, perm, klass=self, accept_global_perms=False, with_superuser=False)


def is_visible(user, obj):
    return type(obj)._default_manager.visible_to(user).filter(pk=obj.pk).exists()


def restrict_form_fields(form, user):
    """Offer in every foreign-key choice only what the user may see (as NetBox does)."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "visible_to"):
            field.queryset = queryset.visible_to(user)


def save_in_scope(form, user, commit_m2m=True):
    """Save a model form and re-check, inside the same transaction, that the row is still visible.

    Nobody may move a record into or out of an area they do not hold: the update view only finds rows
    inside the area, and this check refuses a save that would put the row outside it.
    """
    with transaction.atomic():
        obj = form.save()
        if not is_visible(user, obj):
            transaction.set_rollback(True)
            raise OutOfScope("保存后的记录将位于您的管辖区域之外，操作未执行。")
    return obj


REGION_CODE = re.compile(r"^\d{2,12}$")  # 42, 4201, 420102, 420102002 (a 区划代码)


def own_area(user):
    """The area a user works in: the region of their office; the province for a superuser without one."""
    from apps.regions.models import Region

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
    from apps.regions.models import Region

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
