"""Issue 13, rough edges a user meets: labels in the change log, counters per level, hints that fit the user."""

import pytest
from django.urls import reverse

from apps.accounts.models import User
from apps.coordinators.models import Coordinator
from apps.core.audit import history_rows
from apps.documents.models import GeneratedDocument
from apps.enterprises.filters import current_year
from apps.enterprises.models import CreationRecord, Enterprise
from apps.evaluations.models import Agency, Assessment
from apps.parks.models import Park
from apps.regions.models import Region
from apps.stations.models import Station
from tests.conftest import TEST_PASSWORD, make_staff
from tests.enterprises.test_enterprises import make_enterprise

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- 1. the change log reads like a person wrote it

def test_change_log_shows_yes_no_names_and_labels_never_raw_values(client, county_user):
    from tests.evaluations.test_evaluations import ensure_sets

    ensure_sets()
    enterprise = make_enterprise(1, name="江岸楚天机械有限公司")
    assessment = Assessment.start(enterprise.subject, 2026, Assessment.Kind.SELF, county_user)
    reviewer = make_staff("420102", roles=("reviewer",), username="jiangan-reviewer")
    reviewer.full_name = "李审核"
    reviewer.save()
    assessment.veto_failed = True
    assessment.reviewed_by = reviewer
    assessment.status = Assessment.Status.SUBMITTED
    assessment.save()

    changes = {c["field"]: (c["old"], c["new"]) for c in history_rows(assessment)[0]["changes"]}
    assert changes["触发一票否决"] == ("否", "是")
    assert changes["审核人"] == ("（空）", "李审核")
    assert changes["状态"][1] == Assessment.Status.SUBMITTED.label

    park = Park.objects.create(name="江岸楚天产业园", region=Region.objects.get(code="420102"))
    enterprise.has_union = not enterprise.has_union
    enterprise.park = park
    enterprise.save()
    client.force_login(county_user)
    page = client.get(reverse("enterprises:enterprise_detail", args=[enterprise.pk])).content.decode()
    trail = page[page.index('data-testid="audit-trail"'):]
    assert "江岸楚天产业园" in trail and "是" in trail
    for raw in ("False", "True", f"→ {park.pk}<", "None"):
        assert raw not in trail


def test_document_list_shows_the_kind_as_a_word(client, county_user, media):
    GeneratedDocument.objects.create(title="关于开展创建活动的通知", template_name="documents/official_notice.html",
                                     region=Region.objects.get(code="420102"), created_by=county_user,
                                     kind="notice")
    client.force_login(county_user)
    page = client.get(reverse("documents:document_list")).content.decode()
    assert "通知公文" in page and ">notice<" not in page


def test_agency_home_names_the_agency_not_its_permission_group(client):
    agency = Agency.objects.create(name="湖北中衡劳动关系评估中心", region=Region.objects.get(code="42"))
    user = User.objects.create_user(username="agency-x", password=TEST_PASSWORD, kind=User.Kind.AGENCY,
                                    agency=agency, full_name="评估员")
    user.groups.add(agency.group)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "湖北中衡劳动关系评估中心" in page
    assert agency.group.name not in page and "第三方机构-" not in page
    assert 'data-testid="agency-home"' in page and "工业园区" not in page  # no counter meaningless to an agency


# ---------------------------------------------------------------- 2. home counters and hints per level


@pytest.mark.parametrize("code, county_shown, township_shown", [
    ("42", True, True), ("4201", True, True), ("420102", False, True), ("420102002", False, False)])
def test_home_counters_fit_the_users_level(client, code, county_shown, township_shown):
    client.force_login(make_staff(code))
    page = client.get(reverse("home")).content.decode()
    assert ("下辖县级单位" in page) is county_shown
    assert ("下辖乡镇（街道）" in page) is township_shown


