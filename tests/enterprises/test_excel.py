"""Excel import and export of the enterprise ledger: every bad input, all-or-nothing, scoping, jobs."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from stdnum.cn import uscc as uscc_number

from apps.core import imports, uploads
from apps.core.models import BackgroundJob
from apps.enterprises import exporting, importing, services
from apps.enterprises.models import CreationRecord, Enterprise
from apps.regions.models import Region

pytestmark = pytest.mark.django_db
HEADERS = importing.HEADERS


def code(n, county="420102"):
    body = f"91{county}MA{n:07d}"
    return body + uscc_number.calc_check_digit(body)


def row(n, **overrides):
    values = {"企业名称": f"导入企业{n}有限公司", "统一社会信用代码": code(n), "所在区划代码": "420102002",
              "所在园区": "", "行业门类": "C", "经济类型": "民营企业", "职工人数": 30 + n, "已建工会": "是",
              "已签集体合同": "否", "联系人": "张三", "联系电话": "13800000000", "创建年度": 2026, "创建状态": "创建中"}
    values.update(overrides)
    return [values.get(h, "") for h in HEADERS]


def xlsx(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.title = "企业"
    sheet.append(headers)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("ledger.xlsx", out.getvalue())


def csv_file(rows, encoding="utf-8-sig", headers=HEADERS):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile("ledger.csv", out.getvalue().encode(encoding))


def upload(client, file):
    return client.post(reverse("enterprises:import"), {"file": file}, follow=True)


# ---------------------------------------------------------------- template

def test_template_has_chinese_headers_and_the_users_region_codes(client, county_user):
    client.force_login(county_user)
    response = client.get(reverse("enterprises:import_template"))
    book = load_workbook(io.BytesIO(response.content))
    headers = [c.value.rstrip("*") for c in book["企业"][1]]
    assert headers == HEADERS
    codes = {r[0] for r in book["区划代码"].iter_rows(min_row=2, values_only=True)}
    assert "420102002" in codes and "420102" in codes and "420502" not in codes
    assert "填写说明" in book.sheetnames


# ---------------------------------------------------------------- good files

def test_import_previews_then_writes_everything_on_confirm(client, county_user):
    client.force_login(county_user)
    response = upload(client, xlsx([row(1), row(2, 所在区划代码="420102003", 创建状态="自评中")]))
    body = response.content.decode()
    assert "校验通过" in body and 'data-testid="count-creates">2<' in body
    assert not Enterprise.objects.exists()  # the preview writes nothing
    job = BackgroundJob.objects.get(kind=services.IMPORT_KIND)
    response = client.post(reverse("enterprises:import_confirm", args=[job.pk]), follow=True)
    assert "导入完成：新增 2 家" in response.content.decode()
    first = Enterprise.objects.get(uscc=code(1))
    assert first.subject.name == "导入企业1有限公司" and first.has_union and first.contact_phone == "13800000000"
    assert CreationRecord.objects.get(subject__enterprise__uscc=code(2), year=2026).status == "self_assessing"
    assert first.history.first().history_user == county_user
    # the same file cannot be confirmed twice
    response = client.post(reverse("enterprises:import_confirm", args=[job.pk]), follow=True)
    assert "不能确认" in response.content.decode() and Enterprise.objects.count() == 2


def test_reimport_updates_changed_rows_and_leaves_the_rest(client, county_user):
    client.force_login(county_user)
    upload(client, xlsx([row(1), row(2)]))
    client.post(reverse("enterprises:import_confirm", args=[BackgroundJob.objects.get().pk]))
    response = upload(client, xlsx([row(1, 职工人数=999, 创建状态="自评中"), row(2)]))
    body = response.content.decode()
    assert 'data-testid="count-updates">1<' in body and "职工人数：31 → 999" in body
    job = BackgroundJob.objects.latest("pk")
    client.post(reverse("enterprises:import_confirm", args=[job.pk]))
    e = Enterprise.objects.get(uscc=code(1))
    assert e.employee_count == 999 and e.version == 2
    assert CreationRecord.objects.get(subject=e.subject, year=2026).status == "self_assessing"
    assert Enterprise.objects.get(uscc=code(2)).version == 1


def test_csv_in_gbk_is_read(client, county_user):
    client.force_login(county_user)
    response = upload(client, csv_file([row(1)], encoding="gbk"))
    assert "校验通过" in response.content.decode()


def test_exported_file_imports_back_without_changes(client, county_user):
    client.force_login(county_user)
    upload(client, xlsx([row(1), row(2)]))
    client.post(reverse("enterprises:import_confirm", args=[BackgroundJob.objects.get().pk]))
    exported = client.get(reverse("enterprises:export"), {"format": "xlsx"}).content
    response = upload(client, SimpleUploadedFile("export.xlsx", exported))
    body = response.content.decode()
    assert "校验通过" in body and "2 家无变化" in body
    assert Enterprise.objects.get(uscc=code(1)).contact_phone == "13800000000"  # the masked phone did not overwrite


# ---------------------------------------------------------------- bad rows

def test_every_bad_row_is_listed_and_nothing_is_written(client, county_user):
    other = Enterprise.objects.create(name="西陵已登记企业", uscc=code(77, "420502"),
                                      region=Region.objects.get(code="420502001"), industry="C")
    bad_checksum = code(3)[:-1] + ("0" if code(3)[-1] != "0" else "1")
    rows = [
        row(1),
        row(2, 统一社会信用代码=bad_checksum),
        row(3, 所在区划代码="429999999"),
        row(4, 所在区划代码="420502001"),
        row(5, 统一社会信用代码=code(1)),
        row(6, 统一社会信用代码=other.uscc),
        row(7, 企业名称=""),
        row(8, 职工人数="三十"),
        row(9, 已建工会="也许"),
        row(10, 行业门类="Z"),
        row(11, 创建年度=2030),
        row(12, 所在区划代码="4201"),
    ]
    client.force_login(county_user)
    body = upload(client, xlsx(rows)).content.decode()
    for text in ("第 3 行", "校验码错误", "第 4 行", "“429999999”不存在", "第 5 行", "“420502001”不在您的管辖范围内",
                 "第 6 行", "与第 2 行重复", "第 7 行", "已由其他地区登记", "第 8 行", "缺少必填项“企业名称”",
                 "第 9 行", "职工人数应为非负整数", "第 10 行", "已建工会应填写", "第 11 行", "行业门类“Z”无法识别",
                 "第 12 行", "创建年度“2030”", "第 13 行", "“4201”不在您的管辖范围内"):
        assert text in body, text
    assert 'data-testid="count-errors">11<' in body
    assert "确认导入" not in body
    job = BackgroundJob.objects.get(kind=services.IMPORT_KIND)
    client.post(reverse("enterprises:import_confirm", args=[job.pk]))
    assert Enterprise.objects.count() == 1  # only the one that was there


def test_a_city_code_is_refused_for_a_city_user(client, city_user):
    client.force_login(city_user)
    body = upload(client, xlsx([row(1, 所在区划代码="4201")])).content.decode()
    assert "“4201”是武汉市，应填写县（市、区）或乡镇（街道）代码" in body
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize("file,message", [
    # .xls is read since issue 9 (older Excel, WPS): a broken one is told so; other types are refused
    (SimpleUploadedFile("ledger.xls", b"\xd0\xcf\x11\xe0 old excel"), "不是有效的 xls 工作簿"),
    (SimpleUploadedFile("ledger.pdf", b"%PDF-1.4"), "只支持 .xlsx、.xls 或 .csv"),
    (SimpleUploadedFile("ledger.csv", b""), "文件是空的"),
    (SimpleUploadedFile("ledger.xlsx", b"not a zip at all"), "不是有效的 xlsx"),
    (csv_file([], headers=HEADERS), "没有数据行"),
    (csv_file([["a", "b"]], headers=["名称", "代码"]), "缺少必填列：企业名称、统一社会信用代码、所在区划代码、行业门类"),
    (csv_file([row(1)], headers=[*HEADERS[:-1], "备注"]), "无法识别的列：备注"),
])
def test_a_bad_file_is_refused_with_a_clear_message(client, county_user, file, message):
    client.force_login(county_user)
    response = upload(client, file)
    assert message in response.content.decode()
    assert not Enterprise.objects.exists()


def test_a_file_over_20_mb_is_refused(client, county_user):
    client.force_login(county_user)
    big = SimpleUploadedFile("ledger.csv", b"x" * (20 * 1024 * 1024 + 1))
    response = upload(client, big)
    assert "文件超过 20 MB" in response.content.decode()
    assert not BackgroundJob.objects.exists()


def test_changes_between_preview_and_confirm_write_nothing(client, county_user, other_county_user):
    client.force_login(county_user)
    upload(client, xlsx([row(1), row(2)]))
    job = BackgroundJob.objects.get()
    # meanwhile another county registers one of the codes
    Enterprise.objects.create(name="抢先登记", uscc=code(2), region=Region.objects.get(code="420502001"), industry="C")
    response = client.post(reverse("enterprises:import_confirm", args=[job.pk]), follow=True)
    assert "整批未导入" in response.content.decode()
    assert not Enterprise.objects.filter(uscc=code(1)).exists()


# ---------------------------------------------------------------- large files as jobs

def test_a_large_file_runs_as_a_job_with_progress(client, county_user, monkeypatch, media,
                                                  django_capture_on_commit_callbacks):
    monkeypatch.setattr(uploads, "SYNC_ROWS", 1)
    monkeypatch.setattr(imports, "SYNC_APPLY_ROWS", 1)
    client.force_login(county_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enterprises:import"), {"file": xlsx([row(n) for n in range(1, 31)])})
    job = BackgroundJob.objects.get()
    assert response["Location"] == reverse("enterprises:import_preview", args=[job.pk])
    assert job.params["stage"] == "validated" and job.params["summary"]["creates"] == 30
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enterprises:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.params["stage"] == "applied" and job.progress == 30
    assert Enterprise.objects.count() == 30
    body = client.get(reverse("enterprises:import_preview", args=[job.pk])).content.decode()
    assert "导入完成：新增 30 家" in body


def test_import_jobs_are_their_owners_alone(client, county_user, other_county_user):
    client.force_login(county_user)
    upload(client, xlsx([row(1)]))
    job = BackgroundJob.objects.get()
    client.force_login(other_county_user)
    assert client.get(reverse("enterprises:import_preview", args=[job.pk])).status_code == 404
    assert client.post(reverse("enterprises:import_confirm", args=[job.pk])).status_code == 404
    assert not Enterprise.objects.exists()


def test_import_needs_its_permission(client, staff_factory):
    leader = staff_factory("420102", roles=("leader",))
    client.force_login(leader)
    assert client.get(reverse("enterprises:import")).status_code == 403
    assert client.get(reverse("enterprises:import_template")).status_code == 403


# ---------------------------------------------------------------- export

def make(n, township="420102002", **extra):
    values = {"name": f"导出企业{n}", "uscc": code(n, township[:6]), "region": Region.objects.get(code=township),
              "industry": "C", "employee_count": 10 * n, "contact_phone": "13912345678"}
    values.update(extra)
    return Enterprise.objects.create(**values)


def test_export_holds_exactly_the_filtered_visible_rows(client, county_user):
    make(1, industry="F")
    make(2)
    make(3, township="420502001")
    make(4, name="=HYPERLINK(\"http://x\")", contact_person="@SUM(A1)")
    client.force_login(county_user)
    response = client.get(reverse("enterprises:export"), {"format": "xlsx", "industry": "C"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0][:len(HEADERS)]) == HEADERS
    names = sorted(r[0] for r in rows[1:])
    assert names == ["'=HYPERLINK(\"http://x\")", "导出企业2"]
    assert {r[9] for r in rows[1:]} >= {"'@SUM(A1)"}
    assert {r[10] for r in rows[1:]} == {"139****5678"}


def test_export_csv_and_neutralising(client, county_user):
    make(1, name="-1+2", contact_person="\tTAB")
    client.force_login(county_user)
    response = client.get(reverse("enterprises:export"), {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:len(HEADERS)] == HEADERS
    assert rows[1][0] == "'-1+2" and rows[1][9] == "'\tTAB" and rows[1][10] == "139****5678"
    for prefix in ("=", "+", "-", "@", "\t", "\r"):
        assert exporting.neutralise(prefix + "x") == "'" + prefix + "x"
    assert exporting.neutralise("正常") == "正常"


def test_export_of_another_county_holds_none_of_ours(client, other_county_user):
    make(1)
    client.force_login(other_county_user)
    response = client.get(reverse("enterprises:export"), {"format": "csv"})
    assert "导出企业1" not in response.content.decode("utf-8-sig")


def test_a_large_export_runs_as_a_job_with_a_download_link(client, county_user, monkeypatch, media,
                                                           django_capture_on_commit_callbacks):
    monkeypatch.setattr(exporting, "SYNC_LIMIT", 1)
    make(1)
    make(2)
    make(3, township="420502001")
    client.force_login(county_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("enterprises:export"), {"format": "xlsx"})
    job = BackgroundJob.objects.get(kind=services.EXPORT_KIND)
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done"
    detail = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert reverse("core:job_download", args=[job.pk]) in detail
    download = client.get(reverse("core:job_download", args=[job.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == ["导出企业1", "导出企业2"]


def test_export_needs_its_permission(client, staff_factory):
    user = staff_factory("420102", roles=())
    client.force_login(user)
    assert client.get(reverse("enterprises:export")).status_code == 403


def test_a_bulk_import_tells_receivers_which_rows_it_wrote(client, county_user):
    from apps.enterprises.signals import enterprises_bulk_saved

    received = []

    def receiver(sender, created_ids, updated_ids, **kwargs):
        received.append((sorted(created_ids), sorted(updated_ids)))

    enterprises_bulk_saved.connect(receiver)
    try:
        client.force_login(county_user)
        upload(client, xlsx([row(1), row(2)]))
        client.post(reverse("enterprises:import_confirm", args=[BackgroundJob.objects.get().pk]))
    finally:
        enterprises_bulk_saved.disconnect(receiver)
    assert received == [(sorted(Enterprise.objects.values_list("pk", flat=True)), [])]


def test_confirm_checks_the_kept_rows_without_parsing_the_spreadsheet_again(client, county_user, monkeypatch):
    from django.core.files.storage import default_storage

    client.force_login(county_user)
    upload(client, xlsx([row(1), row(2)]))
    job = BackgroundJob.objects.get()
    # the upload is replaced by its parsed rows: the original file is gone
    assert job.params["parsed"] and job.params["source"].endswith(".rows.json")
    assert default_storage.exists(job.params["source"])

    def no_second_parse(*args, **kwargs):
        raise AssertionError("the spreadsheet was parsed again at confirmation")

    monkeypatch.setattr(uploads, "read_table", no_second_parse)
    response = client.post(reverse("enterprises:import_confirm", args=[job.pk]), follow=True)
    assert "导入完成：新增 2 家" in response.content.decode()
    assert set(Enterprise.objects.values_list("uscc", flat=True)) == {code(1), code(2)}
    job.refresh_from_db()
    assert not default_storage.exists(job.params["source"])  # nothing of the upload is kept once written


def test_kept_cells_read_back_as_the_types_the_reader_gave():
    import datetime
    import json
    from decimal import Decimal

    cells = ["文本", 12, 3.5, True, None, datetime.date(2026, 3, 1), datetime.datetime(2026, 3, 1, 8, 30),
             datetime.time(9, 15), Decimal("1.20")]
    text = json.dumps([["甲"], [[2, cells]]], default=imports._encode_cell)
    headers, rows = json.loads(text, object_hook=imports._decode_cell)
    assert headers == ["甲"] and rows[0][0] == 2
    assert rows[0][1] == [*cells[:-1], "1.20"]
    assert [type(v) for v in rows[0][1][5:8]] == [datetime.date, datetime.datetime, datetime.time]
