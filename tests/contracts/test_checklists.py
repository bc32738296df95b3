"""The checklists of docs/development/ followed with a throwaway figure and a throwaway workflow: what the pages
say to add is what the contract tests need, and the contracts catch a step that is left out."""

import pytest
from django.db import transaction

from apps.core import figures
from apps.core.workflow import WORKFLOWS, Transition, Workflow, register
from apps.stations.models import Station
from tests.contracts import test_figures_contract as figure_contract
from tests.contracts import test_workflow_contract as workflow_contract
from tests.contracts.test_docs import _docs_pages_module

pytestmark = pytest.mark.django_db


def alone(contract_test, *args):
    """Run one contract test as the suite runs it: its world built afresh and rolled back afterwards."""
    with transaction.atomic():
        contract_test(*args)
        transaction.set_rollback(True)


@pytest.fixture
def throwaway_figure():
    """docs/development/adding-a-figure.md, step 1: a count over an existing source of the app."""
    from apps.evaluations.figures import SHEETS

    figure = figures.Figure("evaluations.checklist_sheets", "清单演示：自评评估表", "份", "评价评估",
                            value=SHEETS["total"], order=99)
    figures.register(figure)
    figures.figures_cache().clear()
    yield figure
    figures._figures.pop(figure.key)
    figures.figures_cache().clear()


def test_adding_a_figure_as_the_checklist_says(throwaway_figure, monkeypatch):
    key = throwaway_figure.key
    # step 3 left out: the contract names the figure that has no example
    assert key in {f.key for f in figures.all_figures()}
    assert key not in figure_contract.all_examples()
    with pytest.raises(AssertionError, match="without an example"):
        figure_contract.test_every_figure_has_an_example_and_a_known_group()

    # step 3: the example (a sheet of the test world's township moves the count by one)
    examples = figure_contract.all_examples()
    examples[key] = examples["evaluations.assessments"]
    monkeypatch.setattr(figure_contract, "all_examples", lambda: examples)
    figure_contract.test_every_figure_has_an_example_and_a_known_group()
    alone(figure_contract.test_figure_moves_with_the_rows_its_example_creates, None, key)
    alone(figure_contract.test_series_has_one_value_per_campaign_year, None, key)

    # step 4: the generated figure list has a row for it, so the committed page is stale until `make docs`
    page = _docs_pages_module().render()["figures"]
    assert f"| `{key}` | 清单演示：自评评估表 | 份 | 评价评估 | count |" in page


class ChecklistInspection(Workflow):
    """docs/development/adding-a-workflow.md, step 2: a table on an existing state field (a station's acceptance)."""

    model = Station
    name = "stations.checklist_inspection"
    label = "清单演示：站点复查"
    state_field = "acceptance_result"
    select_related = ("region",)
    out_of_scope = "该站点不在您的管辖区域内。"
    transitions = [
        Transition("refuse", "复查未通过", sources=[Station.Acceptance.PENDING], target=Station.Acceptance.FAILED,
                   permission="stations.accept_station", levels=("county",), reason_required=True),
    ]


@pytest.fixture
def throwaway_workflow():
    register(ChecklistInspection)
    yield ChecklistInspection
    WORKFLOWS.pop(ChecklistInspection.name)


def test_adding_a_workflow_as_the_checklist_says(throwaway_workflow, monkeypatch):
    name = throwaway_workflow.name
    # step 6 left out: the contract names the workflow that has no cases
    with pytest.raises(AssertionError, match=name):
        alone(workflow_contract.test_every_workflow_has_cases)

    # step 6: the cases (stations of county A in each acceptance state, as the stations app already builds them)
    found = workflow_contract.cases

    def with_cases(world):
        cases = found(world)
        return {**cases, name: cases["stations.acceptance"]}

    monkeypatch.setattr(workflow_contract, "cases", with_cases)
    alone(workflow_contract.test_every_workflow_has_cases)
    alone(workflow_contract.test_transition_contract, name, "refuse")

    # step 7: the generated workflow page draws it
    page = _docs_pages_module().render()["workflows"]
    assert f"%% {name} · 清单演示：站点复查" in page
    assert "s_pending --> s_failed: 复查未通过<br/>县（市、区）级，stations.accept_station" in page