def test_qualified_counter_links_to_the_rows_it_counts(client, county_user):
    year = current_year()
    counted = make_enterprise(1, name="江岸达标企业有限公司")
    shown_too = make_enterprise(2, name="江岸示范企业有限公司")
    other = make_enterprise(3, name="江岸创建中企业有限公司")
    for enterprise, status in ((counted, "qualified"), (shown_too, "demonstration"), (other, "creating")):
        CreationRecord.objects.create(subject=enterprise.subject, year=year, status=status)
    client.force_login(county_user)
    home = client.get(reverse("home")).content.decode()
    link = f'{reverse("enterprises:enterprise_list")}?year={year}&amp;status=reached'
    assert link in home
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    assert "江岸达标企业有限公司" in listing and "江岸示范企业有限公司" in listing
    assert "江岸创建中企业有限公司" not in listing
    assert Enterprise.objects.count() == 3


def test_empty_lists_tell_only_who_can_press_the_button(client):
    clerk = make_staff("420102", roles=("clerk",))
    leader = make_staff("420102", roles=("leader",), username="jiangan-leader")
    client.force_login(clerk)
    documents = client.get(reverse("documents:document_list")).content.decode()
    assert "本区域尚无生成的公文或文书" in documents and "拟发通知" not in documents
    parks = client.get(reverse("parks:park_list")).content.decode()
    assert "本区域尚无登记的工业园区" in parks and "新增园区" in parks
    client.force_login(leader)
    assert "拟发通知" in client.get(reverse("documents:document_list")).content.decode()
    parks = client.get(reverse("parks:park_list")).content.decode()
    assert "本区域尚无登记的工业园区" in parks and "新增园区" not in parks


def test_contact_hint_is_a_sentence_with_a_link_not_a_button(client, county_user):
    client.force_login(county_user)
    page = client.get(reverse("enterprises:contact_list")).content.decode()
    hint = page[page.index('data-testid="contact-hint"'):]
    hint = hint[:hint.index("</p>")]
    assert "设为联系单位" in hint and "btn" not in hint
    assert "btn btn-sm btn-outline-secondary\" href=\"/enterprises/\"" not in page


# ---------------------------------------------------------------- 3. import results and spreadsheets

def test_enterprise_import_result_is_titled_as_a_result_and_says_it_once(client, county_user):
    from apps.core.models import BackgroundJob
    from tests.enterprises.test_excel import row, upload, xlsx

    client.force_login(county_user)
    upload(client, xlsx([row(1), row(2)]))
    job = BackgroundJob.objects.get()
    page = client.post(reverse("enterprises:import_confirm", args=[job.pk]), follow=True).content.decode()
    assert "<h1 class=\"h5\">导入结果" in page and "导入预览" not in page
    assert page.count("导入完成：新增 2 家") == 1


def test_small_station_import_says_its_result_once(client, county_user, media):
    from tests.stations.test_stations import good_row, workbook

    client.force_login(county_user)
    body = client.post(reverse("stations:station_import"), {"file": workbook([good_row()])}).content.decode()
    token = body.split('name="token" value="')[1].split('"')[0]
    page = client.post(reverse("stations:station_import"), {"token": token}, follow=True).content.decode()
    assert page.count("导入完成") == 1


@pytest.mark.parametrize("url_name, coded_header", [
    ("enterprises:import_template", "行业"), ("parks:park_import_template", "园区级别"),
    ("stations:station_import_template", "站点类型"), ("coordinators:ledger_import_template", "学历"),
    ("coordinators:ledger_import_template", "在岗状态")])
def test_import_templates_carry_drop_down_lists(client, county_user, url_name, coded_header):
    import io

    from openpyxl import load_workbook

    client.force_login(county_user)
    book = load_workbook(io.BytesIO(client.get(reverse(url_name)).content))
    sheet = book.worksheets[0]
    validations = sheet.data_validations.dataValidation
    assert validations, f"{url_name}: no drop-down list in the template"
    assert all(v.type == "list" for v in validations)
    if coded_header:
        headers = [c.value for c in sheet[1]]
        column = next(i for i, h in enumerate(headers, start=1) if h and h.startswith(coded_header))
        from openpyxl.utils import get_column_letter

        letter = get_column_letter(column)
        assert any(f"{letter}2" in str(v.sqref) for v in validations), f"{coded_header} has no drop-down"


