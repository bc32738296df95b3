"""Everyone who acts on an application reads everything it acts on (申报表, 承诺书, the assessment and its
evidence), through one rule; nobody else does."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.documents.models import GeneratedDocument
from apps.evaluations.models import AssessmentItem, Evidence, Indicator
from apps.honours import services
from apps.honours.testing import make_application, make_enterprise, make_expert, make_round
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    round_ = make_round(stage="expert_review")
    enterprise = make_enterprise(account=True, name="材料测试有限公司")
    app = make_application(round_, status="approved", enterprise=enterprise, summary="简介")
    app.commitment.save("commitment.pdf", ContentFile(b"%PDF-1.4 commitment"), save=False)
    doc = GeneratedDocument.objects.create(title="申报表", template_name="honours/docs/application_form.html",
                                           region=app.region, kind="honour-application", status="done")
    doc.file.save("form.pdf", ContentFile(b"%PDF-1.4 form"), save=True)
    app.form_document = doc
    app.save()
    assessment = app.assessment
    indicator = Indicator.objects.create(indicator_set=assessment.indicator_set, code="A1", name="劳动合同签订率",
                                         max_points=10)
    item = AssessmentItem.objects.create(assessment=assessment, indicator=indicator, self_score=9,
                                         explanation="全员签订")
    evidence = Evidence(item=item, original_name="劳动合同台账.pdf", file_type="pdf", size=9)
    evidence.file.save("ledger.pdf", ContentFile(b"%PDF-1.4 evidence"), save=True)
    province = make_staff("42", username="m-province")
    expert = make_expert("m-expert")
    assignment = services.assign_expert(app, expert, province)
    return {"app": app, "evidence": evidence, "assignment": assignment, "expert": expert,
            "owner": enterprise.accounts.first(), "county": make_staff("420102", username="m-county"),
            "other_county": make_staff("420502", username="m-other"), "province": province,
            "other_expert": make_expert("m-expert2"),
            "other_unit": make_enterprise(account=True).accounts.first()}


def urls(w):
    app = w["app"]
    return [reverse("honours:application_file", args=[app.pk, "form"]),
            reverse("honours:application_file", args=[app.pk, "commitment"]),
            reverse("honours:application_assessment", args=[app.pk]),
            reverse("honours:application_evidence", args=[app.pk, w["evidence"].pk])]


@pytest.mark.parametrize("who", ["owner", "expert", "county", "province"])
def test_each_actor_opens_the_materials(client, world, who):
    client.force_login(world[who])
    form, commitment, assessment, evidence = urls(world)
    response = client.get(form)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 form"
    response = client.get(commitment)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 commitment"
    page = client.get(assessment).content.decode()
    assert "劳动合同签订率" in page and "全员签订" in page and evidence in page
    assert b"".join(client.get(evidence).streaming_content) == b"%PDF-1.4 evidence"
    detail = client.get(world["app"].get_absolute_url()).content.decode()
    assert form in detail and commitment in detail and assessment in detail


@pytest.mark.parametrize("who", ["other_county", "other_expert", "other_unit"])
def test_nobody_else_opens_them(client, world, who):
    client.force_login(world[who])
    for url in urls(world):
        assert client.get(url).status_code in (403, 404), url


def test_an_evidence_of_another_assessment_is_not_served_through_this_application(client, world):
    other = make_application(world["app"].round, status="approved")
    client.force_login(world["expert"])
    url = reverse("honours:application_evidence", args=[other.pk, world["evidence"].pk])
    assert client.get(url).status_code == 404


def test_the_scoring_page_links_to_the_application_the_assessment_and_its_evidence(client, world):
    client.force_login(world["expert"])
    page = client.get(reverse("honours:score", args=[world["assignment"].pk])).content.decode()
    form, commitment, assessment, evidence = urls(world)
    assert world["app"].get_absolute_url() in page
    for url in (form, commitment, assessment, evidence):
        assert url in page


def test_the_province_assigns_experts_to_many_applications_on_one_screen(client, world):
    from apps.honours.models import ExpertAssignment

    round_ = world["app"].round
    more = [make_application(round_, status="approved") for _ in range(2)]
    url = reverse("honours:round_experts", args=[round_.pk])
    client.force_login(world["county"])
    assert client.get(url).status_code == 403
    client.force_login(world["province"])
    page = client.get(url).content.decode()
    assert all(a.subject.name in page for a in more) and f'id="expert-{world["other_expert"].pk}"' in page
    experts = [world["expert"], world["other_expert"]]
    response = client.post(url, {"applications": [world["app"].pk] + [a.pk for a in more],
                                 "experts": [e.pk for e in experts]}, follow=True)
    body = response.content.decode()
    assert "已完成 5 项专家分配" in body and "已分配评审该申报" in body
    assert ExpertAssignment.objects.filter(application__round=round_).count() == 6
