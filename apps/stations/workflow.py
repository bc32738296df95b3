"""Station acceptance (验收评估) on the one workflow mechanism (apps/core/workflow.py).

未验收 → 验收通过 / 验收未通过 (a failed station may be re-inspected); a passed station may then be rated a
model station (样板). Only these steps write the acceptance fields: the edit form and the import leave them
alone, and only an accepted station appears on the public station finder.
"""

from apps.core.workflow import Transition, Workflow, WorkflowError, register

from .models import Station

A = Station.Acceptance
ACCEPT = "stations.accept_station"
LEVELS = ("province", "city", "county")  # the county accepts its stations; the city and province may too


def record_acceptance(station, user, reason, ctx):
    """Write what the inspection found (date, inspector, opinion, model status) with the new result."""
    for field in ("acceptance_date", "acceptance_evaluator", "acceptance_notes", "model_status"):
        if field in ctx:
            setattr(station, field, ctx[field])
    if station.acceptance_result != A.PASSED:
        station.model_status = Station.ModelStatus.NONE
    errors = station.rule_errors()
    if errors:
        raise WorkflowError("；".join(errors.values()))
    return f"验收评估：{station.get_acceptance_result_display()}"


def needs_inspection(station, user, ctx):
    if not ctx.get("acceptance_date") or not ctx.get("acceptance_evaluator"):
        raise WorkflowError("请填写验收日期和验收单位（人）。")


def record_model_status(station, user, reason, ctx):
    station.model_status = ctx.get("model_status", station.model_status)
    errors = station.rule_errors()
    if errors:
        raise WorkflowError("；".join(errors.values()))
    return f"样板站点：{station.get_model_status_display()}"


def county_offices(station, user, t):
    from apps.core.policy import users_with

    return list(users_with("stations.change_station", at=station.region.parent_id))


@register
class StationAcceptance(Workflow):
    model = Station
    name = "stations.acceptance"
    label = "服务站点验收"
    state_field = "acceptance_result"
    select_related = ("region",)
    out_of_scope = "该站点不在您的管辖区域内。"
    transitions = [
        Transition("pass", "验收通过", sources=[A.PENDING, A.FAILED], target=A.PASSED, permission=ACCEPT,
                   levels=LEVELS, guard=needs_inspection, effect=record_acceptance, notify=county_offices,
                   confirm="确定登记该站点验收通过？", style="success"),
        Transition("fail", "验收未通过", sources=[A.PENDING, A.FAILED], target=A.FAILED, permission=ACCEPT,
                   levels=LEVELS, guard=needs_inspection, effect=record_acceptance, notify=county_offices,
                   confirm="确定登记该站点验收未通过？", style="danger"),
        Transition("revoke", "撤销验收", sources=[A.PASSED], target=A.FAILED, permission=ACCEPT, levels=LEVELS,
                   reason_required=True, guard=needs_inspection, effect=record_acceptance, notify=county_offices,
                   confirm="确定撤销该站点的验收？撤销后站点不再在公众查询中显示。", style="danger"),
        Transition("rate", "评定样板站点", sources=[A.PASSED], permission=ACCEPT, levels=LEVELS,
                   effect=record_model_status, confirm="确定登记样板站点评定结果？"),
    ]

    @classmethod
    def describe(cls, t, before, target, said, reason):
        # "验收评估：验收通过" — the result is the sentence; a revocation adds its reason
        return f"{said}；{reason}" if reason else said


# the step a result chosen on the acceptance form leads to, from the station's current result
STEP_FOR_RESULT = {A.PASSED: "pass", A.FAILED: "fail"}


def step_for(station, result):
    if station.acceptance_result == A.PASSED:
        return {A.PASSED: "rate", A.FAILED: "revoke"}.get(result)
    return STEP_FOR_RESULT.get(result)