def test_exported_columns_are_as_wide_as_their_contents(client, county_user):
    import io

    from openpyxl import load_workbook

    from tests.stations.test_stations import make_station

    make_station("江岸区大智街道劳动关系公共服务站（百步亭花园社区服务点）")
    client.force_login(county_user)
    response = client.get(reverse("stations:station_export"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [c.value for c in sheet[1]]
    name_column = sheet.column_dimensions["ABCDEFGHIJ"[headers.index("站点名称")]]
    assert name_column.width >= 2 * len("江岸区大智街道劳动关系公共服务站（百步亭花园社区服务点）")


# ---------------------------------------------------------------- 4. the enterprise's landing page

def test_enterprise_landing_says_a_self_assessment_is_waiting(client):
    from apps.evaluations.views.common import current_year as assessment_year
    from tests.evaluations.test_evaluations import ensure_sets
    from tests.evaluations.test_evaluations import make_enterprise as make_enterprise_account

    ensure_sets()
    enterprise, user = make_enterprise_account()
    client.force_login(user)
    landing = client.get(reverse("home"), follow=True).content.decode()
    assert 'data-testid="self-assessment-task"' not in landing  # not in the ledger this year: nothing due

    CreationRecord.objects.create(subject=enterprise.subject, year=assessment_year(), status="creating")
    landing = client.get(reverse("enterprises:mine")).content.decode()
    assert "年度自评待开始" in landing and reverse("evaluations:assessment_start_self") in landing

    client.post(reverse("evaluations:assessment_start_self"))
    sheet = Assessment.objects.get(subject=enterprise.subject)
    landing = client.get(reverse("enterprises:mine")).content.decode()
    assert "年度自评待填报" in landing and reverse("evaluations:assessment_fill", args=[sheet.pk]) in landing

    Assessment.objects.filter(pk=sheet.pk).update(status=Assessment.Status.RETURNED, return_reason="佐证材料不全")
    landing = client.get(reverse("enterprises:mine")).content.decode()
    assert "已被退回" in landing and "佐证材料不全" in landing


# ---------------------------------------------------------------- 7. park and township agree; code and county

def test_enterprise_in_one_township_with_a_park_of_another_is_refused(client, county_user):
    from tests.enterprises.test_enterprises import form_data

    park = Park.objects.create(name="二七滨江商务区", level="provincial", region=Region.objects.get(code="420102"))
    park.townships.set([Region.objects.get(code="420102010")])  # 二七街道
    client.force_login(county_user)
    response = client.post(reverse("enterprises:enterprise_create"), form_data(park=park.pk))  # 大智街道
    page = response.content.decode()
    assert response.status_code == 200 and "位于二七街道" in page and "大智街道不在其中" in page
    assert "江岸新建科技有限公司" in page  # what was typed is kept
    assert not Enterprise.objects.exists()

    response = client.post(reverse("enterprises:enterprise_create"),
                           form_data(park=park.pk, region=Region.objects.get(code="420102010").pk))
    assert response.status_code == 302 and Enterprise.objects.get().park == park


def test_enterprise_import_refuses_a_park_of_another_township(client, county_user):
    from apps.core.models import BackgroundJob
    from tests.enterprises.test_excel import row, upload, xlsx

    park = Park.objects.create(name="二七滨江商务区", level="provincial", region=Region.objects.get(code="420102"))
    park.townships.set([Region.objects.get(code="420102010")])
    client.force_login(county_user)
    upload(client, xlsx([row(1, **{"所在区划代码": "420102002", "所在园区": "二七滨江商务区"})]))
    job = BackgroundJob.objects.get()
    assert job.params["stage"] == "invalid"
    assert any("不在所填乡镇（街道）内" in message for _, _, message in job.params["errors"])


def test_a_credit_code_of_another_area_is_saved_with_a_warning(client, county_user):
    from stdnum.cn import uscc as uscc_number

    from tests.enterprises.test_enterprises import form_data

    # registered in 宜昌市西陵区, enterprise in 江岸区 (issue 20: a registration by the province's or the city's
    # own bureau, 420000 or 420100, is normal and no longer warns; tests/enterprises/test_uscc_region.py)
    body = "91420502MA4K00123"
    code = body + uscc_number.calc_check_digit(body)
    client.force_login(county_user)
    response = client.post(reverse("enterprises:enterprise_create"), form_data(uscc=code), follow=True)
    page = response.content.decode()
    assert Enterprise.objects.get().uscc == code  # a warning, not a refusal
    assert "alert-warning" in page and "420502（" in page and "武汉市江岸区（420102）不一致" in page

    body = "91420102MA4K00124"
    Enterprise.objects.all().delete()
    code = body + uscc_number.calc_check_digit(body)
    page = client.post(reverse("enterprises:enterprise_create"), form_data(uscc=code), follow=True).content.decode()
    assert "不一致" not in page


def test_park_townships_must_lie_in_the_parks_county(client, county_user):
    client.force_login(county_user)
    data = {"name": "江岸新园", "level": "other", "region": Region.objects.get(code="420102").pk,
            "townships": [Region.objects.get(code="420502001").pk], "enterprise_count": 0, "worker_count": 0}
    response = client.post(reverse("parks:park_add"), data)
    assert response.status_code == 200 and not Park.objects.filter(name="江岸新园").exists()


# ---------------------------------------------------------------- 5. searchable pickers of visible rows

def test_enterprise_picker_finds_only_visible_rows_and_the_form_keeps_the_choice(client, county_user):
    from tests.coordinators.test_coordinators import form_data as coordinator_form

    mine = make_enterprise(1, name="江岸楚源机械制造有限公司")
    make_enterprise(2, name="江岸楚源食品有限公司")
    theirs = make_enterprise(3, township="420502001", name="宜昌楚源物流有限公司")
    client.force_login(county_user)
    found = client.get(reverse("enterprises:pick"), {"q": "楚源", "field": "enterprises"}).content.decode()
    assert "江岸楚源机械制造有限公司" in found and "江岸楚源食品有限公司" in found
    assert "宜昌楚源物流有限公司" not in found
    assert f'name="enterprises" value="{mine.pk}"' in found
    assert client.get(reverse("enterprises:pick"), {"q": "\x00", "field": "x"}).status_code == 200
    assert client.get(reverse("enterprises:pick"), {"q": "没有这家"}).content.decode().count("没有找到") == 1

    form = client.get(reverse("coordinators:coordinator_add")).content.decode()
    assert 'data-testid="pick-enterprises"' in form and "<select" not in form.split('data-testid="pick-enterprises"')[1][:300]
    response = client.post(reverse("coordinators:coordinator_add"), coordinator_form(enterprises=[mine.pk]))
    assert response.status_code == 302
    coordinator = Coordinator.objects.get(name="王小明")
    assert list(coordinator.enterprises.all()) == [mine]
    edit = client.get(reverse("coordinators:coordinator_edit", args=[coordinator.pk])).content.decode()
    assert f'value="{mine.pk}" id="id_enterprises_{mine.pk}" checked' in edit
    # a row outside the area cannot be slipped in
    response = client.post(reverse("coordinators:coordinator_edit", args=[coordinator.pk]),
                           coordinator_form(enterprises=[theirs.pk], id_number=""))
    assert response.status_code == 200
    assert list(coordinator.enterprises.all()) == [mine]


def test_station_resident_coordinators_link_to_the_ledger(client, county_user):
    from tests.coordinators.test_coordinators import id_number, make_coordinator
    from tests.stations.test_stations import station_data

    li = make_coordinator(name="李娜", number=id_number(seq="124"))
    far = make_coordinator("420502001", name="周强", number=id_number("420502", seq="135"))
    client.force_login(county_user)
    found = client.get(reverse("coordinators:pick"), {"q": "李", "field": "coordinators"}).content.decode()
    assert "李娜" in found and "周强" not in client.get(reverse("coordinators:pick"), {"q": "周"}).content.decode()
    response = client.post(reverse("stations:station_add"), station_data(coordinators=[li.pk],
                                                                            coordinator_names="王外聘"))
    assert response.status_code == 302
    station = Station.objects.get()
    assert list(station.coordinators.all()) == [li]
    page = client.get(reverse("stations:station_detail", args=[station.pk])).content.decode()
    block = page[page.index('data-testid="resident-coordinators"'):]
    block = block[:block.index("</dd>")]
    assert f'href="{reverse("coordinators:coordinator_detail", args=[li.pk])}">李娜</a>' in block
    assert "王外聘" in block and "未入台账" in block
    response = client.post(reverse("stations:station_edit", args=[station.pk]), station_data(coordinators=[far.pk]))
    assert response.status_code == 200 and list(station.coordinators.all()) == [li]


def test_migration_links_free_text_names_to_the_ledger(county_user):
    import importlib

    from django.apps import apps as django_apps

    from tests.coordinators.test_coordinators import id_number, make_coordinator
    from tests.stations.test_stations import make_station

    li = make_coordinator(name="李娜", number=id_number(seq="124"))
    make_coordinator("420502001", name="周强", number=id_number("420502", seq="135"))
    station = make_station(coordinator_names="李娜、周强，王外聘")
    module = importlib.import_module("apps.stations.migrations.0003_link_resident_coordinators")
    module.link(django_apps, None)
    station.refresh_from_db()
    assert list(station.coordinators.all()) == [li]
    assert station.coordinator_names == "周强、王外聘"  # 周强 works in another county: not linked


# ---------------------------------------------------------------- 6. a PDF being made is polled until ready

def test_document_status_cell_polls_until_ready_then_refreshes_the_bell(client, county_user, media):
    from django.core.files.base import ContentFile

    from apps.documents.services import notify

    document = GeneratedDocument.objects.create(title="通知", template_name="documents/official_notice.html",
                                                region=Region.objects.get(code="420102"), created_by=county_user)
    client.force_login(county_user)
    listing = client.get(reverse("documents:document_list")).content.decode()
    assert f'hx-get="{reverse("documents:document_status", args=[document.pk])}"' in listing
    pending = client.get(reverse("documents:document_status", args=[document.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in pending and "notification-bell" not in pending

    document.file.save("n.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.status = GeneratedDocument.Status.DONE
    document.save()
    notify([county_user], "文书已生成：通知", email=False)
    done = client.get(reverse("documents:document_status", args=[document.pk])).content.decode()
    assert "hx-trigger" not in done and reverse("documents:document_download", args=[document.pk]) in done
    assert 'id="notification-bell"' in done and 'hx-swap-oob="true"' in done and ">1<" in done
    other = make_staff("420502")
    client.force_login(other)
    assert client.get(reverse("documents:document_status", args=[document.pk])).status_code == 404


def test_filters_offer_no_unknown_or_unfilled_choices(client, county_user):
    client.force_login(county_user)
    users = client.get(reverse("accounts:user_list")).content.decode()
    assert "未知" not in users and ">是</option>" in users
    import re

    from django.urls import resolve

    # "（未填）" only where the row's field may really be empty (a park of an enterprise), never on a required one
    for url in (reverse("enterprises:enterprise_list"), reverse("stations:station_list"),
                reverse("coordinators:coordinator_list"), reverse("documents:document_list")):
        page = client.get(url).content.decode()
        view = resolve(url).func.view_class
        filterset_class, model = view.filterset_class, view.model
        for name, body in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', page, re.S):
            if "（未填）" in body:
                field_name = filterset_class.base_filters[name].field_name
                assert model._meta.get_field(field_name.split("__")[0]).null, (url, name)
