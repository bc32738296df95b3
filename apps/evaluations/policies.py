"""Who may do what with assessments and spot checks (apps/core/policy.py)."""

from apps.core.policy import Policy, register_policy

from .models import Assessment, SpotCheck


@register_policy
class AssessmentPolicy(Policy):
    """Assessments: seen inside the area, by the unit's accounts and by the agency they were entrusted to;
    their steps are the transitions of apps/evaluations/workflow.py."""

    model = Assessment
    kinds = {"view": ("enterprise", "agency")}


@register_policy
class SpotCheckPolicy(Policy):
    """Spot checks are drawn by the province office (组织抽查)."""

    model = SpotCheck
    permissions = {"draw": "evaluations.manage_spotcheck"}
    levels = {"draw": ("province",)}
