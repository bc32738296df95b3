"""The pages anyone reads without logging in (every page of apps/public: station finder, coordinator lists, named
units, the 公示 with its objection form, cases, the workers' ballot entry) meet GB/T 37668-2019 / WCAG 2.1 AA:
axe-core, run in the browser, finds no serious or critical violation on a desktop screen nor on a 390 px phone."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from apps.coordinators.models import Coordinator, GoldMedal
from apps.honours.testing import make_application, make_enterprise, make_round, make_title
from apps.recognition.models import Case
from apps.regions.models import Region
from apps.stations.models import Station

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def _coordinator(name, number_seq):
    from stdnum.cn import ric

    body = f"42010219850612{number_seq}"
    person = Coordinator(name=name, phone="13911112222", education="bachelor", workplace_type="enterprise",
                         workplace_name=f"{name}所在公司", region=Region.objects.get(code="420102002"),
                         on_public_list=True, confirmation="confirmed")
    person.set_id_number(body + ric.calc_check_digit(body + "0"))
    person.save()
    return person


@pytest.fixture
def public_world(ensure_regions, media):
    """Something on every public page, so that its lists, cards and forms are what axe looks at."""
    Station.objects.create(name="大智街道劳动关系服务站", kind="street", region=Region.objects.get(code="420102002"),
                           address="大智路 58 号", opening_hours="周一至周五 9:00-17:00", phone="027-82761234",
                           services=["policy", "mediation"], acceptance_result="passed",
                           acceptance_date=datetime.date(2025, 6, 1), acceptance_evaluator="县三方办")
    person = _coordinator("李协调", "123")
    GoldMedal.objects.create(year=timezone.localdate().year, coordinator=person, level="city", citation="调处争议二十余起",
                             nominated_by=Region.objects.get(code="4201"), published_at=timezone.now(),
                             certificate_no=f"鄂金协{timezone.localdate().year}第0001号")
    make_title(make_application(make_round(stage="named"), status="named",
                                enterprise=make_enterprise(name="江岸和谐示范有限公司")),
               named_on=datetime.date.today() - datetime.timedelta(days=10))
    round_ = make_round(stage="publicity", publicity_start=datetime.date.today(),
                        publicity_end=datetime.date.today() + datetime.timedelta(days=9))
    make_application(round_, status="selected", enterprise=make_enterprise(name="公示候选有限公司"))
    case = Case.objects.create(title="工资集体协商促共赢", year=2026, summary="职代会审议工资专项集体合同。",
                               body="职代会审议工资专项集体合同，职工工资年均增长6%。", unit_name="江岸某公司",
                               region=Region.objects.get(code="420102"), status="published",
                               published_at=timezone.now())
    return {"case": case, "year": timezone.localdate().year}


def public_pages(world):
    return {
        "服务站点查询": "/public/stations/",
        "服务站点查询（江岸区）": "/public/stations/?county=420102",
        "协调员公示名单": "/public/coordinators/?county=420102",
        "金牌协调员名单": f"/public/gold-medals/?year={world['year']}",
        "命名单位": "/public/honours/",
        "公示与异议": "/public/honours/publicity/",
        "典型案例": "/public/cases/",
        "典型案例详情": f"/public/cases/{world['case'].pk}/",
        "满意度测评": "/public/ballot/",
    }


def test_axe_looks_at_every_page_of_apps_public():
    """A page added to apps/public/urls.py is checked for accessibility the day it is added."""
    from types import SimpleNamespace

    from django.urls import resolve

    from apps.public.urls import urlpatterns

    looked_at = {resolve(path.split("?")[0]).view_name
                 for path in public_pages({"case": SimpleNamespace(pk=1), "year": 2026}).values()}
    assert {f"public:{p.name}" for p in urlpatterns} <= looked_at


def serious(results):
    """axe's serious and critical violations, each with the first few elements and what is wrong with them."""
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(
        f"{n['html'][:120]} [{(n.get('failureSummary') or '').splitlines()[-1:]}]" for n in v["nodes"][:4])
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_public_pages_have_no_serious_accessibility_violation(page, live_server, public_world):
    axe = Axe()
    found = {}
    for screen, size in SCREENS.items():
        page.set_viewport_size(size)
        for name, path in public_pages(public_world).items():
            page.goto(live_server.url + path)
            assert "/login/" not in page.url, name
            page.wait_for_load_state("networkidle")
            problems = serious(axe.run(page))
            if problems:
                found[f"{name}（{screen}）"] = problems
    assert not found, "\n".join(f"{name}: {problem}" for name, problems in found.items() for problem in problems)


def test_forms_sent_with_errors_stay_accessible(page, live_server, public_world):
    """The objection form sent empty and a wrong ballot code: the error messages are readable (contrast) and the
    fields keep their names."""
    axe = Axe()
    for size in SCREENS.values():
        page.set_viewport_size(size)
        page.goto(live_server.url + "/public/honours/publicity/")
        page.locator("form[method=post] button[type=submit]").last.click()
        page.wait_for_load_state("networkidle")
        assert "请修改以下问题后再提交" in page.content()
        assert serious(axe.run(page)) == []
        page.goto(live_server.url + "/public/ballot/")
        page.fill("#id_code", "XXXX")
        page.locator("form[method=post] button[type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-testid=code-error]").count() == 1
        assert serious(axe.run(page)) == []
