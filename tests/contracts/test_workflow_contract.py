"""Every registered workflow, every transition: refused in the wrong state, without the role, at the wrong
level and for a user of another area, and allowed to the right user in each source state; and performed once
on its happy path, leaving the new state, a history row and the notifications its spec names.

Workflows are enumerated from the registry (apps/core/workflow.py), so a workflow added later is covered the
day it is registered: an app must ship `build_workflow_cases(world)` in its testing.py or this test fails.
"""


import pytest

from apps.accounts.roles import ROLES
from apps.core.apps import portal_modules
from apps.core.workflow import STAFF, SYSTEM, WORKFLOWS, WorkflowError
from tests.conftest import make_staff
from tests.contracts.sweep import SweepWorld

pytestmark = pytest.mark.django_db

AREA_A = {"province": "42", "city": "4201", "county": "420102", "township": "420102002"}
AREA_B = {"province": None, "city": "4205", "county": "420502", "township": "420502001"}


def cases(world):
    found = {}
    for module in portal_modules("testing"):
        if hasattr(module, "build_workflow_cases"):
            found.update(module.build_workflow_cases(world))
    return found


def transitions():
    return [(w.name, t.name) for w in WORKFLOWS.values() for t in w.transitions]


def staff(level, area=AREA_A, roles=tuple(ROLES), tag=""):
    from apps.accounts.models import User

    code = area[level]
    username = f"wf-{code}-{'-'.join(roles) or 'none'}{tag}"
    # the same user is asked for more than once in a test (each source state, then the wrong state)
    existing = User.objects.filter(username=username).first()
    return existing or make_staff(code, roles=roles, username=username)


def right_actor(case, t, obj):
    if case.actor:
        user = case.actor(t, obj)
        if user is not None:
            return user
    assert t.kinds == (STAFF,), f"{t.name}: the case must give an actor for {t.kinds}"
    return staff(t.levels[0] if t.levels else "county")


def state_in_db(workflow, obj):
    return getattr(workflow.model._default_manager.get(pk=obj.pk), workflow.state_field)


def test_every_workflow_has_cases():
    world = SweepWorld(make_staff)
    found = cases(world)
    missing = sorted(set(WORKFLOWS) - set(found))
    assert not missing, f"workflows without build_workflow_cases in their app's testing.py: {missing}"


def system_step_contract(workflow, t, case):
    """A system step: no person may take it (not even one holding every role), and in a wrong state the system
    is refused too."""
    obj = case.make(t.sources[0])
    for level in AREA_A:
        user = staff(level, tag="-sys")
        assert workflow.problem(obj, t, user) == f"“{t.label}”由系统自动办理。"
        with pytest.raises(WorkflowError, match="由系统自动办理"):
            workflow.perform(obj, t.name, user, reason="合同测试")
    assert state_in_db(workflow, obj) == t.sources[0]
    wrong = [s for s in workflow.states() if s not in t.sources]
    if wrong:
        obj = case.make(wrong[0])
        with pytest.raises(WorkflowError, match="当前状态"):
            workflow.perform_system(obj, t.name, reason="合同测试")
        assert state_in_db(workflow, obj) == wrong[0]


