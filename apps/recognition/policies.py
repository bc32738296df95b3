"""Who may do what with cases, commendations and incentives (apps/core/policy.py)."""

from apps.core.policy import Policy, register_policy

from .models import Case, Commendation, Incentive

LOCAL = ("county", "city")  # cases and commendations are put forward by a county or a city office


@register_policy
class CasePolicy(Policy):
    """A case is written by an enterprise about itself, or by a county or city office."""

    model = Case
    levels = {"add": LOCAL}
    kinds = {"view": ("enterprise",), "add": ("enterprise",)}

    def allows(self, user, action, obj):
        return user.kind != "enterprise" or bool(user.enterprise_id)


@register_policy
class CommendationPolicy(Policy):
    """A commendation is nominated by a county or city office; the province issues the list (审定名单)."""

    model = Commendation
    permissions = {"issue": "recognition.approve_commendation"}
    levels = {"add": LOCAL, "issue": ("province",)}


@register_policy
class IncentivePolicy(Policy):
    model = Incentive
