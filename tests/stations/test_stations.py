import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.parks.models import Park
from apps.regions.models import Region
from apps.stations.excel import HEADERS
from apps.stations.models import Station
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def region(code):
    return Region.objects.get(code=code)


def station_data(**overrides):
    data = {"name": "大智街道劳动关系服务站", "kind": "street", "region": region("420102002").pk, "park": "",
            "address": "大智路 1 号", "phone": "027-12345678", "opening_hours": "周一至周五", "services": ["policy", "mediation"],
            "staff_count": "2", "staff_names": "", "coordinator_count": "1", "coordinator_names": "",
            "established_on": "2023-06-01", "has_platform": "on", "has_team": "on"}
    data.update(overrides)
    return data


def make_station(name="大智站", code="420102002", **kw):
    return Station.objects.create(name=name, kind=kw.pop("kind", "street"), region=region(code),
                                  address=kw.pop("address", "某路 1 号"), **kw)


# ----- forms: good and bad input -----

def test_county_clerk_records_a_station(client, county_user):
    client.force_login(county_user)
    response = client.post(reverse("stations:station_add"), station_data())
    station = Station.objects.get()
    assert response["Location"] == reverse("stations:station_detail", args=[station.pk])
    assert station.services == ["policy", "mediation"] and station.six_haves_count == 2
    assert station.established_on == datetime.date(2023, 6, 1)
    body = client.get(reverse("stations:station_detail", args=[station.pk])).content.decode()
    assert "政策咨询" in body and "劳动争议调解" in body and "未验收" in body and "2/6" in body