@pytest.mark.parametrize("workflow_name,transition_name", transitions())
def test_transition_happy_path(workflow_name, transition_name):
    """The step performed once by the right user (the system for a system step): the new state, a history row
    by that user with the step's words, and a notification to each person its `notify` names (there must be
    someone: the case's rows carry the people their steps tell)."""
    from apps.documents.models import Notification

    workflow = WORKFLOWS[workflow_name]
    t = workflow.transition(transition_name)
    world = SweepWorld(make_staff)
    case = cases(world)[workflow_name]
    for level in AREA_A:  # the offices of area A, holding every role, are there to be told (besides the actor)
        staff(level)
        staff(level, tag="-told")
    obj = case.make(t.sources[0])
    system = SYSTEM in t.kinds
    user = None if system else right_actor(case, t, obj)
    kwargs = {"reason": "合同测试"}
    if t.name in case.ready:
        kwargs.update(case.ready[t.name](obj, user) or {})
    history_before = obj.history.count()
    last_note = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if system:
        done = workflow.perform_system(obj, t.name, **kwargs)
    else:
        done = workflow.perform(obj, t.name, user, **kwargs)

    fresh = workflow.model._default_manager.get(pk=obj.pk)
    state = workflow.state_of(fresh)
    if t.target is None:
        assert state == t.sources[0]
    elif callable(t.target):
        assert state in workflow.states() and state == workflow.state_of(done)
    else:
        assert state == t.target, f"{t.name}: {state} ≠ {t.target}"
    assert fresh.history.count() > history_before, f"{t.name}: no history row"
    row = fresh.history.order_by("-history_date", "-history_id").first()
    assert row.history_change_reason, f"{t.name}: a history row without its reason"
    assert row.history_user_id == (user.pk if user else None)
    if t.notify:
        told = {u.pk for u in t.notify(fresh, user, t) if user is None or u.pk != user.pk}
        assert told, f"{workflow_name}.{t.name}: nobody to tell — the case must build the people its notify names"
        got = set(Notification.objects.filter(pk__gt=last_note, recipient__in=told)
                  .values_list("recipient_id", flat=True))
        assert got == told, f"{t.name}: told {got}, the spec names {told}"


@pytest.mark.parametrize("workflow_name,transition_name", transitions())
def test_transition_contract(workflow_name, transition_name):
    workflow = WORKFLOWS[workflow_name]
    t = workflow.transition(transition_name)
    world = SweepWorld(make_staff)
    case = cases(world)[workflow_name]
    if SYSTEM in t.kinds:
        system_step_contract(workflow, t, case)
        return

    # the right user may take the step in every source state (so the refusals below are not vacuous)
    for state in t.sources:
        obj = case.make(state)
        assert workflow.state_of(obj) == state
        user = right_actor(case, t, obj)
        assert workflow.problem(obj, t, user) == "", f"{t.name} from {state}"

    source = t.sources[0]

    # wrong state
    wrong = [s for s in workflow.states() if s not in t.sources]
    if wrong:
        obj = case.make(wrong[0])
        user = right_actor(case, t, obj)
        with pytest.raises(WorkflowError, match="当前状态"):
            workflow.perform(obj, t.name, user, reason="合同测试")
        assert state_in_db(workflow, obj) == wrong[0]

    # without the role
    if t.permission:
        obj = case.make(source)
        level = t.levels[0] if t.levels else "county"
        holders = [r for r in ROLES if not staff(level, roles=(r,), tag="-probe").has_perm(t.permission)]
        user = staff(level, roles=tuple(holders), tag="-lacking")
        assert not user.has_perm(t.permission)
        with pytest.raises(WorkflowError):
            workflow.perform(obj, t.name, user, reason="合同测试")
        assert state_in_db(workflow, obj) == source

    # at the wrong level (a user of the same area, above or below, holding every role)
    if t.levels and t.kinds == (STAFF,):
        obj = case.make(source)
        for level in AREA_A:
            if level in t.levels:
                continue
            user = staff(level, tag="-level")
            with pytest.raises(WorkflowError):
                workflow.perform(obj, t.name, user, reason="合同测试")
            assert state_in_db(workflow, obj) == source

    # a user of another area
    obj = case.make(source)
    if t.kinds == (STAFF,):
        levels = [lv for lv in (t.levels or ("county",)) if AREA_B[lv]]
        outsiders = [staff(level, area=AREA_B, tag="-b") for level in levels]
    else:
        assert case.other_actor, f"{workflow_name}: give other_actor for a {t.kinds} step"
        outsiders = [case.other_actor(t, obj)]
    for user in outsiders:
        with pytest.raises(WorkflowError):
            workflow.perform(obj, t.name, user, reason="合同测试")
        assert state_in_db(workflow, obj) == source
