"""培训签到: attendees picked from the ledger by name, marked 合格/不合格, and one 身份证号 rule everywhere."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from stdnum.cn import ric

from apps.accounts.models import MemberUnit, Office
from apps.coordinators.models import Coordinator, Training, TrainingAttendance
from apps.regions.models import Region
from tests.conftest import make_staff
from tests.coordinators.test_coordinators import check_rows, example_row

pytestmark = pytest.mark.django_db


def _number(body17):
    return body17 + ric.calc_check_digit(body17 + "0")


# born 1968 in 东西湖区, whose code stdnum dates from 1983: a ledger row kept from before (the demo made such
# rows) that the attendance sheet refused as "出生日期或地区码无效"
OLD_PLACE = _number("42011219680101001")
BAD_CHECKSUM = OLD_PLACE[:-1] + ("0" if OLD_PLACE[-1] != "0" else "1")


def _coordinator(name, township, number):
    c = Coordinator(name=name, phone="13911112222", education="bachelor", workplace_type="enterprise",
                    workplace_name=f"{name}所在公司", region=Region.objects.get(code=township))
    c.set_id_number(number)
    c.save()
    return c


def _training(code="420102"):
    office, _ = Office.objects.get_or_create(region=Region.objects.get(code=code), member_unit=MemberUnit.HRSS)
    return Training.objects.create(organiser=office, region=office.region, topic="协调员培训", hours=8,
                                   date=datetime.date(2026, 3, 1))


def test_attendees_are_picked_by_name_in_scope_and_marked_qualified_or_not(client):
    ours = _coordinator("江岸张敏", "420102002", _number("42010219850612101"))
    _coordinator("西陵张敏", "420502001", _number("42050219850612102"))
    training = _training()
    client.force_login(make_staff("420102"))
    found = client.get(reverse("coordinators:pick"), {"q": "张敏", "field": "coordinators"}).content.decode()
    assert "江岸张敏" in found and "西陵张敏" not in found
    page = client.get(reverse("coordinators:training_detail", args=[training.pk])).content.decode()
    assert 'data-testid="pick-coordinators"' in page and "不合格" in page
    response = client.post(reverse("coordinators:attendance_add", args=[training.pk]),
                           {"coordinators": [ours.pk], "id_numbers": "", "passed": "0"})
    assert response.status_code == 302
    row = TrainingAttendance.objects.get()
    assert row.coordinator == ours and row.passed is False
    client.post(reverse("coordinators:attendance_result", args=[row.pk]), {"passed": "1"})
    row.refresh_from_db()
    assert row.passed is True
    # nothing picked, nothing typed: a clear message and nothing written
    response = client.post(reverse("coordinators:attendance_add", args=[training.pk]),
                           {"id_numbers": "", "passed": "1"})
    assert "请从台账选择协调员，或填写身份证号" in response.content.decode()
    assert TrainingAttendance.objects.count() == 1


def test_one_id_number_rule_for_every_form_and_import_and_the_ledger_id_is_never_refused(client):
    from apps.coordinators import forms as coordinator_forms
    from apps.coordinators import importing
    from apps.coordinators.importing import AttendanceImporter, CoordinatorLedgerImporter
    from apps.core import idnumbers
    from apps.recognition import forms as recognition_forms

    # one function: every form and import of 身份证号 calls the one in apps/core
    assert coordinator_forms.clean_id_number is idnumbers.clean_id_number
    assert recognition_forms.clean_id_number is idnumbers.clean_id_number
    assert importing.clean_id_number is idnumbers.clean_id_number
    person = _coordinator("东西湖李华", "420102002", OLD_PLACE)  # the ledger takes it (the model applies the rule)
    training = _training()
    user = make_staff("420102")
    # the attendance form by number
    form = coordinator_forms.AttendanceAddForm({"id_numbers": OLD_PLACE.lower(), "passed": "1"}, training=training,
                                               user=user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["people"] == [person]
    # the attendance import
    prepared, errors = check_rows(AttendanceImporter, user, [(2, {"身份证号": OLD_PLACE, "姓名": "东西湖李华"})],
                                  training=training.pk)
    assert not errors and len(prepared) == 1
    # a new registration applies the rule: the ledger import and the coordinator form say what the rule says
    row = example_row()
    with pytest.raises(forms.ValidationError) as refused:
        idnumbers.clean_id_number(OLD_PLACE)
    _prepared, errors = check_rows(CoordinatorLedgerImporter, user, [(2, {**row, "身份证号": OLD_PLACE,
                                                                          "服务企业统一社会信用代码": ""})])
    assert refused.value.messages[0] in errors[0][1]
    form = coordinator_forms.CoordinatorForm({"id_number": OLD_PLACE})
    assert refused.value.messages[0] in form.errors["id_number"][0]
    # a wrong check digit is refused by every path with the same message, and nothing is written
    message = "身份证号校验码不正确，请核对后重新输入。"
    with pytest.raises(forms.ValidationError) as refused:
        idnumbers.clean_id_number(BAD_CHECKSUM)
    assert refused.value.messages == [message]
    form = coordinator_forms.AttendanceAddForm({"id_numbers": BAD_CHECKSUM, "passed": "1"}, training=training,
                                               user=user)
    assert not form.is_valid() and message in form.errors["id_numbers"][0]
    _prepared, errors = check_rows(AttendanceImporter, user, [(2, {"身份证号": BAD_CHECKSUM})], training=training.pk)
    assert errors[0][1] == message
    _prepared, errors = check_rows(CoordinatorLedgerImporter, user, [(2, {**row, "身份证号": BAD_CHECKSUM,
                                                                          "服务企业统一社会信用代码": ""})])
    assert message in errors[0][1]
    # the rule is python-stdnum's
    assert idnumbers.is_valid_id_number(OLD_PLACE) is ric.is_valid(OLD_PLACE) is False
    assert idnumbers.is_valid_id_number(_number("42010219850612101")) is True
    assert TrainingAttendance.objects.count() == 0 and Coordinator.objects.count() == 1
