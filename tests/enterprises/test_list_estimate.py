"""The enterprise list at scale (issue 23): above a threshold the total is PostgreSQL's estimate, said as 约 N 条,
and no COUNT over every visible enterprise runs; a smaller area (a county) keeps its exact count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.paging import rounded
from apps.enterprises.models import Enterprise
from tests.enterprises.test_enterprises import make_enterprise
from tests.html_tree import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(settings):
    settings.LIST_COUNT_ESTIMATE_ABOVE = 40  # stands for 100,000: the test's province holds 60 enterprises
    for n in range(1, 51):
        make_enterprise(n, name=f"江岸测试企业{n}")
    for n in range(51, 61):
        make_enterprise(n, township="420502001", name=f"西陵测试企业{n}")
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{Enterprise._meta.db_table}"')  # the statistics the planner estimates from


def result_count(body):
    return parse(body).find(data_testid="result-count").text()


def counts_over_enterprises(queries):
    return [q["sql"] for q in queries.captured_queries
            if re.search(r"\bCOUNT\(", q["sql"]) and '"enterprises_enterprise"' in q["sql"]]


def test_the_province_list_says_about_how_many_and_counts_nothing(client, province_user, ledger):
    client.force_login(province_user)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("enterprises:enterprise_list")).content.decode()
    shown = result_count(body)
    assert re.fullmatch(r"共 约 \d+ 条", shown), shown
    assert 40 <= int(re.search(r"\d+", shown).group()) <= 80  # the planner's estimate of the 60 rows
    assert counts_over_enterprises(queries) == []
    assert body.count('name="pks"') == 20  # the page's rows are exact
    pages = parse(body).find("nav", aria_label="分页").text()
    assert "约" in pages and "下一页" in pages and "末页" not in pages  # no link to a last page only estimated


def test_a_county_keeps_its_exact_count(client, ledger):
    from tests.conftest import make_staff

    client.force_login(make_staff("420502"))  # 西陵区: 10 enterprises, below the threshold
    body = client.get(reverse("enterprises:enterprise_list")).content.decode()
    assert result_count(body) == "共 10 条"


def test_rounded_to_two_significant_digits():
    assert [rounded(n) for n in (60, 998_734, 203_412, 1_000_000, 141_500)] == [60, 1_000_000, 200_000, 1_000_000,
                                                                                140_000]
