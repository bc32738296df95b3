"""The creation ledger's statuses that no clerk sets (CreationRecord.DERIVED_FROM): 自评中, 达标 and 未达标
follow the year's assessment, 示范 follows a title.

All are system steps (apps/core/workflow.py, `perform_system`): submitting a self-assessment makes the year
自评中, concluding a sheet makes it 达标 or 未达标 (apps/evaluations/workflow.py: record_year), a naming marks
the naming year 示范, a revocation turns the unit's 示范 years back to 达标; each leaves a history row with its
cause and the person whose step caused it.
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
    label = "创建台账（评估与示范）"
    select_related = ("subject",)
    transitions = [
        Transition("self_assessing", "提交自评", sources=[S.NOT_STARTED, S.CREATING], target=S.SELF_ASSESSING,
                   kinds=[SYSTEM], effect=updated_by),
        Transition("qualify", "评估达标", sources=[S.NOT_STARTED, S.CREATING, S.SELF_ASSESSING, S.NOT_PASSED],
                   target=S.QUALIFIED, kinds=[SYSTEM], effect=updated_by),
        Transition("not_pass", "评估未达标", sources=[s for s in S.values if s != S.NOT_PASSED],
                   target=S.NOT_PASSED, kinds=[SYSTEM], effect=updated_by),
        Transition("mark_demonstration", "命名为示范单位",
                   sources=[s for s in S.values if s != S.DEMONSTRATION], target=S.DEMONSTRATION, kinds=[SYSTEM],
                   effect=updated_by),
        Transition("unmark_demonstration", "撤销示范称号", sources=[S.DEMONSTRATION], target=S.QUALIFIED,
                   kinds=[SYSTEM], effect=updated_by),
    ]
