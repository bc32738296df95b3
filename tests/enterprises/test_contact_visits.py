"""联系培育 and trainings record things that happened: no future dates; visits and assignments can be corrected,
with history."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.models import MemberUnit, Office
from apps.coordinators.models import Training
from apps.enterprises.models import ContactAssignment, ContactVisit, Enterprise
from apps.regions.models import Region
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def assignment():
    firm = Enterprise.objects.create(name="江岸联系有限公司", uscc="91420102MA4E88888X",
                                     region=Region.objects.get(code="420102002"), industry="C")
    office = Office.objects.get_or_create(region=Region.objects.get(code="420102"), member_unit=MemberUnit.HRSS)[0]
    return ContactAssignment.objects.create(office=office, subject=firm.subject, year=2026, contact_person="王科长")


@time_machine.travel(TODAY, tick=False)
def test_a_visit_or_a_training_dated_after_today_is_refused(client, assignment):
    from apps.coordinators.importing import TrainingImporter
    from tests.coordinators.test_coordinators import check_rows

    user = make_staff("420102")
    client.force_login(user)
    client.post(reverse("enterprises:visit_create", args=[assignment.pk]),
                {"visited_on": "2027-01-15", "content": "明年的指导"})
    assert not ContactVisit.objects.exists()
    client.post(reverse("enterprises:visit_create", args=[assignment.pk]),
                {"visited_on": "2026-12-07", "content": "今天的指导"})
    assert ContactVisit.objects.get().content == "今天的指导"
    response = client.post(reverse("coordinators:training_add"), {
        "organiser": user.office_id, "region": user.office.region_id, "date": "2027-01-15", "topic": "明年培训",
        "hours": "8"})
    assert response.status_code == 200 and "晚于今天" in response.content.decode()
    assert not Training.objects.exists()
    _prepared, errors = check_rows(TrainingImporter, user, [(2, {"培训日期": "2027-01-15", "培训主题": "明年培训",
                                                                  "学时": 8, "举办区划代码": "420102"})])
    assert errors and "晚于今天" in errors[0][1]


@time_machine.travel(TODAY, tick=False)
def test_visits_and_assignments_are_corrected_and_removed_with_history(client, assignment):
    visit = assignment.visits.create(visited_on=datetime.date(2026, 5, 1), content="指导签订集体合同")
    client.force_login(make_staff("420102"))
    page = client.get(reverse("enterprises:contact_detail", args=[assignment.pk])).content.decode()
    assert reverse("enterprises:visit_edit", args=[visit.pk]) in page
    assert reverse("enterprises:contact_edit", args=[assignment.pk]) in page
    response = client.post(reverse("enterprises:visit_edit", args=[visit.pk]),
                           {"visited_on": "2027-05-01", "content": "改到明年"})
    visit.refresh_from_db()
    assert response.status_code == 200 and visit.visited_on == datetime.date(2026, 5, 1)
    client.post(reverse("enterprises:visit_edit", args=[visit.pk]),
                {"visited_on": "2026-06-01", "content": "指导签订工资集体协议"})
    visit.refresh_from_db()
    assert (visit.visited_on, visit.content) == (datetime.date(2026, 6, 1), "指导签订工资集体协议")
    assert [h.content for h in visit.history.order_by("history_date")] == ["指导签订集体合同", "指导签订工资集体协议"]
    client.post(reverse("enterprises:contact_edit", args=[assignment.pk]),
                {"office": assignment.office_id, "year": 2026, "contact_person": "李科长", "notes": ""})
    assignment.refresh_from_db()
    assert assignment.contact_person == "李科长"
    assert assignment.history.filter(contact_person="王科长").exists()
    client.post(reverse("enterprises:visit_delete", args=[visit.pk]))
    assert not ContactVisit.objects.exists()
    assert ContactVisit.history.filter(id=visit.pk, history_type="-").exists()
