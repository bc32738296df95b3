"""Who may do what with risk reports (apps/core/policy.py): the default rules, per area."""

from apps.core.policy import Policy, register_policy

from .models import RiskReport


@register_policy
class RiskReportPolicy(Policy):
    model = RiskReport
