"""Who may do what in the biennial selection and the re-review (apps/core/policy.py)."""

from apps.core.policy import Policy, register_policy

from .models import Application, DemonstrationTitle, ExpertAssignment, ReReview, SelectionRound

PROVINCE = ("province",)


@register_policy
class SelectionRoundPolicy(Policy):
    """A round is opened, staged and its experts assigned by the province office (组织创建命名活动)."""

    model = SelectionRound
    permissions = {"add": "honours.manage_round", "edit": "honours.manage_round",
                   "manage": "honours.manage_round", "assign": "honours.manage_round"}
    levels = {"add": PROVINCE, "edit": PROVINCE, "manage": PROVINCE, "assign": PROVINCE}


@register_policy
class ApplicationPolicy(Policy):
    """Applications: seen inside the area (and by the unit's accounts and the assigned experts); their steps
    are the transitions of apps/honours/workflow.py."""

    model = Application
    kinds = {"view": ("enterprise", "expert")}


@register_policy
class ExpertAssignmentPolicy(Policy):
    """An expert's scoring sheet: the assigned expert scores it; office staff who may see the application
    read it (the application's view right)."""

    model = ExpertAssignment
    permissions = {"view": "honours.view_application"}
    kinds = {"view": ("expert",)}


@register_policy
class DemonstrationTitlePolicy(Policy):
    model = DemonstrationTitle
    kinds = {"view": ("enterprise",)}


@register_policy
class ReReviewPolicy(Policy):
    model = ReReview
    permissions = {"decide": "honours.decide_rereview"}
    levels = {"decide": PROVINCE}
    kinds = {"view": ("enterprise",)}
