"""Every registered workflow, every transition: refused in the wrong state, without the role, at the wrong
level and for a user of another area, and allowed to the right user in each source state.

Workflows are enumerated from the registry (apps/core/workflow.py), so a workflow added later is covered the
day it is registered: an app must ship `build_workflow_cases(world)` in its testing.py or this test fails.
"""

import importlib

import pytest
from django.apps import apps

from apps.accounts.roles import ROLES
from apps.core.testing import SweepWorld
from apps.core.workflow import STAFF, WORKFLOWS, WorkflowError
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

AREA_A = {"province": "42", "city": "4201", "county": "420102", "township": "420102002"}
AREA_B = {"province": None, "city": "4205", "county": "420502", "township": "420502001"}


def cases(world):
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.testing")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.testing":
                raise
            continue
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


@pytest.mark.parametrize("workflow_name,transition_name", transitions())
def test_transition_contract(workflow_name, transition_name):
    workflow = WORKFLOWS[workflow_name]
    t = workflow.transition(transition_name)
    world = SweepWorld(make_staff)
    case = cases(world)[workflow_name]

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
