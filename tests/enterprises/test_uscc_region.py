"""The credit code's registration area (3rd–8th characters) warns only when it lies outside the county's line."""

import pytest

from apps.core.models import BackgroundJob
from apps.enterprises import uscc_region_mismatch
from tests.enterprises.test_excel import code, row, upload, xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("registered", ["420102", "420100", "420000"], ids=["county", "city", "province"])
def test_a_code_registered_at_the_county_or_above_it_is_normal(registered):
    assert uscc_region_mismatch(code(1, registered), "420102002") == ""
    assert uscc_region_mismatch(code(1, registered), "420102") == ""


@pytest.mark.parametrize("registered", ["420103", "420500", "420502", "110000"],
                         ids=["another-county", "another-city", "a-county-of-another-city", "another-province"])
def test_a_code_registered_outside_the_county_line_is_flagged(registered):
    message = uscc_region_mismatch(code(1, registered), "420102002")
    assert registered in message and "请核对" in message


def test_the_import_preview_warns_only_about_the_code_from_another_county(client, county_user):
    client.force_login(county_user)
    upload(client, xlsx([row(1, 统一社会信用代码=code(1, "420100")), row(2, 统一社会信用代码=code(2, "420000")),
                         row(3, 统一社会信用代码=code(3, "420103"))]))
    job = BackgroundJob.objects.get()
    assert job.params["stage"] == "validated"
    assert [(number, column) for number, column, _ in job.params["warnings"]] == [(4, "统一社会信用代码")]
