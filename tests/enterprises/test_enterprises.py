"""The enterprise registry and creation ledger: list, detail, forms, bulk change, contacts, accounts."""

import re

import pytest
from django.urls import reverse
from stdnum.cn import uscc as uscc_number

from apps.accounts.models import MemberUnit, Office, User
from apps.enterprises.models import ContactAssignment, ContactVisit, CreationRecord, Enterprise, EnterpriseInvitation
from apps.regions.models import Region
from tests.conftest import TEST_PASSWORD, make_staff

pytestmark = pytest.mark.django_db


def code(n, county="420102"):
    body = f"91{county}MA{n:07d}"
    return body + uscc_number.calc_check_digit(body)


def make_enterprise(n=1, township="420102002", name=None, **extra):
    values = {"name": name or f"测试企业{n}有限公司", "uscc": code(n, township[:6]),
              "region": Region.objects.get(code=township), "industry": "C", "employee_count": 50}
    values.update(extra)
    return Enterprise.objects.create(**values)


def form_data(enterprise=None, **overrides):
    data = {"name": "江岸新建科技有限公司", "uscc": code(900), "region": Region.objects.get(code="420102002").pk,
            "park": "", "industry": "I", "ownership": "private", "employee_count": "88", "has_union": "on",
            "contact_person": "张三", "contact_phone": "13800001111"}
    if enterprise is not None:
        data.update(name=enterprise.name, uscc=enterprise.uscc, region=enterprise.region_id,
                    industry=enterprise.industry, employee_count=str(enterprise.employee_count),
                    loaded_version=str(enterprise.version))
    data.update(overrides)
    return data


# ---------------------------------------------------------------- list

