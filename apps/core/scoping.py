"""The one rule that decides which rows a user may see: everything inside the user's area.

Every scoped model declares once how it reaches a region's materialised path (`scope_region_path`,
e.g. "region__path" or "subject__region__path"); rows owned by one person declare `scope_owner`
instead. Enterprise accounts see the rows of their own enterprise (`scope_enterprise`), agency and
expert accounts see only the objects they were granted through django-guardian. Every list, detail,
form choice, export, count, chart and job goes through `visible_to(user)`; no view writes its own
area filter.
"""


from django.core.exceptions import PermissionDenied
from django.db import models, transaction


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
