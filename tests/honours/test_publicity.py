"""The public 公示 page: every round in its publicity period is listed, and each round's candidates can be
objected to."""

import datetime

import pytest
from django.urls import reverse

from apps.honours.models import Objection
from apps.honours.testing import make_application, make_enterprise, make_round

pytestmark = pytest.mark.django_db


def test_every_round_in_publicity_is_listed_and_objectable(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    today = datetime.date.today()
    period = {"publicity_start": today, "publicity_end": today + datetime.timedelta(days=9)}
    ent_round = make_round(stage="publicity", year=2090, kind="enterprise", **period)
    park_round = make_round(stage="publicity", year=2090, kind="park", **period)
    older = make_round(stage="publicity", year=2088, kind="enterprise", **period)
    ended = make_round(stage="publicity", year=2086, kind="enterprise", publicity_start=today,
                       publicity_end=today - datetime.timedelta(days=1))
    apps_ = [make_application(r, status="selected", enterprise=make_enterprise(name=f"公示候选{i}有限公司"))
             for i, r in enumerate([ent_round, park_round, older, ended])]
    body = client.get(reverse("public:publicity")).content.decode()
    for r in (ent_round, park_round, older):
        assert f"{r.name}拟命名名单公示" in body
    for app in apps_[:3]:
        assert app.subject.name in body
    assert ended.name not in body and apps_[3].subject.name not in body
    for app in apps_[:3]:
        response = client.post(reverse("public:publicity"),
                               {"application": app.pk, "contact": "13900000000", "text": "未签劳动合同"},
                               follow=True)
        assert "您的异议已受理" in response.content.decode()
    assert set(Objection.objects.values_list("application_id", flat=True)) == {a.pk for a in apps_[:3]}
    response = client.post(reverse("public:publicity"),
                           {"application": apps_[3].pk, "contact": "13900000000", "text": "异议"})
    assert "所选单位不在公示名单中" in response.content.decode()
    assert Objection.objects.count() == 3