def test_list_shows_only_rows_inside_the_users_area(client, county_user):
    mine = make_enterprise(1, name="江岸本区企业")
    make_enterprise(2, township="420502001", name="西陵外区企业")
    client.force_login(county_user)
    response = client.get(reverse("enterprises:enterprise_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert mine.name in body and "西陵外区企业" not in body
    assert "共 1 条" in body
    # the year is the current campaign year, written without a thousands separator
    assert 'name="year" value="2026"' in body and '<option value="2026" selected>' in body


def test_province_sees_both_counties_and_region_filter_narrows(client, province_user):
    make_enterprise(1, name="江岸本区企业")
    make_enterprise(2, township="420502001", name="西陵外区企业")
    client.force_login(province_user)
    body = client.get(reverse("enterprises:enterprise_list")).content.decode()
    assert "江岸本区企业" in body and "西陵外区企业" in body and "共 2 条" in body
    wuhan = Region.objects.get(code="4201")
    body = client.get(reverse("enterprises:enterprise_list"), {"region": wuhan.pk}).content.decode()
    assert "江岸本区企业" in body and "西陵外区企业" not in body


def test_region_filter_refuses_a_region_outside_the_area(client, county_user):
    make_enterprise(1, name="江岸本区企业")
    client.force_login(county_user)
    xiling = Region.objects.get(code="420502")
    response = client.get(reverse("enterprises:enterprise_list"), {"region": xiling.pk})
    body = response.content.decode()
    assert "西陵区" not in re.sub(r"<option[^>]*>[^<]*</option>", "", body.split("filter-bar")[0])
    assert "江岸本区企业" not in body  # an invalid filter value shows nothing rather than everything


def test_filters_status_industry_size_and_year(client, county_user):
    a = make_enterprise(1, name="甲达标企业", employee_count=500, industry="C")
    b = make_enterprise(2, name="乙创建企业", employee_count=10, industry="F")
    CreationRecord.objects.create(subject=a.subject, year=2026, status="qualified", started_on="2026-03-01")
    CreationRecord.objects.create(subject=b.subject, year=2026, status="creating", started_on="2026-03-01")
    CreationRecord.objects.create(subject=b.subject, year=2025, status="qualified", started_on="2025-03-01")
    client.force_login(county_user)
    url = reverse("enterprises:enterprise_list")

    def names(**params):
        body = client.get(url, params).content.decode()
        return {n for n in ("甲达标企业", "乙创建企业") if n in body}

    assert names(year=2026, status="qualified") == {"甲达标企业"}
    assert names(year=2025, status="qualified") == {"乙创建企业"}
    assert names(year=2025, status="not_started") == {"甲达标企业"}
    assert names(industry="F") == {"乙创建企业"}
    assert names(size="large") == {"甲达标企业"}
    assert names(size="micro") == {"乙创建企业"}
    assert names(q=b.uscc) == {"乙创建企业"}
    assert names(q="甲达标") == {"甲达标企业"}


def test_list_sorts_by_employee_count(client, county_user):
    make_enterprise(1, name="少人企业", employee_count=5)
    make_enterprise(2, name="多人企业", employee_count=900)
    client.force_login(county_user)
    body = client.get(reverse("enterprises:enterprise_list"), {"sort": "-employee_count"}).content.decode()
    assert body.index("多人企业") < body.index("少人企业")
    body = client.get(reverse("enterprises:enterprise_list"), {"sort": "employee_count"}).content.decode()
    assert body.index("少人企业") < body.index("多人企业")


def test_empty_list_says_what_to_do(client, county_user):
    client.force_login(county_user)
    body = client.get(reverse("enterprises:enterprise_list")).content.decode()
    assert "本辖区尚无企业" in body and "下载模板" in body


@pytest.mark.parametrize("rows", [20, 75])
def test_list_query_count_is_bounded_whatever_the_rows(client, county_user, django_assert_max_num_queries, rows):
    for n in range(rows):
        e = make_enterprise(n + 1, township=["420102002", "420102003"][n % 2])
        CreationRecord.objects.create(subject=e.subject, year=2026, status="creating", started_on="2026-03-01")
    client.force_login(county_user)
    client.get(reverse("enterprises:enterprise_list"))  # warm the session and permission caches
    with django_assert_max_num_queries(15) as captured:
        response = client.get(reverse("enterprises:enterprise_list"), {"status": "creating"})
    assert response.status_code == 200
    assert f"共 {rows} 条" in response.content.decode()
    assert len(captured.captured_queries) <= 15


def test_list_needs_the_view_permission(client):
    user = make_staff("420102", roles=())
    client.force_login(user)
    assert client.get(reverse("enterprises:enterprise_list")).status_code == 403


# ---------------------------------------------------------------- detail

def test_detail_shows_header_sections_and_history(client, county_user):
    e = make_enterprise(1, contact_phone="13912345678")
    CreationRecord.objects.create(subject=e.subject, year=2026, status="qualified", started_on="2026-03-01")
    client.force_login(county_user)
    body = client.get(reverse("enterprises:enterprise_detail", args=[e.pk])).content.decode()
    assert e.uscc in body and "达标" in body
    for section in ("基本信息", "创建台账", "变更记录"):
        assert section in body
    assert "139****5678" in body and "13912345678" not in body


def test_detail_of_another_county_is_404(client, county_user):
    other = make_enterprise(2, township="420502001")
    client.force_login(county_user)
    assert client.get(reverse("enterprises:enterprise_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("enterprises:enterprise_update", args=[other.pk])).status_code == 404


# ---------------------------------------------------------------- create and edit

def test_create_enterprise(client, county_user):
    client.force_login(county_user)
    response = client.post(reverse("enterprises:enterprise_create"), form_data())
    e = Enterprise.objects.get(uscc=code(900))
    assert response.status_code == 302 and response["Location"] == reverse("enterprises:enterprise_detail", args=[e.pk])
    assert e.subject.name == "江岸新建科技有限公司" and e.contact_phone == "13800001111" and e.has_union
    assert e.history.first().history_user == county_user


@pytest.mark.parametrize("value,message", [
    (code(900)[:-1] + ("0" if code(900)[-1] != "0" else "1"), "校验码错误"),
    ("91420102MA4K0001", "应为 18 位"),
    ("91420102MA4K0001IO", "不允许的字符"),
    ("", "这个字段是必填项"),
])
def test_create_refuses_a_bad_uscc(client, county_user, value, message):
    client.force_login(county_user)
    response = client.post(reverse("enterprises:enterprise_create"), form_data(uscc=value))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Enterprise.objects.exists()


def test_create_refuses_a_duplicate_uscc_in_chinese(client, county_user):
    existing = make_enterprise(1)
    client.force_login(county_user)
    response = client.post(reverse("enterprises:enterprise_create"), form_data(uscc=existing.uscc.lower()))
    assert "该统一社会信用代码已登记" in response.content.decode()
    assert Enterprise.objects.count() == 1


def test_create_refuses_a_region_outside_the_area_and_bad_numbers(client, county_user):
    client.force_login(county_user)
    response = client.post(reverse("enterprises:enterprise_create"), form_data(
        region=Region.objects.get(code="420502001").pk, employee_count="很多"))
    body = response.content.decode()
    assert "选择一个有效的选项" in body and "输入整数" in body
    assert not Enterprise.objects.exists()


def test_edit_saves_and_bumps_the_version(client, county_user):
    e = make_enterprise(1)
    client.force_login(county_user)
    response = client.post(reverse("enterprises:enterprise_update", args=[e.pk]),
                           form_data(e, employee_count="321"))
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.employee_count == 321 and e.version == 2


def test_second_save_on_a_stale_form_is_told_the_record_changed(client, county_user):
    e = make_enterprise(1)
    stale = form_data(e, employee_count="111")
    other = make_staff("420102", unit=MemberUnit.UNION, username="another-clerk")
    client.force_login(other)
    assert client.post(reverse("enterprises:enterprise_update", args=[e.pk]),
                       form_data(e, employee_count="222")).status_code == 302
    client.force_login(county_user)
    response = client.post(reverse("enterprises:enterprise_update", args=[e.pk]), stale)
    body = response.content.decode()
    assert response.status_code == 200 and "已被其他人修改" in body
    assert 'value="111"' in body  # what the user typed is kept
    e.refresh_from_db()
    assert e.employee_count == 222 and e.version == 2


# ---------------------------------------------------------------- creation records and bulk change

def test_creation_record_create_and_status_history(client, county_user):
    e = make_enterprise(1)
    client.force_login(county_user)
    url = reverse("enterprises:record_create", args=[e.pk])
    response = client.post(url, {"year": 2026, "status": "creating", "started_on": "2026-03-01", "notes": "启动"})
    assert response.status_code == 302
    record = CreationRecord.objects.get(subject=e.subject, year=2026)
    response = client.post(reverse("enterprises:record_update", args=[record.pk]),
                           {"status": "self_assessing", "started_on": "2026-03-01", "notes": "自评",
                            "change_reason": "自评达标"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "self_assessing" and record.updated_by == county_user
    assert record.history.first().history_change_reason == "自评达标"
    body = client.get(reverse("enterprises:enterprise_detail", args=[e.pk])).content.decode()
    assert "自评达标" in body and "创建中" in body
    # the same year twice is refused
    response = client.post(url, {"year": 2026, "status": "creating", "started_on": "2026-03-01"})
    assert "2026 年的创建台账已存在" in response.content.decode()
    # a started status needs its date
    response = client.post(url, {"year": 2025, "status": "creating"})
    assert "请填写启动日期" in response.content.decode()
    assert CreationRecord.objects.filter(subject=e.subject).count() == 1


def test_bulk_status_change_confirms_with_the_count_then_changes(client, county_user):
    rows = [make_enterprise(n) for n in range(1, 4)]
    outsider = make_enterprise(9, township="420502001")
    client.force_login(county_user)
    url = reverse("enterprises:bulk_status")
    data = {"pks": [rows[0].pk, rows[1].pk], "year": 2026, "status": "self_assessing"}
    response = client.post(url, data)
    body = response.content.decode()
    assert "将把以下 <strong>2</strong> 家企业" in body
    assert not CreationRecord.objects.exists()
    response = client.post(url, {**data, "confirm": "1", "reason": "验收"})
    assert response.status_code == 302
    assert set(CreationRecord.objects.filter(year=2026, status="self_assessing").values_list("subject_id",
                                                                                          flat=True)) == \
        {rows[0].subject_id, rows[1].subject_id}
    assert CreationRecord.objects.first().history.first().history_change_reason == "验收"
    # a row of another county cannot be slipped in
    response = client.post(url, {"pks": [outsider.pk], "year": 2026, "status": "self_assessing", "confirm": "1"})
    assert not CreationRecord.objects.filter(subject=outsider.subject).exists()


# ---------------------------------------------------------------- 联系培育

def test_contact_assignment_visit_and_compliance(client, county_user):
    e = make_enterprise(1)
    client.force_login(county_user)
    union = Office.objects.create(region=county_user.office.region, member_unit=MemberUnit.UNION)
    url = reverse("enterprises:contact_compliance") + "?year=2026"
    body = client.get(url).content.decode()
    assert "人社局" in body and "总工会" in body
    response = client.post(reverse("enterprises:contact_create", args=[e.pk]),
                           {"office": county_user.office_id, "year": 2026, "contact_person": "王科长"})
    assignment = ContactAssignment.objects.get()
    assert response.status_code == 302 and assignment.subject == e.subject
    response = client.post(reverse("enterprises:visit_create", args=[assignment.pk]),
                           {"visited_on": "2026-05-01", "content": "指导签订集体合同"})
    assert ContactVisit.objects.get().content == "指导签订集体合同"
    body = client.get(url).content.decode()  # a unit counts once its contact unit has a visit (issue 25)
    assert "总工会" in body and "人社局" not in body.split("compliance-table")[1]
    assert "指导签订集体合同" in client.get(reverse("enterprises:contact_detail", args=[assignment.pk])).content.decode()
    # the same office, unit and year twice is refused; an office cannot contact outside its area
    response = client.post(reverse("enterprises:contact_create", args=[e.pk]),
                           {"office": county_user.office_id, "year": 2026, "contact_person": "王科长"})
    assert "已于 2026 年将该单位列为联系单位" in response.content.decode()
    township_office = Office.objects.create(region=Region.objects.get(code="420102003"), member_unit=MemberUnit.HRSS)
    response = client.post(reverse("enterprises:contact_create", args=[e.pk]),
                           {"office": township_office.pk, "year": 2026, "contact_person": "李"})
    assert "只能联系其辖区内的单位" in response.content.decode()
    assert ContactAssignment.objects.count() == 1 and union.contact_assignments.count() == 0


def test_compliance_view_of_another_county_does_not_list_ours(client, county_user, other_county_user):
    client.force_login(other_county_user)
    body = client.get(reverse("enterprises:contact_compliance")).content.decode()
    assert "江岸区" not in body and "西陵区" in body


# ---------------------------------------------------------------- invitation and enterprise accounts

def test_invitation_creates_an_account_whose_link_works_once(client, county_user):
    from django.core import mail

    e = make_enterprise(1)
    Enterprise.objects.filter(pk=e.pk).update(contact_email="hr@qiye.example.com")
    client.force_login(county_user)
    client.post(reverse("enterprises:invite", args=[e.pk]), {"username": e.uscc, "full_name": "企业联系人"})
    # the link goes to the registered contact, not to the clerk's screen
    link = re.search(r"(http\S+/activate/\S+)", mail.outbox[-1].body).group(1)
    account = User.objects.get(username=e.uscc)
    assert account.kind == User.Kind.ENTERPRISE and account.enterprise == e and not account.has_usable_password()
    client.logout()
    path = link.split("testserver", 1)[1]
    assert e.name in client.get(path).content.decode()
    response = client.post(path, {"new_password1": "Qiye@2026abc", "new_password2": "Qiye@2026abc"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password("Qiye@2026abc")
    assert EnterpriseInvitation.objects.get().activated_at is not None
    # the link works once
    again = client.get(path)
    assert again.status_code == 410 and "无效、已使用或已过期" in again.content.decode()
    assert client.post(path, {"new_password1": "Other@2026xyz", "new_password2": "Other@2026xyz"}).status_code == 410
    account.refresh_from_db()
    assert account.check_password("Qiye@2026abc")


def test_invitation_refuses_a_taken_username_and_other_counties(client, county_user):
    e = make_enterprise(1)
    other = make_enterprise(2, township="420502001")
    client.force_login(county_user)
    response = client.post(reverse("enterprises:invite", args=[e.pk]),
                           {"username": county_user.username, "full_name": "x"})
    assert "已被使用" in response.content.decode()
    assert client.get(reverse("enterprises:invite", args=[other.pk])).status_code == 404
    assert not EnterpriseInvitation.objects.exists()


def test_an_expired_invitation_is_refused(client, county_user):
    from datetime import timedelta

    from django.utils import timezone

    from apps.enterprises import services

    e = make_enterprise(1)
    Enterprise.objects.filter(pk=e.pk).update(contact_email="hr@qiye.example.com")
    e.refresh_from_db()
    tokens = []
    services.invite(e, username="ent-expired", full_name="x", invited_by=county_user,
                    link_for=lambda token: tokens.append(token) or f"http://testserver/{token}")
    token = tokens[0]
    EnterpriseInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(reverse("enterprises:activate", args=[token]),
                           {"new_password1": "Qiye@2026abc", "new_password2": "Qiye@2026abc"})
    assert response.status_code == 410
    assert not User.objects.get(username="ent-expired").has_usable_password()


def test_a_wrong_token_is_refused(client):
    response = client.get(reverse("enterprises:activate", args=["nope"]))
    assert response.status_code == 410


def enterprise_account(enterprise, username="ent-user"):
    return User.objects.create_user(username=username, password=TEST_PASSWORD, kind=User.Kind.ENTERPRISE,
                                    enterprise=enterprise)


def test_enterprise_account_lands_on_and_edits_only_its_own_enterprise(client):
    mine = make_enterprise(1, name="本企业有限公司")
    other = make_enterprise(2, name="别家企业有限公司")
    account = enterprise_account(mine)
    client.force_login(account)
    response = client.get("/", follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("enterprises:mine")
    assert "本企业有限公司" in body and "别家企业有限公司" not in body
    for url in (reverse("enterprises:enterprise_list"), reverse("enterprises:enterprise_detail", args=[other.pk]),
                reverse("enterprises:enterprise_update", args=[mine.pk]), reverse("enterprises:export")):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("enterprises:mine_edit"), {
        "industry": "C", "ownership": "private", "employee_count": "77", "has_union": "on",
        "contact_person": "新联系人", "contact_phone": "13700001111", "loaded_version": mine.version,
        "name": "改名企图", "uscc": other.uscc})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.employee_count == 77 and mine.contact_person == "新联系人"
    assert mine.name == "本企业有限公司" and mine.uscc == code(1)  # name and code are not theirs to change
    assert mine.history.first().history_user == account


def test_staff_cannot_use_the_enterprise_pages(client, county_user):
    client.force_login(county_user)
    assert client.get(reverse("enterprises:mine")).status_code == 403
