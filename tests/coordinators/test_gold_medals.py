"""金牌协调员: the province returns a nomination with a reason; only confirmed coordinators are nominated; a
county sees its city's quota; the list goes out below the target with the gap shown, as a PDF and a searchable,
paged public page."""

import pytest
from django.urls import reverse
from stdnum.cn import ric

from apps.coordinators.models import Coordinator, GoldMedal, GoldMedalQuota
from apps.coordinators.services import nominate_gold_medal, publish_gold_medals
from apps.core.workflow import WorkflowError
from apps.documents.models import Notification
from apps.regions.models import Region
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def _coordinator(n, name=None, township="420102002", confirmation="confirmed"):
    body = f"420102198803{n % 28 + 1:02d}{n:03d}"
    c = Coordinator(name=name or f"金牌候选{n:03d}", phone="13912345678", education="bachelor",
                    workplace_type="enterprise", workplace_name=f"候选公司{n}", region=Region.objects.get(code=township),
                    confirmation=confirmation)
    c.set_id_number(body + ric.calc_check_digit(body + "0"))
    c.save()
    return c


def test_the_province_returns_a_city_nomination_with_a_reason_and_the_quota_frees(client):
    wuhan = Region.objects.get(code="4201")
    GoldMedalQuota.objects.create(year=2026, city=wuhan, quota=1)
    city = make_staff("4201", roles=("leader",))
    medal = nominate_gold_medal(_coordinator(1), city, 2026)
    province = make_staff("42", roles=("leader",))
    client.force_login(province)
    page = client.get(reverse("coordinators:goldmedal_list") + "?year=2026").content.decode()
    assert reverse("coordinators:goldmedal_return", args=[medal.pk]) in page
    client.post(reverse("coordinators:goldmedal_return", args=[medal.pk]), {"reason": ""})
    medal.refresh_from_db()
    assert medal.status == GoldMedal.State.NOMINATED  # a return needs a reason: nothing changed
    client.post(reverse("coordinators:goldmedal_return", args=[medal.pk]), {"reason": "事迹材料不实"})
    medal.refresh_from_db()
    assert medal.status == GoldMedal.State.RETURNED and medal.return_reason == "事迹材料不实"
    assert medal.history.first().history_change_reason.startswith("已提名 → 已退回")
    assert Notification.objects.filter(recipient=city).exists()
    # a returned nomination no longer takes the city's quota: the city nominates another
    nominate_gold_medal(_coordinator(2), city, 2026)
    client.force_login(city)
    page = client.get(reverse("coordinators:goldmedal_list") + "?year=2026").content.decode()
    assert "已退回" in page and "事迹材料不实" in page


def test_a_coordinator_awaiting_confirmation_is_not_nominated():
    city = make_staff("4201", roles=("leader",))
    GoldMedalQuota.objects.create(year=2026, city=Region.objects.get(code="4201"), quota=5)
    with pytest.raises(WorkflowError, match="尚未经审核确认"):
        nominate_gold_medal(_coordinator(3, confirmation="pending"), city, 2026)
    assert not GoldMedal.objects.exists()


def test_a_county_sees_its_nominations_beside_its_citys_quota(client):
    GoldMedalQuota.objects.create(year=2026, city=Region.objects.get(code="4201"), quota=60)
    city = make_staff("4201", roles=("leader",))
    for n in range(6):
        nominate_gold_medal(_coordinator(10 + n), city, 2026)
    client.force_login(make_staff("420102"))
    page = client.get(reverse("coordinators:goldmedal_list") + "?year=2026").content.decode()
    cards = page.split('data-testid="gold-progress"')[1]
    assert "本辖区市级提名 / 武汉市名额" in cards and "6 / 60 名" in cards and "6 / 0 名" not in cards


def test_the_list_is_published_below_the_target_as_a_pdf_and_a_searchable_paged_page(
        client, media, django_capture_on_commit_callbacks):
    import subprocess

    from apps.documents.models import GeneratedDocument

    province = make_staff("42", roles=("leader",))
    for n in range(55):
        nominate_gold_medal(_coordinator(100 + n, name="张卓越" if n == 54 else None), province, 2026)
    client.force_login(province)
    page = client.get(reverse("coordinators:goldmedal_list") + "?year=2026").content.decode()
    assert "距全省年度目标还差 945 名" in page
    response = client.post(reverse("coordinators:goldmedal_publish"), {"year": 2026}, follow=True)
    assert "共55名" in response.content.decode() and "还差945名" in response.content.decode()
    assert GoldMedal.objects.published().count() == 55
    with pytest.raises(WorkflowError):
        publish_gold_medals(2026, province)  # nothing left to publish
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordinators:goldmedal_list_pdf"), {"year": 2026})
    document = GeneratedDocument.objects.get(template_name="coordinators/gold_medal_list_pdf.html")
    assert document.status == "done"
    text = subprocess.run(["pdftotext", document.file.path, "-"], capture_output=True, text=True).stdout
    assert "2026年度金牌劳动关系协调员名单" in text and "张卓越" in text and "共55名" in text
    client.logout()
    public = reverse("public:gold_medal_list")
    first = client.get(public, {"year": 2026}).content.decode()
    assert "共 55 名" in first and "第 1 / 2 页" in first
    second = client.get(public, {"year": 2026, "page": 2}).content.decode()
    assert second.count("<tr>") == 1 + 5
    found = client.get(public, {"year": 2026, "q": "张卓越"}).content.decode()
    assert "共 1 名" in found, found[found.find("<main"):][:3000]
    assert "共 1 名" in found and "张卓越" in found and "候选公司100<" not in found


def test_publishing_takes_the_workflow_step_on_every_nomination_with_numbers_in_order_and_history():
    """The list goes out through the publication workflow's one "publish" step (Workflow.perform_all): a city
    office is refused without a change; the province's publication numbers the certificates in order of city and
    name, one history row each."""
    province, city = make_staff("42", roles=("leader",)), make_staff("4201", username="g-city")
    medals = [nominate_gold_medal(_coordinator(300 + n, name=f"候选{n}"), province, 2027) for n in range(3)]
    with pytest.raises(WorkflowError, match="只有省级三方办可以公布"):
        publish_gold_medals(2027, city)
    assert not GoldMedal.objects.filter(year=2027).published().exists()
    assert publish_gold_medals(2027, province) == 3
    published = GoldMedal.objects.filter(year=2027).order_by("certificate_no")
    assert [m.certificate_no for m in published] == [f"鄂金协2027第{n:04d}号" for n in (1, 2, 3)]
    assert [m.coordinator.name for m in published] == ["候选0", "候选1", "候选2"]
    for medal in medals:
        last = medal.history.order_by("-history_id").first()
        assert last.status == GoldMedal.State.PUBLISHED and last.history_user == province
        assert last.history_change_reason == "已提名 → 已公布：公布名单"
