"""Who may do what with cases, commendations and incentives (apps/core/policy.py)."""

from apps.core.policy import Policy, register_policy

from .models import Case, Commendation, Incentive

LOCAL = ("county", "city")  # cases and commendations are put forward by a county or a city office


@register_policy
class CasePolicy(Policy):
    """A case is written by an enterprise about itself, or by a county or city office."""

    model = Case
    levels = {"add": LOCAL}
    kinds = {"view": ("enterprise",), "add": ("enterprise",), "edit": ("enterprise",)}
    states = {"edit": Case.EDITABLE}

    def allows(self, user, action, obj):
        if user.kind == "enterprise" and not user.enterprise_id:
            return False
        if action == "edit" and obj is not None:
            # while a draft or returned (states), by whoever wrote it: the enterprise itself, or the offices
            if obj.author_kind == "enterprise":
                return user.kind == "enterprise" and user.enterprise_id == obj.enterprise_id
            return user.kind == "staff"
        return True


@register_policy
class CommendationPolicy(Policy):
    """A commendation is nominated by a county or city office; the province issues the list (审定名单)."""

    model = Commendation
    permissions = {"issue": "recognition.approve_commendation"}
    levels = {"add": LOCAL, "issue": ("province",)}
    # a nomination is edited (and its materials uploaded) by the office that nominated, while a draft or returned
    states = {"edit": Commendation.EDITABLE}
    owners = {"edit": "nominator_region_id"}


@register_policy
class IncentivePolicy(Policy):
    model = Incentive
