"""Who may do what to a row, once per model (after Wagtail's permission policies and NetBox's
`restrict(user, action)`).

Every ledger model has one policy, `policy_for(Model)`, that answers the three questions a page, a template,
a workflow or a job asks:

    policy.queryset(user, action="view")   the rows the user may see (for "view", today's `visible_to`) or
                                           act on (the role's permission, the level of the user's office and
                                           the states in which the action is open)
    policy.can(user, action, obj=None)     may the user take this action on this row (or at all, obj=None):
                                           "view", "add", "edit", "delete", "act" (any step of the row's
                                           workflows), a declared action ("manage", "import"…) or the name of
                                           a workflow transition ("recommend", "accept"…)
    policy.users_with(action, obj)         whom to tell: active staff of the offices over (or at) the row's
                                           area holding the action's permission at its levels

Apps declare their policies in `apps/<app>/policies.py` (`@register_policy`); a scoped model without one
gets the default policy (permissions `app.<verb>_<model>`, no level, no state limit). Templates ask the one
tag `{% can "edit" obj as may_edit %}`. The lower-level `users_with(permission, over=…, at=…, levels=…)` is
the one query for "active staff holding a permission in an area"; no app writes its own
`groups__permissions__codename` or `office__region` user query.

    users_with("honours.recommend_application", over=app.region.path, levels=["county"])
    users_with("supervision.review_annualreport", at=report.reviewer_region_id)
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from .scoping import is_visible

STAFF = "staff"
# the verbs of Django's default permissions, by the action a page names
DEFAULT_VERBS = {"view": "view", "add": "add", "edit": "change", "change": "change", "delete": "delete"}


def ancestor_paths(path):
    """The materialised paths of a region and of every region above it ("42/", "42/4201/", …)."""
    parts = [p for p in (path or "").split("/") if p]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def users_with(permission, *, over=None, at=None, path=None, below=None, levels=(), unit=None,
               superusers=False):
    """Active staff users holding `permission` ("app_label.codename") through their role groups, whose office
    is the region `at` (a Region or its id, or a list of them), the region whose path is `path` (or one of
    several paths), a region directly `below` a region (a Region or its id: the offices of its children), or
    any region over the path `over` (the row's own region and those above it), optionally only at these
    `levels` and of one member `unit` ("hrss"…). `permission=None` asks for any active staff there.
    `superusers=True` adds superusers (who hold every permission without a group). A queryset, ordered by pk."""
    User = get_user_model()  # noqa: N806  (the custom user of AUTH_USER_MODEL; core names no app above it)

    users = User.objects.filter(is_active=True, kind=User.Kind.STAFF)
    if permission:
        app_label, codename = permission.split(".", 1)
        holds = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
        if superusers:
            holds |= Q(is_superuser=True)
        users = users.filter(holds)
    if over is not None:
        users = users.filter(office__region__path__in=ancestor_paths(over))
    if at is not None:
        many = isinstance(at, (list, tuple, set)) or hasattr(at, "model")
        users = users.filter(office__region__in=at) if many else users.filter(office__region=at)
    if path is not None:
        paths = [path] if isinstance(path, str) else list(path)
        users = users.filter(office__region__path__in=paths)
    if unit is not None:
        users = users.filter(office__member_unit=unit)
    if below is not None:
        users = users.filter(office__region__parent=below)
    if levels:
        users = users.filter(office__region__level__in=list(levels))
    return users.distinct().order_by("pk")


def user_level(user):
    """The level of the user's office ("province", "city", "county", "township"), or None."""
    return user.region.level if getattr(user, "office_id", None) else None


def region_path_of(obj):
    """The materialised path of the region a row lies in, read along its model's `scope_region_path`."""
    lookup = getattr(type(obj), "scope_region_path", None)
    if not lookup:
        return None
    value = obj
    for part in lookup.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


class Policy:
    """The rights on one model. Subclass, set `model` and what differs from the defaults, `register_policy` it.

    permissions: action -> "app.codename" (default: "view"/"add"/"edit"/"delete" -> Django's default ones,
                 any other action -> "app.<action>_<model>")
    levels:      action -> the office levels that take it (no entry: any level; superusers always may)
    states:      action -> the states of `state_field` in which it is open (per-state edit rights)
    kinds:       action -> user kinds besides staff who take it on the rows they see (enterprise, agency…);
                 such users need no role permission (`visible_to` and `allows` decide)
    owners:      action -> the row's field naming the office region that alone takes it ("nominator_region_id":
                 the office that nominated edits its nomination, no office above it)
    Levels, states and owners are declarations: `can` asks them of a row and `queryset` filters by them. `allows`
    is for what cannot be declared; it is asked of each row by `can` only.
    """

    model = None
    permissions: dict = {}
    levels: dict = {}
    states: dict = {}
    state_field = "status"
    kinds: dict = {"view": ("enterprise", "agency", "expert")}
    owners: dict = {}

    def __init__(self, model=None):
        if model is not None:
            self.model = model

    # ------------------------------------------------------------------ reading the declarations

    def permission(self, action):
        if action in self.permissions:
            return self.permissions[action]
        opts = self.model._meta
        return f"{opts.app_label}.{DEFAULT_VERBS.get(action, action)}_{opts.model_name}"

    def holds(self, user, action):
        """Whether `user` takes `action` at all, on no row in particular: kind, role permission and level."""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser:
            return True
        if action == "view" and getattr(self.model, "scope_owner", None):
            return True  # a row of one person's own (a background job): its owner sees it without a role
        if user.kind != STAFF:
            return user.kind in self.kinds.get(action, ()) and self.allows(user, action, None)
        if not user.has_perm(self.permission(action)):
            return False
        levels = self.levels.get(action)
        if levels and user_level(user) not in levels:
            return False
        return self.allows(user, action, None)

    def at_level(self, user, action):
        """Whether the level of the user's office is one that takes `action` (superusers always are); the
        level part of `holds`, for pages that check the role permission themselves."""
        levels = self.levels.get(action)
        return bool(user.is_superuser or not levels or user_level(user) in levels)

    def allows(self, user, action, obj):
        """Extra rule of a model (a unit's own account, the office that nominated…); obj may be None."""
        return True

    def state_of(self, obj):
        return getattr(obj, self.state_field, None)

    def transitions(self, name=None):
        """(workflow, transition) pairs of this model's registered workflows, optionally of one name."""
        from django.utils.module_loading import autodiscover_modules

        from .workflow import WORKFLOWS

        autodiscover_modules("workflow")  # imported once; a no-op afterwards
        return [(w, t) for w in WORKFLOWS.values() if w.model is self.model
                for t in w.transitions if name is None or t.name == name]

    # ------------------------------------------------------------------ the three questions

    def queryset(self, user, action="view"):
        rows = self.model._default_manager.visible_to(user)
        if action == "view":
            return rows
        if not self.holds(user, action):
            return rows.none()
        if action in self.states:
            rows = rows.filter(**{f"{self.state_field}__in": list(self.states[action])})
        if action in self.owners:
            rows = rows.filter(**{self.owners[action]: getattr(user.region, "pk", None)})
        return rows

    def owns(self, user, action, obj):
        """Whether the user's office is the row's owner for `action` (no owner declared: any office may)."""
        field = self.owners.get(action)
        return field is None or getattr(user.region, "pk", None) == getattr(obj, field)

    def can(self, user, action, obj=None, listed=False):
        """`listed=True`: the row was read through `queryset(user)` (a table's row), so its visibility is
        known and not asked again (one query fewer per row)."""
        if obj is None:
            return self.holds(user, action)
        steps = self.transitions(action) if action not in DEFAULT_VERBS else []
        if steps:
            if listed:  # the workflow's own table, its scope known: kind, role, level, state and actor
                open_ = any(w.takes(user, t) and w.state_of(obj) in t.sources and not (t.actor and t.actor(obj, user))
                            for w, t in steps)
            else:
                open_ = any(not w.problem(obj, t, user) for w, t in steps)
            return open_ and self.allows(user, action, obj)
        if action == "act":
            return any(not w.problem(obj, t, user) for w, t in self.transitions())
        if not self.holds(user, action) or not (listed or is_visible(user, obj)):
            return False
        if action in self.states and self.state_of(obj) not in self.states[action]:
            return False
        return self.owns(user, action, obj) and self.allows(user, action, obj)

    def users_with(self, action, obj=None, *, levels=None, superusers=False):
        """Whom to tell about `obj`: active staff over the row's area holding the action's permission at the
        action's levels (or `levels`)."""
        steps = self.transitions(action) if action not in DEFAULT_VERBS else []
        if steps and steps[0][1].permission:
            permission, levels = steps[0][1].permission, levels or steps[0][1].levels
        else:
            permission = self.permission(action)
        levels = levels if levels is not None else self.levels.get(action, ())
        over = region_path_of(obj) if obj is not None else None
        return users_with(permission, over=over, levels=levels, superusers=superusers)


POLICIES: dict = {}


def register_policy(policy_class):
    """Register a model's policy (usable as a decorator); one per model."""
    model = policy_class.model
    if model is None:
        raise RuntimeError("a policy needs a model")
    if model in POLICIES and type(POLICIES[model]) not in (policy_class, Policy):
        raise RuntimeError(f"policy for {model.__name__} registered twice")
    POLICIES[model] = policy_class()
    return policy_class


def policy_for(obj_or_model):
    """The policy of a model (or of a row's model): the registered one, else the default."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    model = getattr(model._meta, "concrete_model", model)
    if model not in POLICIES:
        POLICIES[model] = Policy(model)
    return POLICIES[model]


def can(user, action, obj_or_model):
    """Shortcut: `policy_for(obj).can(user, action, obj)` (a model class asks without a row)."""
    if isinstance(obj_or_model, type):
        return policy_for(obj_or_model).can(user, action)
    return policy_for(obj_or_model).can(user, action, obj_or_model)
