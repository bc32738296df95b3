"""Issue 20: what the engine derives from a ledger's declaration, the same for every ledger — the row's name on
every import page (one function), and the columns that name other rows (a region, a park, enterprises)
found for the whole file at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.coordinators.importing import CoordinatorLedgerImporter
from apps.core import imports
from apps.enterprises.importing import EnterpriseImporter
from tests.coordinators.test_coordinators import LEDGER, check_rows, id_number, ledger_row, make_enterprise, xlsx

pytestmark = pytest.mark.django_db


def test_one_function_names_a_row_in_each_ledgers_spelling():
    assert imports.row_label(3) == "第 3 行" == EnterpriseImporter.row(3)
    assert CoordinatorLedgerImporter.row(3) == "第3行"


def test_the_import_page_names_rows_through_the_importers_row_format(client, county_user, media, monkeypatch):
    client.force_login(county_user)
    rows = [ledger_row("甲", id_number(seq="301")), ledger_row("乙", id_number(seq="301"))]
    page = client.post(reverse("coordinators:ledger_import"), {"file": xlsx(rows, LEDGER)}).content.decode()
    assert "第3行：身份证号与第2行重复" in page
    monkeypatch.setattr(CoordinatorLedgerImporter, "row_format", "第 {} 行")
    page = client.post(reverse("coordinators:ledger_import"), {"file": xlsx(rows, LEDGER)}).content.decode()
    assert "第 3 行：身份证号与第 2 行重复" in page and "第3行" not in page


def test_looked_up_columns_cost_the_same_queries_for_one_row_or_forty(county_user):
    firms = [make_enterprise(n=n).uscc for n in range(1, 4)]

    def queries(count):
        rows = [(n + 2, dict(zip(CoordinatorLedgerImporter.headers(),
                                 ledger_row(f"人{n}", id_number(seq=f"{400 + n}"), uscc=firms[n % 3]), strict=True)))
                for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            created, errors = check_rows(CoordinatorLedgerImporter, county_user, rows)
        assert not errors and len(created) == count
        assert [c.firm_ids for c in created[:1]] and created[0].region.code == "420102"
        return len(captured)

    assert queries(40) == queries(1)


def test_a_name_no_row_of_the_area_has_is_refused_in_the_ledgers_words(county_user):
    row = dict(zip(CoordinatorLedgerImporter.headers(), ledger_row("丙", id_number(seq="501"), code="420502",
                                                                   uscc="91420102MA4K99999X"), strict=True))
    _created, errors = check_rows(CoordinatorLedgerImporter, county_user, [(2, row)])
    messages = [message for _row, message in errors]
    assert "所在区划代码“420502”不是本辖区的县（市、区）或乡镇（街道）代码" in messages
    assert "服务企业“91420102MA4K99999X”不在本辖区企业台账中" in messages
