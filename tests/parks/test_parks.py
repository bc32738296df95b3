import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.enterprises.models import CreationRecord, Enterprise, Subject
from apps.parks.demo import demo_uscc
from apps.parks.models import Park
from apps.parks.services import subject_for_park, subject_for_township
from apps.regions.models import Region
from apps.stations.models import Station
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def row_cells(body, text):
    """The cell texts of the first table row that mentions `text`."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S):
        if text in row:
            return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    raise AssertionError(f"no row with {text}")


def region(code):
    return Region.objects.get(code=code)


def park_data(**overrides):
    data = {"name": "江岸区测试产业园", "level": Park.Level.MUNICIPAL, "region": region("420102").pk,
            "managing_body": "测试园区管委会", "enterprise_count": "12", "worker_count": "3400",
            "contact_person": "", "contact_phone": ""}
    data.update(overrides)
    return data


def enterprise(name, code, employees, park=None, uscc="91420102MA4K00017C"):
    return Enterprise.objects.create(name=name, uscc=uscc, region=region(code), park=park, industry="C",
                                     employee_count=employees, contact_phone="")


def test_county_clerk_records_a_park(client, county_user):
    client.force_login(county_user)
    response = client.post(reverse("parks:park_add"), park_data())
    park = Park.objects.get(name="江岸区测试产业园")
    assert response.status_code == 302 and response["Location"] == reverse("parks:park_detail", args=[park.pk])
    assert (park.managing_body, park.enterprise_count, park.worker_count) == ("测试园区管委会", 12, 3400)
    # the park is a creating unit: it has its subject
    assert Subject.objects.filter(kind=Subject.Kind.PARK, park=park, name=park.name).count() == 1
    page = client.get(reverse("parks:park_list")).content.decode()
    assert "江岸区测试产业园" in page and "共 1 条" in page


def test_park_in_a_township_is_refused_with_a_clear_message(client, county_user):
    client.force_login(county_user)
    response = client.post(reverse("parks:park_add"), park_data(region=region("420102002").pk))
    assert response.status_code == 200
    assert "不是县（市、区）或市（州）" in response.content.decode()
    assert not Park.objects.exists()


def test_park_outside_the_users_area_is_refused(client, county_user):
    client.force_login(county_user)
    response = client.post(reverse("parks:park_add"), park_data(region=region("420502").pk))
    body = response.content.decode()
    assert response.status_code == 200 and "不在您的管辖区域（武汉市江岸区）内" in body
    assert not Park.objects.exists()


def test_duplicate_park_name_in_a_county_is_refused(client, county_user):
    Park.objects.create(name="江岸区测试产业园", level=Park.Level.OTHER, region=region("420102"))
    client.force_login(county_user)
    response = client.post(reverse("parks:park_add"), park_data())
    assert "已有名为“江岸区测试产业园”的园区" in response.content.decode()
    assert Park.objects.count() == 1


def test_the_park_form_offers_only_counties_and_cities_of_the_area(client, city_user):
    client.force_login(city_user)
    body = client.get(reverse("parks:park_add")).content.decode()
    assert "武汉市江岸区" in body and "宜昌市西陵区" not in body
    assert "武汉市江岸区大智街道" not in body  # townships are not offered


def test_park_detail_shows_its_enterprises_and_how_many_take_part(client, county_user):
    park = Park.objects.create(name="滨江园", level=Park.Level.PROVINCIAL, region=region("420102"))
    a = enterprise("甲公司", "420102010", 300, park, uscc="91420102MA4K00017C")
    enterprise("乙公司", "420102010", 200, park, uscc="91420102H5D000010M")
    enterprise("园外公司", "420102010", 900, None, uscc="91420102H5D000029D")
    CreationRecord.objects.create(subject=a.subject, year=2026, status="creating")
    CreationRecord.objects.create(subject=a.subject, year=2025, status="creating")
    client.force_login(county_user)
    body = client.get(reverse("parks:park_detail", args=[park.pk])).content.decode()
    assert "台账企业 <strong>2</strong> 家，其中 2026 年参与创建 <strong>1</strong> 家" in body
    assert "甲公司" in body and "乙公司" in body and "园外公司" not in body
    assert "无站点" in body  # the park has no station yet


def test_creation_record_for_a_park_is_one_per_year(client, county_user):
    park = Park.objects.create(name="滨江园", level=Park.Level.PROVINCIAL, region=region("420102"))
    client.force_login(county_user)
    url = reverse("parks:park_record", args=[park.pk])
    client.post(url, {"year": "2026", "status": "creating", "started_on": "2026-03-01", "notes": ""})
    response = client.post(url, {"year": "2026", "status": "self_assessing", "started_on": "2026-03-01",
                                 "notes": "自评"})
    assert response.status_code == 302
    records = CreationRecord.objects.filter(subject__park=park, subject__kind=Subject.Kind.PARK)
    assert [(r.year, r.status, r.updated_by) for r in records] == [(2026, "self_assessing", county_user)]
    body = client.get(reverse("parks:park_detail", args=[park.pk])).content.decode()
    assert "2026年" in body and "自评中" in body


def test_another_countys_park_cannot_get_a_record(client, other_county_user):
    park = Park.objects.create(name="滨江园", level=Park.Level.PROVINCIAL, region=region("420102"))
    client.force_login(other_county_user)
    response = client.post(reverse("parks:park_record", args=[park.pk]), {"year": "2026", "status": "creating"})
    assert response.status_code == 404
    assert not CreationRecord.objects.exists()


def test_subjects_are_made_once():
    park = Park.objects.create(name="滨江园", level=Park.Level.PROVINCIAL, region=region("420102"))
    assert subject_for_park(park) == subject_for_park(park)
    park.name = "滨江新园"
    park.save()
    assert subject_for_park(park).name == "滨江新园"
    township = region("420102002")
    first = subject_for_township(township)
    assert first == subject_for_township(township) and first.kind == Subject.Kind.TOWNSHIP
    assert Subject.objects.filter(kind__in=["park", "township"]).count() == 2


def test_township_list_counts_employment_participation_and_stations(client, county_user):
    a = enterprise("甲公司", "420102002", 700, uscc="91420102MA4K00017C")
    enterprise("乙公司", "420102002", 500, uscc="91420102H5D000010M")
    CreationRecord.objects.create(subject=a.subject, year=2026, status="creating")
    Station.objects.create(name="大智站", kind="street", region=region("420102002"), address="大智路")
    client.force_login(county_user)
    body = client.get(reverse("parks:township_list"), {"q": "大智"}).content.decode()
    assert "共 1 条" in body
    assert row_cells(body, "大智街道")[:7] == ["大智街道", "420102002", "武汉市江岸区", "2", "1,200 应建站", "1", "1"]
    # qualifying filter uses the threshold of the settings
    body = client.get(reverse("parks:township_list"), {"qualifying": "yes"}).content.decode()
    assert "共 1 条" in body
    body = client.get(reverse("parks:township_list"), {"covered": "no"}).content.decode()
    assert "大智街道" not in body and "一元街道" in body


def test_township_detail_and_record(client, county_user):
    township = region("420102002")
    client.force_login(county_user)
    response = client.post(reverse("parks:township_record", args=[township.pk]),
                           {"year": "2026", "status": "creating", "started_on": "", "notes": ""})
    assert response.status_code == 302
    assert CreationRecord.objects.get(subject__region=township, subject__kind="township").status == "creating"
    body = client.get(reverse("parks:township_detail", args=[township.pk])).content.decode()
    assert "武汉市江岸区大智街道" in body and "创建中" in body


def test_a_county_is_not_a_township(client, county_user):
    client.force_login(county_user)
    assert client.get(reverse("parks:township_detail", args=[region("420102").pk])).status_code == 404


def test_township_user_sees_only_its_township(client):
    user = make_staff("420102002")
    client.force_login(user)
    body = client.get(reverse("parks:township_list")).content.decode()
    assert "共 1 条" in body and "大智街道" in body


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def add_parks(n, start=0):
    for i in range(start, start + n):
        park = Park.objects.create(name=f"园区{i}", level=Park.Level.OTHER, region=region("420102"))
        subject_for_park(park)
        Station.objects.create(name=f"园区站{i}", kind="park", region=region("420102"), park=park, address="x")
        enterprise(f"企业{i}", "420102003", 100, park, uscc=demo_uscc("420102", i + 1))


def test_list_pages_use_a_bounded_number_of_queries(client, county_user, django_assert_max_num_queries):
    client.force_login(county_user)
    add_parks(2)
    few = {name: count_queries(client, reverse(name)) for name in ("parks:park_list", "parks:township_list")}
    add_parks(15, start=2)
    for name, count in few.items():
        with django_assert_max_num_queries(count):
            assert client.get(reverse(name)).status_code == 200
    park = Park.objects.get(name="园区3")
    detail = count_queries(client, reverse("parks:park_detail", args=[park.pk]))
    add_parks(10, start=17)
    Enterprise.objects.filter(name__startswith="企业").update(park=park)
    with django_assert_max_num_queries(detail):
        assert client.get(reverse("parks:park_detail", args=[park.pk])).status_code == 200


def test_park_export_is_the_filtered_visible_rows(client, county_user):
    import io

    from openpyxl import load_workbook

    Park.objects.create(name="=滨江园", level=Park.Level.PROVINCIAL, region=region("420102"))
    Park.objects.create(name="金融园", level=Park.Level.MUNICIPAL, region=region("420102"))
    Park.objects.create(name="西陵园", level=Park.Level.PROVINCIAL, region=region("420502"))
    client.force_login(county_user)

    def names(params):
        response = client.get(reverse("parks:park_export"), params)
        ws = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        return sorted(r[0] for r in list(ws.iter_rows(values_only=True))[1:])

    assert names({}) == ["'=滨江园", "金融园"]
    assert names({"level": "provincial"}) == ["'=滨江园"]


def park_workbook(rows):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from apps.parks.importing import HEADERS

    wb = Workbook()
    wb.active.append(HEADERS)
    for row in rows:
        wb.active.append([row.get(h, "") for h in HEADERS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("parks.xlsx", buffer.getvalue())


def test_park_import_all_or_nothing(client, county_user, media):
    Park.objects.create(name="滨江园", level=Park.Level.OTHER, region=region("420102"), managing_body="旧")
    client.force_login(county_user)
    good = {"园区名称": "金融园", "园区级别": "市级", "所在区划代码": "420102", "入驻企业数": 12, "从业职工数": 3400}
    bad = [good,
           {"园区名称": "街道园", "园区级别": "其他", "所在区划代码": "420102002"},
           {"园区名称": "西陵园", "园区级别": "省级", "所在区划代码": "420502"},
           {**good, "园区级别": "县级"},
           {**good}]
    body = client.post(reverse("parks:park_import"), {"file": park_workbook(bad)}).content.decode()
    assert "未导入任何数据" in body
    assert "第 3 行：“武汉市江岸区大智街道”不是县（市、区）或市（州）" in body
    assert "第 4 行：所在区划“宜昌市西陵区”不在您的管辖区域（武汉市江岸区）内" in body
    assert "第 5 行：园区级别“县级”无效" in body
    assert "第 6 行：与第 2 行重复" in body
    assert list(Park.objects.values_list("name", flat=True)) == ["滨江园"]

    rows = [good, {"园区名称": "滨江园", "园区级别": "省级", "所在区划代码": "420102", "管理机构": "新管委会"}]
    body = client.post(reverse("parks:park_import"), {"file": park_workbook(rows)}).content.decode()
    assert "将新增 <strong>1</strong> 个园区，更新 <strong>1</strong> 个园区" in body
    token = body.split('name="token" value="')[1].split('"')[0]
    assert client.post(reverse("parks:park_import"), {"token": token}).status_code == 302
    new = Park.objects.get(name="金融园")
    assert (new.level, new.enterprise_count, new.worker_count) == ("municipal", 12, 3400)
    assert Subject.objects.filter(kind=Subject.Kind.PARK, park=new).count() == 1
    old = Park.objects.get(name="滨江园")
    assert (old.level, old.managing_body) == ("provincial", "新管委会")
    assert old.history.first().history_user == county_user


# ----- large imports: a background job with progress, the owner's alone -----

def park_rows(count):
    return [{"园区名称": f"江岸第{i}产业园", "园区级别": "其他", "所在区划代码": "420102",
             "入驻企业数": i % 50, "从业职工数": 100 + i} for i in range(count)]


def park_import_job(client, rows, capture):
    from apps.core.models import BackgroundJob

    with capture(execute=True):
        response = client.post(reverse("parks:park_import"), {"file": park_workbook(rows)})
    job = BackgroundJob.objects.filter(kind="park_import").latest("pk")
    assert response["Location"] == reverse("parks:park_import_job", args=[job.pk])
    return job


def test_a_large_park_import_writes_every_row_or_none(client, county_user, media,
                                                       django_capture_on_commit_callbacks):
    client.force_login(county_user)
    rows = park_rows(1200)
    rows[1000]["园区级别"] = "县级"
    job = park_import_job(client, rows, django_capture_on_commit_callbacks)
    page = client.get(reverse("parks:park_import_job", args=[job.pk])).content.decode()
    assert job.params["stage"] == "invalid" and "文件有 1 处问题，未导入任何数据" in page
    assert "第 1002 行" in page and "园区级别“县级”无效" in page and "确认导入" not in page
    assert client.post(reverse("parks:park_import_confirm", args=[job.pk])).status_code == 302
    assert not Park.objects.filter(name__startswith="江岸第").exists()

    rows[1000]["园区级别"] = "市级"
    job = park_import_job(client, rows, django_capture_on_commit_callbacks)
    page = client.get(reverse("parks:park_import_job", args=[job.pk])).content.decode()
    assert "检查通过：将新增 <strong>1,200</strong> 个园区" in page and "江岸第0产业园" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("parks:park_import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.params["stage"], job.progress, job.total) == ("applied", 1200, 1200)
    assert Park.objects.filter(name__startswith="江岸第").count() == 1200
    assert Subject.objects.filter(kind=Subject.Kind.PARK, park__name__startswith="江岸第").count() == 1200
    assert Park.objects.get(name="江岸第1000产业园").level == "municipal"
    page = client.get(reverse("parks:park_import_job", args=[job.pk])).content.decode()
    assert "导入完成：新增 1200 个园区，更新 0 个园区。" in page


def test_a_park_import_job_is_its_owners_alone(client, county_user, other_county_user, media,
                                               django_capture_on_commit_callbacks):
    client.force_login(county_user)
    job = park_import_job(client, park_rows(1001), django_capture_on_commit_callbacks)
    assert job.params["stage"] == "validated"
    for user in (other_county_user, make_staff("420102", username="colleague")):
        client.force_login(user)
        assert client.get(reverse("parks:park_import_job", args=[job.pk])).status_code == 404
        assert client.post(reverse("parks:park_import_confirm", args=[job.pk])).status_code == 404
    assert not Park.objects.filter(name__startswith="江岸第").exists()
    # a station import page does not show a park import job: it sends the owner to the job's own page
    client.force_login(county_user)
    response = client.get(reverse("stations:station_import_job", args=[job.pk]))
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])


def test_park_import_takes_up_to_20000_rows(client, county_user, media, django_capture_on_commit_callbacks):
    client.force_login(county_user)
    rows = park_rows(20000)
    job = park_import_job(client, rows, django_capture_on_commit_callbacks)
    assert (job.params["stage"], job.params["creates"]) == ("validated", 20000)
    job = park_import_job(client, [*rows, {"园区名称": "多一行园", "园区级别": "其他", "所在区划代码": "420102"}],
                          django_capture_on_commit_callbacks)
    assert job.params["stage"] == "invalid"
    page = client.get(reverse("parks:park_import_job", args=[job.pk])).content.decode()
    assert "整个文件" in page and "一次最多导入 20000 行，请分批导入。" in page
    assert not Park.objects.filter(name__startswith="江岸第").exists()


def test_park_list_counts_only_stations_inside_the_users_area(client, county_user, city_user):
    """A park station may sit in the city above the park's county: the county user must not count it."""
    park = Park.objects.create(name="江岸区计数产业园", level=Park.Level.MUNICIPAL, region=region("420102"))
    Station.objects.create(name="市级园区站", kind="park", region=region("4201"), park=park, address="沿江大道")
    client.force_login(county_user)
    body = client.get(reverse("parks:park_list"), {"q": "计数"}).content.decode()
    assert row_cells(body, "江岸区计数产业园")[6] == "无站点"
    assert client.get(reverse("parks:park_list"), {"q": "计数", "covered": "yes"}).content.decode().count(
        "江岸区计数产业园") == 0
    client.force_login(city_user)
    body = client.get(reverse("parks:park_list"), {"q": "计数"}).content.decode()
    assert row_cells(body, "江岸区计数产业园")[6] == "1"


