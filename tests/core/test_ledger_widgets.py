"""One vocabulary of ledger cells (apps/core/widgets.py): 是/否 is read from one table of words in every ledger."""

import pytest

from apps.core import imports, widgets
from apps.core.models import BackgroundJob
from tests.contracts.test_data_contracts import collect, import_rows, world  # noqa: F401 - the contract's world fixture

pytestmark = pytest.mark.django_db


def yes_no_columns(importer_cls):
    resource = importer_cls.resource_class()
    return [(field.column_name, field.attribute) for field in resource.fields.values()
            if isinstance(field.widget, widgets.YesNoWidget)]


SIX_HAVES = {"有平台": "has_platform", "有队伍": "has_team", "有制度": "has_rules", "有保障": "has_funding",
             "有标准": "has_standards", "有成效": "has_results"}
YES_NO = {"enterprises.ledger": {"已建工会": "has_union", "已签集体合同": "has_collective_contract"},
          "stations.ledger": SIX_HAVES, "coordinators.ledger": {"列入公示名单": "on_public_list"},
          "coordinators.attendance": {"考核合格": "passed"}}


@pytest.mark.parametrize("word", sorted(widgets.YES_WORDS) + ["是 ", "YES", "True"])
def test_every_yes_word_is_yes(word):
    assert widgets.yes_no(word) is True


@pytest.mark.parametrize("word", sorted(widgets.NO_WORDS))
def test_every_no_word_is_no(word):
    assert widgets.yes_no(word) is False


def test_a_word_outside_the_table_is_refused_in_chinese():
    with pytest.raises(ValueError, match="应填写“是”或“否”"):
        widgets.yes_no("也许")


def test_every_yes_no_column_is_declared_with_the_one_widget():
    declared = {name: dict(yes_no_columns(cls)) for name, cls in imports.IMPORTERS.items() if cls.uploads}
    assert {name: columns for name, columns in declared.items() if columns} == YES_NO


@pytest.mark.parametrize("name", sorted(YES_NO))
def test_you_means_yes_in_every_ledger_on_the_way_in(name, world):  # noqa: F811
    case = collect("build_import_cases", world)[name]
    user = case.user or world.user_a
    columns = list(YES_NO[name].items())
    rows = [{**row, **{header: "有" for header, _ in columns}} for row in case.rows]
    job = import_rows(name, case, rows, user)
    assert job.params["stage"] == "validated", job.params.get("errors")
    assert imports.confirm(job) is True
    job.refresh_from_db()
    assert job.params["stage"] == "applied" and job.status == BackgroundJob.Status.DONE
    written = list(case.written())
    assert written and all(getattr(obj, attribute) is True for obj in written for _, attribute in columns)


def test_the_api_reads_flags_from_the_same_table():
    from apps.exchange.resources import SignalResource

    flag = SignalResource.fields["insurance_arrears"].widget.clean  # what the API's batches parse flags with
    assert flag("有") is True and flag("无") is False and flag(True) is True
    with pytest.raises(ValueError, match="^应为 true/false（是/否）$"):
        flag("也许")