def test_station_outside_the_users_area_is_refused(client, county_user):
    client.force_login(county_user)
    response = client.post(reverse("stations:station_add"), station_data(region=region("420502001").pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "所在区划“宜昌市西陵区西陵街道”不在您的管辖区域（武汉市江岸区）内" in body
    assert not Station.objects.exists()


def test_duplicate_station_name_in_one_township_is_refused(client, county_user):
    make_station("大智街道劳动关系服务站")
    client.force_login(county_user)
    response = client.post(reverse("stations:station_add"), station_data())
    assert "同一乡镇（街道）内站点名称不能重复" in response.content.decode()
    assert Station.objects.count() == 1
    # the same name in another township is fine
    response = client.post(reverse("stations:station_add"), station_data(region=region("420102003").pk))
    assert response.status_code == 302 and Station.objects.count() == 2


def test_street_station_must_be_in_a_township_and_park_station_needs_its_park(client, county_user):
    client.force_login(county_user)
    body = client.post(reverse("stations:station_add"), station_data(region=region("420102").pk)).content.decode()
    assert "不是乡镇（街道）" in body
    body = client.post(reverse("stations:station_add"), station_data(kind="park")).content.decode()
    assert "园区站点须选择所服务的园区" in body
    other_park = Park.objects.create(name="西陵园", level="other", region=region("420502"))
    body = client.post(reverse("stations:station_add"), station_data(kind="park", park=other_park.pk)).content.decode()
    assert "所选园区不在您的管辖区域内" in body and "西陵园" not in body  # no name from another area
    assert not Station.objects.exists()


def test_park_station_in_its_parks_county(client, county_user):
    park = Park.objects.create(name="滨江园", level="provincial", region=region("420102"))
    client.force_login(county_user)
    response = client.post(reverse("stations:station_add"), station_data(kind="park", park=park.pk,
                                                                         region=region("420102010").pk))
    assert response.status_code == 302
    assert Station.objects.get().park == park


def test_another_county_cannot_edit_or_accept(client, other_county_user):
    station = make_station()
    client.force_login(other_county_user)
    assert client.post(reverse("stations:station_edit", args=[station.pk]), station_data()).status_code == 404
    assert client.post(reverse("stations:station_acceptance", args=[station.pk]),
                       {"acceptance_result": "passed"}).status_code == 404
    station.refresh_from_db()
    assert station.acceptance_result == "pending"


def test_acceptance_is_recorded_by_a_reviewer_with_its_history(client):
    station = make_station()
    clerk = make_staff("420102", roles=("clerk",))
    client.force_login(clerk)
    assert client.get(reverse("stations:station_acceptance", args=[station.pk])).status_code == 403
    reviewer = make_staff("420102", roles=("reviewer",))
    client.force_login(reviewer)
    url = reverse("stations:station_acceptance", args=[station.pk])
    body = client.post(url, {"acceptance_result": "passed", "acceptance_date": "", "acceptance_evaluator": "",
                             "model_status": "provincial"}).content.decode()
    assert "已验收的站点须填写验收日期" in body and "请填写验收单位或验收人" in body
    station.refresh_from_db()
    assert station.acceptance_result == "pending"
    response = client.post(url, {"acceptance_result": "passed", "acceptance_date": "2026-11-20",
                                 "acceptance_evaluator": "江岸区三方办", "acceptance_notes": "六有齐全",
                                 "model_status": "provincial"})
    assert response.status_code == 302
    station.refresh_from_db()
    assert (station.acceptance_result, station.model_status, station.acceptance_date) == (
        "passed", "provincial", datetime.date(2026, 11, 20))
    assert station.history.first().history_change_reason == "验收评估：验收通过"
    body = client.get(reverse("stations:station_detail", args=[station.pk])).content.decode()
    assert "验收通过" in body and "省级样板" in body and "江岸区三方办" in body


def test_model_station_needs_a_passed_acceptance(client, county_user):
    station = make_station()
    client.force_login(county_user)
    body = client.post(reverse("stations:station_acceptance", args=[station.pk]), {
        "acceptance_result": "failed", "acceptance_date": "2026-11-20", "acceptance_evaluator": "三方办",
        "model_status": "national_nominee"}).content.decode()
    assert "只有验收通过的站点才能评为或推荐样板站点" in body
    station.refresh_from_db()
    assert station.model_status == "none"


# ----- list, scoping, export -----

def test_list_shows_only_the_users_area_and_filters(client, county_user):
    make_station("大智站", services=["policy"])
    make_station("一元站", "420102003", services=["mediation"], acceptance_result="passed",
                 acceptance_date=datetime.date(2024, 1, 1))
    make_station("西陵站", "420502001")
    client.force_login(county_user)
    body = client.get(reverse("stations:station_list")).content.decode()
    assert "共 2 条" in body and "大智站" in body and "一元站" in body and "西陵站" not in body
    body = client.get(reverse("stations:station_list"), {"service": "mediation"}).content.decode()
    assert "共 1 条" in body and "一元站" in body and "大智站" not in body


def read_xlsx(response):
    ws = load_workbook(io.BytesIO(b"".join(response)), read_only=True).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_export_is_exactly_the_filtered_visible_rows_with_formulas_neutralised(client, county_user):
    make_station("大智站", services=["policy"], phone="=HYPERLINK(\"http://x\")")
    make_station("一元站", "420102003", acceptance_result="passed", acceptance_date=datetime.date(2024, 1, 1))
    make_station("西陵站", "420502001", acceptance_result="passed", acceptance_date=datetime.date(2024, 1, 1))
    client.force_login(county_user)
    rows = read_xlsx(client.get(reverse("stations:station_export")))
    assert rows[0] == HEADERS
    assert sorted(r[0] for r in rows[1:]) == ["一元站", "大智站"]
    phone = [r for r in rows if r[0] == "大智站"][0][HEADERS.index("咨询电话")]
    assert phone == "'=HYPERLINK(\"http://x\")"
    rows = read_xlsx(client.get(reverse("stations:station_export"), {"acceptance_result": "passed"}))
    assert [r[0] for r in rows[1:]] == ["一元站"]


def test_list_queries_do_not_grow_with_rows(client, county_user, django_assert_max_num_queries):
    park = Park.objects.create(name="滨江园", level="provincial", region=region("420102"))
    client.force_login(county_user)
    make_station("站0", kind="park", park=park)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("stations:station_list"))
    for i in range(1, 25):
        make_station(f"站{i}", "420102003" if i % 2 else "420102002", kind="park", park=park)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        assert "共 25 条" in client.get(reverse("stations:station_list")).content.decode()
    # the export engine counts the rows first (a download up to its limit, a job above): one query more than
    # before the engine, and still the same for 1 row and for 25
    with django_assert_max_num_queries(9):
        assert client.get(reverse("stations:station_export")).status_code == 200


# ----- import -----

def workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append([row.get(h, "") for h in HEADERS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("stations.xlsx", buffer.getvalue())


def good_row(**kw):
    row = {"站点名称": "一元街道服务站", "站点类型": "街道", "所在区划代码": "420102003", "地址": "一元路 1 号",
           "服务内容": "政策咨询、劳动争议调解", "工作人员数": 2, "建站日期": "2024-05-01", "有平台": "是", "有队伍": "否",
           "验收结果": "未验收"}
    row.update(kw)
    return row


def test_import_with_any_bad_row_writes_nothing_and_lists_every_bad_row(client, county_user, media):
    make_station("大智站")
    client.force_login(county_user)
    rows = [
        good_row(),
        good_row(**{"站点名称": "西陵站", "所在区划代码": "420502001"}),
        good_row(**{"站点名称": "重复站"}),
        good_row(**{"站点名称": "重复站"}),
        good_row(**{"站点名称": "坏日期站", "建站日期": "2024-13-01", "服务内容": "唱歌"}),
        good_row(**{"站点名称": "", "站点类型": "乡村"}),
    ]
    response = client.post(reverse("stations:station_import"), {"file": workbook(rows)})
    body = response.content.decode()
    assert "未导入任何数据" in body
    assert "第 3 行：所在区划“宜昌市西陵区西陵街道”不在您的管辖区域（武汉市江岸区）内" in body
    assert "第 5 行：与第 4 行重复：同一乡镇（街道）内站点名称不能重复" in body
    assert "第 6 行：建站日期“2024-13-01”不是有效日期" in body and "第 6 行：服务内容“唱歌”无效" in body
    assert "第 7 行：站点名称不能为空" in body and "第 7 行：站点类型“乡村”无效" in body
    assert "第 2 行" not in body and "确认导入" not in body
    assert list(Station.objects.values_list("name", flat=True)) == ["大智站"]


def test_import_preview_then_confirm_writes_every_row_in_one_go(client, county_user, media):
    existing = make_station("大智站", address="旧地址")
    client.force_login(county_user)
    rows = [good_row(), good_row(**{"站点名称": "大智站", "所在区划代码": "420102002", "地址": "新地址"})]
    body = client.post(reverse("stations:station_import"), {"file": workbook(rows)}).content.decode()
    assert "将新增 <strong>1</strong> 个站点，更新 <strong>1</strong> 个站点" in body
    assert Station.objects.count() == 1  # the preview writes nothing
    token = body.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("stations:station_import"), {"token": token})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.address == "新地址"
    new = Station.objects.get(name="一元街道服务站")
    assert new.services == ["policy", "mediation"] and new.has_platform and not new.has_team
    assert new.history.count() == 1 and new.history.first().history_user == county_user
    # the token is used up
    assert client.post(reverse("stations:station_import"), {"token": token}).status_code == 302
    assert Station.objects.count() == 2


def test_a_clerk_cannot_change_acceptance_by_import(client, media):
    make_station("一元街道服务站", "420102003", address="旧地址", acceptance_result="passed",
                 acceptance_date=datetime.date(2025, 1, 1))
    clerk = make_staff("420102", roles=("clerk",))
    client.force_login(clerk)
    # the row would reset the acceptance to 未验收: refused, nothing written
    body = client.post(reverse("stations:station_import"), {"file": workbook([good_row()])}).content.decode()
    assert "第 2 行：您没有登记验收评估和样板站点的权限" in body
    station = Station.objects.get()
    assert (station.acceptance_result, station.address) == ("passed", "旧地址")
    # keeping the acceptance columns as exported is fine
    row = good_row(**{"验收结果": "验收通过", "验收日期": "2025-01-01"})
    body = client.post(reverse("stations:station_import"), {"file": workbook([row])}).content.decode()
    assert "更新 <strong>1</strong> 个站点" in body


def test_import_refuses_a_file_without_the_template_header(client, county_user, media):
    wb = Workbook()
    wb.active.append(["名称", "地址"])
    buffer = io.BytesIO()
    wb.save(buffer)
    client.force_login(county_user)
    body = client.post(reverse("stations:station_import"),
                       {"file": SimpleUploadedFile("x.xlsx", buffer.getvalue())}).content.decode()
    assert "表头缺少列：站点名称" in body
    assert not Station.objects.exists()


def test_import_template_round_trips(client, county_user, media):
    client.force_login(county_user)
    response = client.get(reverse("stations:station_import_template"))
    rows = read_xlsx(response)
    assert rows[0] == HEADERS
    upload = SimpleUploadedFile("t.xlsx", b"".join(client.get(reverse("stations:station_import_template"))))
    body = client.post(reverse("stations:station_import"), {"file": upload}).content.decode()
    assert "将新增 <strong>1</strong> 个站点" in body


def test_a_park_named_twice_is_the_one_around_the_stations_region(client, city_user, media):
    """The 服务园区 cell is found by the engine's park lookup: of two parks of one name, the one around or inside
    the station's region; where both are, the row is refused and says so."""
    jiangan = Park.objects.create(name="同名园", level=Park.Level.MUNICIPAL, region=region("420102"))
    Park.objects.create(name="同名园", level=Park.Level.MUNICIPAL, region=region("420103"))
    client.force_login(city_user)
    rows = [good_row(**{"站点名称": "同名园服务站", "站点类型": "园区", "服务园区": "同名园"})]
    body = client.post(reverse("stations:station_import"), {"file": workbook(rows)}).content.decode()
    token = body.split('name="token" value="')[1].split('"')[0]
    client.post(reverse("stations:station_import"), {"token": token})
    assert Station.objects.get(name="同名园服务站").park == jiangan
    rows = [good_row(**{"站点名称": "市级园区站", "站点类型": "园区", "所在区划代码": "4201", "服务园区": "同名园"})]
    body = client.post(reverse("stations:station_import"), {"file": workbook(rows)}).content.decode()
    assert "第 2 行：服务园区“同名园”有多个同名园区，请核对所在区划代码" in body and "确认导入" not in body
    assert not Station.objects.filter(name="市级园区站").exists()


# ----- large imports: a background job with progress, the owner's alone -----

def many_rows(count, **kw):
    return [good_row(**{"站点名称": f"一元街道第{i}服务站", **kw}) for i in range(count)]


def import_job(client, rows, capture):
    from apps.core.models import BackgroundJob

    with capture(execute=True):
        response = client.post(reverse("stations:station_import"), {"file": workbook(rows)})
    job = BackgroundJob.objects.filter(kind="station_import").latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("stations:station_import_job",
                                                                           args=[job.pk])
    return job


def test_a_large_station_import_is_checked_and_written_by_jobs(client, county_user, media,
                                                                django_capture_on_commit_callbacks):
    client.force_login(county_user)
    job = import_job(client, many_rows(1050), django_capture_on_commit_callbacks)
    assert (job.status, job.params["stage"], job.params["creates"], job.progress) == ("done", "validated", 1050, 1050)
    assert not Station.objects.exists()  # checking writes nothing
    page = client.get(reverse("stations:station_import_job", args=[job.pk])).content.decode()
    assert "检查通过：将新增 <strong>1,050</strong> 个站点，更新 <strong>0</strong> 个站点" in page
    assert "一元街道第0服务站" in page and "确认导入" in page
    assert "服务站点导入：stations.xlsx" in client.get(reverse("core:job_list")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stations:station_import_confirm", args=[job.pk]))
    assert response["Location"] == reverse("stations:station_import_job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.params["stage"], job.progress, job.total) == ("done", "applied", 1050, 1050)
    assert Station.objects.count() == 1050
    assert Station.objects.get(name="一元街道第7服务站").history.first().history_user == county_user
    page = client.get(reverse("stations:station_import_job", args=[job.pk])).content.decode()
    assert "导入完成：新增 1050 个站点，更新 0 个站点。" in page and "确认导入" not in page
    from apps.documents.models import Notification

    # the user may have left the page: both results reach the notification centre, linked to the job page
    assert sorted(Notification.objects.filter(recipient=county_user).values_list("title", "url")) == [
        ("服务站点导入：stations.xlsx（导入完成）", reverse("stations:station_import_job", args=[job.pk])),
        ("服务站点导入：stations.xlsx（检查完成）", reverse("stations:station_import_job", args=[job.pk]))]
    # the file is gone from media storage and the job cannot be confirmed twice
    from django.core.files.storage import default_storage

    assert not default_storage.exists(job.params["source"])
    response = client.post(reverse("stations:station_import_confirm", args=[job.pk]), follow=True)
    assert "该导入不能确认" in response.content.decode() and Station.objects.count() == 1050


def test_a_large_import_with_one_bad_row_writes_nothing_and_lists_it(client, county_user, media,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(county_user)
    rows = many_rows(1100)
    rows[700]["建站日期"] = "2024-13-01"
    rows[900]["所在区划代码"] = "420502001"
    job = import_job(client, rows, django_capture_on_commit_callbacks)
    assert job.params["stage"] == "invalid"
    page = client.get(reverse("stations:station_import_job", args=[job.pk])).content.decode()
    assert "文件有 2 处问题，未导入任何数据" in page
    assert "第 702 行" in page and "建站日期“2024-13-01”不是有效日期" in page
    assert "第 902 行" in page and "不在您的管辖区域（武汉市江岸区）内" in page
    assert "确认导入" not in page
    response = client.post(reverse("stations:station_import_confirm", args=[job.pk]), follow=True)
    assert "该导入不能确认" in response.content.decode()
    assert not Station.objects.exists()


def test_a_large_import_is_checked_again_and_written_in_one_transaction(client, county_user, media, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    from django.db import IntegrityError

    from apps.core import bulk

    existing = [make_station(f"一元街道第{i}服务站", "420102003", address="旧地址") for i in range(3)]
    client.force_login(county_user)
    job = import_job(client, many_rows(1200), django_capture_on_commit_callbacks)
    assert (job.params["creates"], job.params["updates"]) == (1197, 3)

    def broken(*args, **kwargs):  # the creates are written, then the updates fail
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(bulk, "update", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("stations:station_import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.params["stage"] == "invalid" and "未导入任何数据" in job.message
    assert Station.objects.count() == 3  # not one of the 1,197 new rows stayed
    assert all(Station.objects.get(pk=s.pk).address == "旧地址" for s in existing)
    page = client.get(reverse("stations:station_import_job", args=[job.pk])).content.decode()
    assert "导入期间有同名站点被他人录入，本次未导入任何数据" in page


def test_confirming_checks_the_file_again_against_the_database(client, county_user, media,
                                                               django_capture_on_commit_callbacks):
    park = Park.objects.create(name="滨江园", level=Park.Level.PROVINCIAL, region=region("420102"))
    client.force_login(county_user)
    rows = many_rows(1010)
    rows[5]["服务园区"] = "滨江园"
    job = import_job(client, rows, django_capture_on_commit_callbacks)
    assert job.params["stage"] == "validated"
    park.delete()  # meanwhile the park went away
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("stations:station_import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.params["stage"] == "invalid"
    page = client.get(reverse("stations:station_import_job", args=[job.pk])).content.decode()
    assert "确认前数据已发生变化" in page and "第 7 行" in page and "服务园区“滨江园”不存在" in page
    assert not Station.objects.exists()


def test_the_job_page_polls_its_progress(client, county_user, media, django_capture_on_commit_callbacks):
    client.force_login(county_user)
    job = import_job(client, many_rows(1020), django_capture_on_commit_callbacks)
    job.status, job.progress, job.total = "running", 500, 1020
    job.params["stage"] = "applying"
    job.save()
    url = reverse("stations:station_import_job", args=[job.pk])
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('\n<div id="import-status" hx-get="' + url)
    assert "正在写入…（已处理 500 / 1,020 行）" in fragment and "49%" in fragment and "<html" not in fragment


def test_a_small_import_is_a_job_of_its_owner_too(client, county_user, media):
    from apps.core.models import BackgroundJob

    client.force_login(county_user)
    body = client.post(reverse("stations:station_import"), {"file": workbook([good_row()])}).content.decode()
    job = BackgroundJob.objects.get(kind="station_import")
    assert job.params["token"] in body and reverse("stations:station_import_job", args=[job.pk]) in body
    # the job page lets the owner confirm later; a small write runs at once and goes back to the list
    response = client.post(reverse("stations:station_import_confirm", args=[job.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("stations:station_list")
    assert "导入完成：新增 1 个站点，更新 0 个站点。" in response.content.decode()
    assert Station.objects.filter(name="一元街道服务站").exists()


def test_another_user_can_neither_see_nor_confirm_the_import(client, county_user, other_county_user, media,
                                                             django_capture_on_commit_callbacks):
    client.force_login(county_user)
    job = import_job(client, many_rows(1005), django_capture_on_commit_callbacks)
    body = client.post(reverse("stations:station_import"), {"file": workbook([good_row(**{"站点名称": "小站"})])})
    token = body.content.decode().split('name="token" value="')[1].split('"')[0]
    colleague = make_staff("420102", username="colleague")  # same county, every role: still not the owner
    for user in (other_county_user, colleague):
        client.force_login(user)
        assert client.get(reverse("stations:station_import_job", args=[job.pk])).status_code == 404
        assert client.post(reverse("stations:station_import_confirm", args=[job.pk])).status_code == 404
        assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
        response = client.post(reverse("stations:station_import"), {"token": token}, follow=True)
        assert "导入文件已失效，请重新上传。" in response.content.decode()
    assert not Station.objects.exists()


def test_the_import_never_writes_acceptance_even_for_a_reviewer(client, county_user, media):
    passed = make_station("一元街道服务站", "420102003", address="旧地址", acceptance_result="passed",
                          acceptance_date=datetime.date(2025, 1, 1), acceptance_evaluator="江岸区三方办")
    make_station("大智站", "420102002")
    client.force_login(county_user)  # every role: may accept on the station's page, not by a spreadsheet
    row = good_row(**{"站点名称": "大智站", "所在区划代码": "420102002", "验收结果": "验收通过",
                      "验收日期": "2026-11-01", "验收单位（人）": "江岸区三方办"})
    body = client.post(reverse("stations:station_import"), {"file": workbook([row])}).content.decode()
    assert "第 2 行：验收结果只能在站点页面的“验收评估”中登记" in body and "确认导入" not in body
    assert Station.objects.get(name="大智站").acceptance_result == "pending"
    # acceptance columns left blank: the row is imported and the stored acceptance is kept
    row = good_row(**{"验收结果": "", "地址": "新地址"})
    body = client.post(reverse("stations:station_import"), {"file": workbook([row])}).content.decode()
    token = body.split('name="token" value="')[1].split('"')[0]
    assert client.post(reverse("stations:station_import"), {"token": token}).status_code == 302
    passed.refresh_from_db()
    assert (passed.address, passed.acceptance_result, passed.acceptance_evaluator) == ("新地址", "passed", "江岸区三方办")


def test_acceptance_is_a_workflow_step_refused_to_a_township_and_after_a_pass(client):
    station = make_station()
    township = make_staff("420102002", roles=("reviewer",), username="twn-reviewer")
    client.force_login(township)
    url = reverse("stations:station_acceptance", args=[station.pk])
    body = client.post(url, {"acceptance_result": "passed", "acceptance_date": "2026-11-20",
                             "acceptance_evaluator": "街道", "model_status": "none"}).content.decode()
    assert "由省级或市（州）级或县（市、区）级三方办办理" in body
    station.refresh_from_db()
    assert station.acceptance_result == "pending"
    county = make_staff("420102", roles=("reviewer",), username="cty-reviewer")
    client.force_login(county)
    client.post(url, {"acceptance_result": "passed", "acceptance_date": "2026-11-20", "acceptance_evaluator": "三方办",
                      "model_status": "none"})
    station.refresh_from_db()
    assert station.acceptance_result == "passed"
    # a passed station found closed: 撤销验收 needs a reason, and the history says why
    body = client.post(url, {"acceptance_result": "failed", "acceptance_date": "2026-11-21",
                             "acceptance_evaluator": "三方办", "model_status": "none"}).content.decode()
    assert "撤销验收须填写理由" in body
    station.refresh_from_db()
    assert station.acceptance_result == "passed"
    client.post(url, {"acceptance_result": "failed", "acceptance_date": "2026-11-21", "acceptance_evaluator": "三方办",
                      "model_status": "none", "acceptance_notes": "站点已停止运行"})
    station.refresh_from_db()
    assert station.acceptance_result == "failed"
    assert station.history.first().history_change_reason == "验收评估：验收未通过；站点已停止运行"
