"""Who may do what with assessments and spot checks (apps/core/policy.py)."""

from apps.core.policy import Policy, register_policy

from .models import Assessment, Evidence, Indicator, SpotCheck


@register_policy
class AssessmentPolicy(Policy):
    """Assessments: seen inside the area, by the unit's accounts and by the agency they were entrusted to;
    their steps are the transitions of apps/evaluations/workflow.py."""

    model = Assessment
    kinds = {"view": ("enterprise", "agency")}


@register_policy
class EvidencePolicy(Policy):
    """Evidence is read with its assessment (the assessment's view right; the unit's and the agency's
    accounts through `visible_to`)."""

    model = Evidence
    permissions = {"view": "evaluations.view_assessment"}
    kinds = {"view": ("enterprise", "agency")}


@register_policy
class IndicatorPolicy(Policy):
    """Indicators are read and edited with their indicator set."""

    model = Indicator
    permissions = {"view": "evaluations.view_indicatorset", "add": "evaluations.change_indicatorset",
                   "edit": "evaluations.change_indicatorset", "delete": "evaluations.change_indicatorset"}


@register_policy
class SpotCheckPolicy(Policy):
    """Spot checks are drawn by the province office (组织抽查)."""

    model = SpotCheck
    permissions = {"draw": "evaluations.manage_spotcheck"}
    levels = {"draw": ("province",)}
