"""Issue 13, demo data a user can believe: checked on the data `seed_demo` generates."""

import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from stdnum.cn import uscc as uscc_number

from apps.coordinators.models import Coordinator
from apps.core import demo_words
from apps.enterprises.models import CreationRecord, Enterprise
from apps.evaluations.models import AssessmentItem
from apps.risks.models import RiskReport
from tests.conftest import fast_and_eager

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]  # one worker builds the demo, once

NAME = re.compile(r"^(武汉|宜昌)[\u4e00-\u9fff]{2,}(有限公司|有限责任公司|股份有限公司)$")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once for this module in a transaction that is rolled back after its last test; each test
    runs in a savepoint inside it."""
    from tests.evaluations.test_evaluations import ensure_sets

    with django_db_blocker.unblock(), fast_and_eager(), \
            override_settings(DEMO_MODE=True, MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")):
        with transaction.atomic():
            ensure_sets()
            call_command("seed_demo")
            yield
            transaction.set_rollback(True)


def test_enterprise_names_and_codes_look_real(demo):
    enterprises = list(Enterprise.objects.select_related("region"))
    assert len(enterprises) >= 300
    for e in enterprises:
        assert not re.search(r"[0-9０-９（(]|号$", e.name), e.name
        assert uscc_number.is_valid(e.uscc), e.uscc
        assert e.uscc[2:8] == e.region.code[:6], (e.name, e.uscc, e.region.code)
    generated = [e.name for e in enterprises if e.name.startswith(("武汉", "宜昌"))]
    assert all(NAME.match(name) for name in generated)
    assert len(set(generated)) == len(generated)
    assert len({e.contact_person for e in enterprises}) > 30 and "联系人" not in {e.contact_person for e in enterprises}


def test_coordinators_names_agree_with_gender_and_work_somewhere_real(demo):
    coordinators = list(Coordinator.objects.prefetch_related("enterprises"))
    assert coordinators
    for c in coordinators:
        given = demo_words.MALE_GIVEN if c.gender == "M" else demo_words.FEMALE_GIVEN
        assert c.name[1:] in given, (c.name, c.get_gender_display())
        assert not re.search(r"(街道|镇)有限公司$", c.workplace_name), c.workplace_name
        if c.workplace_type == "enterprise":
            assert c.workplace_name in {e.name for e in c.enterprises.all()}
    assert {c.gender for c in coordinators} == {"M", "F"}


def test_self_assessment_texts_vary(demo):
    texts = list(AssessmentItem.objects.filter(indicator__is_veto=False).exclude(explanation="")
                 .values_list("explanation", flat=True))
    assert len(texts) > 50
    assert len(set(texts)) >= 0.9 * len(texts)


def test_states_agree_with_each_other(demo):
    shown = Enterprise.objects.filter(subject__creation_records__status=CreationRecord.Status.DEMONSTRATION).distinct()
    assert shown.exists()
    assert not shown.filter(has_union=False).exists()
    open_major = RiskReport.objects.exclude(status="resolved").filter(severity__in=["major", "serious"])
    assert open_major.exists()
    assert not open_major.filter(enterprise__in=shown).exists()
    for e in Enterprise.objects.exclude(park=None).select_related("park", "region"):
        located = set(e.park.townships.values_list("pk", flat=True))
        assert not located or e.region_id in located, (e.name, e.park.name, e.region.name)
