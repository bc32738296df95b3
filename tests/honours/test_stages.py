"""The round's stages are data (apps/honours/stages.py): a stage added to the spec is a choice, a line of the
round page's stage list, a deadline of the round form and its order check, a row on home pages and a guard of
the steps it opens, with nothing else edited (the checklist in docs/honours-selection.md, "加一个阶段")."""

import dataclasses
import datetime

import pytest
from django.urls import reverse

from apps.core.workflow import SYSTEM, WorkflowError
from apps.honours import stages
from apps.honours.forms import RoundForm
from apps.honours.home import waiting_for
from apps.honours.models import SelectionRound
from apps.honours.testing import make_application, make_round
from apps.honours.workflow import ApplicationWorkflow
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

HEARING = stages.StageSpec("hearing", "听证", "danger", deadline="publicity_start", opens=("not_select",),
                           note=lambda r, n: "（拟不入选单位陈述意见）",
                           waiting=(stages.Waiting("approved", "honours.application", "not_select", "待听证"),))


@pytest.fixture
def hearing(monkeypatch):
    """A throwaway stage between 省级审定 and 公示 that takes over the 未入选 step."""
    specs = []
    for s in stages.STAGES:
        if s.value == "deciding":
            s = dataclasses.replace(s, opens=tuple(o for o in s.opens if o != "not_select"))
        specs.append(s)
        if s.value == "deciding":
            specs.append(HEARING)
    monkeypatch.setattr(stages, "STAGES", specs)
    return HEARING


def test_a_stage_added_to_the_spec_is_a_choice_a_listed_stage_a_form_deadline_and_a_guard(hearing, client):
    field = SelectionRound._meta.get_field("stage")
    assert ("hearing", "听证") in list(field.choices)
    round_ = make_round(stage="hearing", publicity_start=datetime.date.today() + datetime.timedelta(days=90))
    assert round_.get_stage_display() == "听证" and round_.stage_tone == "danger"
    assert round_.deadline_of("hearing") == round_.publicity_start

    # the round page lists it, in order, with its deadline, as the current stage
    client.force_login(make_staff("42", username="stage-province"))
    page = client.get(reverse("honours:round_detail", args=[round_.pk])).content.decode()
    order = [page.index(f'data-stage="{v}"') for v in ("deciding", "hearing", "publicity")]
    assert order == sorted(order)
    assert f"听证（拟不入选单位陈述意见），截止 {round_.publicity_start:%Y-%m-%d}" in page
    assert 'data-stage="hearing" aria-current="step"' in page
    assert "· 省级三方办办理" in page[page.index('data-stage="hearing"'):page.index('data-stage="publicity"')]

    # the round form asks for its deadline and checks it comes after the stage before it
    data = {"year": 2031, "kind": "enterprise", "name": "2031年度示范企业评选", "total_quota": 100,
            "assessment_year": 2026, "min_score_years": 1, "publicity_days": 7,
            "apply_deadline": "2031-03-01", "recommend_deadline": "2031-03-15", "city_review_deadline": "2031-04-01",
            "expert_deadline": "2031-05-01", "decision_deadline": "2031-06-01", "publicity_start": "2031-05-20",
            "criteria_text": "劳动关系协调机制|60\n职工权益保障|40"}
    form = RoundForm(data)
    assert "publicity_start" in form.fields
    assert not form.is_valid()
    assert "省级审定 ≤ 听证" in str(form.errors)
    form = RoundForm({**data, "publicity_start": "2031-06-10"})
    assert form.is_valid(), form.errors
    assert form.save().publicity_start == datetime.date(2031, 6, 10)

    # the step it opens is refused in the stage that used to open it, and taken in the new one; until then
    # the province's home lists what waits in it
    province = make_staff("42", username="stage-province-2")
    app = make_application(round_, status="approved")
    rows = [r["label"] for r in waiting_for(province)["rows"]]
    assert f"{round_.name}：待听证 1 个" in rows
    deciding = make_application(make_round(stage="deciding"), status="approved")
    with pytest.raises(WorkflowError, match="不在“听证”阶段"):
        ApplicationWorkflow.perform(deciding, "not_select", province, reason="不入选")
    ApplicationWorkflow.perform(app, "not_select", province, reason="听证后不入选")
    app.refresh_from_db()
    assert app.status == "not_selected"


def test_every_application_step_is_opened_by_exactly_one_stage():
    for t in ApplicationWorkflow.transitions:
        if SYSTEM not in t.kinds:  # the naming's own step follows the round's
            assert len(stages.stages_opening(t.name)) == 1, t.name
    assert [s.value for s in stages.STAGES] == [v for v, _ in SelectionRound.Stage.choices]