def test_the_park_export_and_preview_follow_the_resource_by_column_name(client, county_user, media, monkeypatch):
    """Issue 20: the export writes each cell under its declared column (not by place) and the import's preview
    shows the columns the Resource's Meta.preview names: reordering the declaration reorders both, values stay."""
    import io

    from openpyxl import load_workbook

    from apps.parks import services
    from apps.parks.resources import ParkResource

    monkeypatch.setattr(ParkResource.Meta, "fields", list(reversed(ParkResource.Meta.fields)))
    monkeypatch.setattr(ParkResource.Meta, "preview", ["worker_count", "name"])
    Park.objects.create(name="顺序园", level=Park.Level.MUNICIPAL, region=region("420102"), managing_body="管委会",
                        enterprise_count=7, worker_count=900, contact_person="李四")
    client.force_login(county_user)
    sheet = load_workbook(io.BytesIO(client.get(reverse("parks:park_export")).content)).worksheets[0]
    headers, values = ([c.value for c in row] for row in sheet.iter_rows(max_row=2))
    assert headers[:3] == ["联系电话", "联系人", "从业职工数"]
    assert dict(zip(headers, values, strict=True)) == {
        "园区名称": "顺序园", "园区级别": "市级", "所在区划代码": "420102", "所在区划": "武汉市江岸区", "管理机构": "管委会",
        "入驻企业数": 7, "从业职工数": 900, "联系人": "李四", "联系电话": None, "服务站点数": 0,
        f"{services.current_year()}年创建状态": "未登记"}

    body = client.post(reverse("parks:park_import"), {"file": park_workbook(
        [{"园区名称": "预览园", "园区级别": "其他", "所在区划代码": "420102", "从业职工数": 321}])}).content.decode()
    preview = body.split("<thead>")[1]
    assert preview.index("从业职工数") < preview.index("园区名称") and "管理机构" not in preview
    assert "<td>321</td><td>预览园</td>" in preview
