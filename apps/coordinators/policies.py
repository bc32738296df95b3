"""Who may do what with coordinators and the programmes around them (apps/core/policy.py)."""

from apps.core.policy import Policy, register_policy

from .models import Coordinator, GoldMedal, Training

LEDGER_LEVELS = ("county", "township")  # the ledger is kept by the county and its townships


@register_policy
class CoordinatorPolicy(Policy):
    """The coordinator ledger is kept by the county (and its townships); the city and the province read it."""

    model = Coordinator
    permissions = {"import": "coordinators.add_coordinator", "reveal": "coordinators.reveal_id_number"}
    levels = {"add": LEDGER_LEVELS, "edit": LEDGER_LEVELS, "delete": LEDGER_LEVELS, "import": LEDGER_LEVELS}


@register_policy
class GoldMedalPolicy(Policy):
    """Quotas and the published list are the province's (可设定名额并公布金牌协调员名单); a nomination is returned
    by the province to an office other than its own."""

    model = GoldMedal
    permissions = {"manage": "coordinators.manage_goldmedal", "return": "coordinators.manage_goldmedal",
                   "nominate": "coordinators.nominate_goldmedal"}
    levels = {"manage": ("province",), "return": ("province",), "nominate": ("province", "city")}

    def allows(self, user, action, obj):
        if action == "return" and obj is not None:
            return obj.nominated_by_id != getattr(user.region, "pk", None)
        return True


@register_policy
class TrainingPolicy(Policy):
    model = Training

