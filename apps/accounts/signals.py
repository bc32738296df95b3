"""Every grant or removal of a role is written into the user's 变更记录, naming the roles.

Roles are groups (a many-to-many relation that django-simple-history does not follow), so the change is
recorded here, whichever way it was made (the user form, the Django admin, a command): one history row per
change, its reason naming the roles added or removed; the history row's user is whoever made the request.
"""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed

from .models import User

WORDS = {"post_add": "授予角色", "post_remove": "撤销角色"}


def record_role_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear":
        # a clear() says nothing about what it removes: read it before it happens
        instance._roles_cleared = list(instance.groups.values_list("name", flat=True)) if not reverse else None
        return
    if action == "post_clear":
        names, users, action = getattr(instance, "_roles_cleared", None), [instance], "post_remove"
        if not names:
            return
    elif action in WORDS and pk_set:
        if reverse:  # group.user_set.add(user, …)
            names, users = [instance.name], list(User.objects.filter(pk__in=pk_set))
        else:
            names, users = list(Group.objects.filter(pk__in=pk_set).order_by("name").values_list("name", flat=True)), [instance]
    else:
        return
    for user in users:
        user._change_reason = f"{WORDS[action]}：{'、'.join(names)}"
        user.save(update_fields=["kind"])  # writes the history row; no field changes
        del user._change_reason


def connect():
    m2m_changed.connect(record_role_change, sender=User.groups.through, dispatch_uid="accounts.role_changes")
