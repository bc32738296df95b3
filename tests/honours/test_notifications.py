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


def test_assigning_many_experts_writes_in_one_batch_with_history_and_tells_each(
        django_assert_max_num_queries, django_capture_on_commit_callbacks):
    """The province ticks 6 applications × 3 experts on 专家分配: the queries do not grow per pair, every
    assignment has its history row, each expert may open exactly its applications and is told of each one, and a
    pair assigned before is refused by name."""
    from apps.honours.models import ExpertAssignment

    province = make_staff("42", username="m-province")
    round_ = make_round(stage="expert_review")
    apps_ = [make_application(round_, status="approved") for _ in range(6)]
    experts = [make_expert(f"m-expert-{i}") for i in range(3)]
    services.assign_expert(apps_[0], experts[0], province)
    apps_ = list(Application.objects.filter(pk__in=[a.pk for a in apps_]).select_related("subject", "round").order_by("pk"))
    with django_assert_max_num_queries(40), django_capture_on_commit_callbacks(execute=True):
        done, refused = services.assign_experts(apps_, experts, province)
    assert len(done) == 17 and refused == [f"{apps_[0].subject} · 评审专家：评审专家已分配评审该申报。"]
    assert (apps_[0].pk, experts[0].pk) not in {(a.application_id, a.expert_id) for a in done}
    assert ExpertAssignment.objects.filter(application__round=round_).count() == 18
    assert ExpertAssignment.history.filter(application__round=round_, history_type="+").count() == 18
    for expert in experts:
        assert all(expert.has_perm("honours.view_application", a) for a in apps_)
        titles = set(Notification.objects.filter(recipient=expert).values_list("title", flat=True))
        assert titles == {f"评审任务：{a.subject}" for a in apps_}
