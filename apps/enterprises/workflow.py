"""The creation ledger's statuses that no clerk sets (CreationRecord.DERIVED_FROM): 示范 follows a title.

Both steps are system steps (apps/core/workflow.py, `perform_system`): a naming marks the naming year 示范,
a revocation turns the unit's 示范 years back to 达标; each leaves a history row with its reason and the
person whose step caused it (the province's naming or revocation).
"""

from apps.core.workflow import SYSTEM, Transition, Workflow, register

from .models import CreationRecord

S = CreationRecord.Status


def updated_by(record, user, reason, ctx):
    """Who caused it, and in history the cause itself ("命名为示范单位（鄂劳三方〔2026〕3号）")."""
    record.updated_by = user
    return reason


@register
class LedgerWorkflow(Workflow):
    model = CreationRecord
    name = "enterprises.ledger"
    label = "创建台账（示范）"
    select_related = ("subject",)
    transitions = [
        Transition("mark_demonstration", "命名为示范单位",
                   sources=[s for s in S.values if s != S.DEMONSTRATION], target=S.DEMONSTRATION, kinds=[SYSTEM],
                   effect=updated_by),
        Transition("unmark_demonstration", "撤销示范称号", sources=[S.DEMONSTRATION], target=S.QUALIFIED,
                   kinds=[SYSTEM], effect=updated_by),
    ]
