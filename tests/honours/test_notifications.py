"""Each step of the selection tells the next actor (in-app and by e-mail), and each role's home page lists
what waits for it."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.documents.models import Notification
from apps.honours import services
from apps.honours.models import Application
from apps.honours.testing import make_application, make_enterprise, make_expert, make_round
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_the_county_is_told_when_an_application_arrives(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    county = make_staff("420102", username="n-county", email="county@example.org")
    other = make_staff("420502", username="n-other", email="other@example.org")
    round_ = make_round()
    enterprise = make_enterprise(account=True)
    with django_capture_on_commit_callbacks(execute=True):
        app = services.apply(round_, enterprise.subject, enterprise.accounts.first(), summary="简介",
                             commitment=SimpleUploadedFile("c.pdf", b"%PDF-1.4"))
    note = Notification.objects.get(recipient=county)
    assert enterprise.name in note.title and note.url == app.get_absolute_url()
    assert not Notification.objects.filter(recipient=other).exists()
    assert [m.to for m in mail.outbox if enterprise.name in m.subject] == [["county@example.org"]]


def test_the_expert_is_told_when_assigned_and_finds_the_task_on_the_home_page(client, settings, tmp_path,
                                                                              django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    province = make_staff("42", username="n-province")
    expert = make_expert("n-expert")
    expert.email = "expert@example.org"
    expert.save()
    app = make_application(make_round(stage="expert_review"), status="approved")
    client.force_login(expert)
    assert "尚未关联" not in client.get(reverse("home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assign_expert(app, expert, province)
    score_url = reverse("honours:score", args=[assignment.pk])
    note = Notification.objects.get(recipient=expert)
    assert app.subject.name in note.title and note.url == score_url
    assert any(m.to == ["expert@example.org"] and app.subject.name in m.subject for m in mail.outbox)
    home = client.get(reverse("home")).content.decode()
    assert "尚未关联" not in home and app.subject.name in home and score_url in home


def test_each_office_finds_what_waits_for_it_on_its_home_page(client):
    county, city, province = (make_staff("420102", username="w-county"), make_staff("4201", username="w-city"),
                              make_staff("42", username="w-province"))
    recommending = make_round(stage="recommending")
    reviewing = make_round(stage="city_review", kind="park")
    deciding = make_round(stage="deciding")
    make_application(recommending, status="submitted")
    make_application(reviewing, status="recommended")
    make_application(deciding, status="approved")
    lines = {county: f"{recommending.name}：待县级推荐 1 个", city: f"{reviewing.name}：待市级审核 1 个",
             province: f"{deciding.name}：待省级审定 1 个"}
    for user, line in lines.items():
        client.force_login(user)
        home = client.get(reverse("home")).content.decode()
        assert line in home, user
        for other in set(lines.values()) - {line}:
            assert other not in home, (user, other)
    assert Application.objects.count() == 3
