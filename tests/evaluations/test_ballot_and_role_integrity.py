"""Integrity inside an area (issue 13): the satisfaction ballot cannot be cast by the enterprise it judges,
an office admin cannot grant itself roles, and what a duplicate 身份证号 or an enterprise's phone tells."""


import pytest
from django.urls import reverse

from apps.accounts.models import MemberUnit, User
from apps.accounts.roles import ADMIN, CLERK, LEADER, REVIEWER, ROLES, role_group
from apps.core.audit import history_rows
from apps.evaluations import services
from apps.evaluations.models import Assessment, SatisfactionBallot
from tests.conftest import make_staff
from tests.evaluations.test_evaluations import ensure_sets, make_enterprise, paper_ballot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def first_sets(db):
    ensure_sets()


# ---------------------------------------------------------------- satisfaction ballot

def online_sheet(eligible=4):
    enterprise, account = make_enterprise()
    assessment = Assessment.start(enterprise.subject, 2026, "self", account)
    return enterprise, account, assessment, services.open_online_ballot(assessment, eligible)


def test_the_enterprise_sees_only_counts_never_a_code(client):
    _, account, assessment, ballot = online_sheet()
    codes = list(ballot.codes.values_list("code", flat=True))
    client.force_login(account)
    url = reverse("evaluations:ballot_manage", args=[assessment.pk])
    body = client.get(url).content.decode()
    assert "已发放 4 个，已使用 0 个，未使用 4 个" in body
    assert not any(code in body for code in codes)
    assert "企业账号看不到测评码" in body
    assert client.get(url, {"format": "xlsx"}).status_code == 403  # nor as a workbook


def test_the_county_office_sees_and_prints_the_codes_and_the_union_route_is_named(client):
    _, _, assessment, ballot = online_sheet()
    make_staff("420102", unit=MemberUnit.UNION, roles=(CLERK,), username="jiangan-union")
    client.force_login(make_staff("420102", roles=(CLERK,), username="jiangan-clerk"))
    body = client.get(reverse("evaluations:ballot_manage", args=[assessment.pk])).content.decode()
    assert all(code in body for code in ballot.codes.values_list("code", flat=True))
    assert "武汉市江岸区 · 总工会" in body
    # a city office sees the sheet but does not hand out codes
    client.force_login(make_staff("4201", username="wuhan-staff"))
    body = client.get(reverse("evaluations:ballot_manage", args=[assessment.pk])).content.decode()
    assert not any(code in body for code in ballot.codes.values_list("code", flat=True))


def test_the_enterprise_cannot_reset_or_cancel_a_ballot(client):
    _, account, assessment, ballot = online_sheet()
    code = ballot.codes.first().code
    services.cast_ballot(code, {"overall": "satisfied"})
    services.close_ballot(ballot)
    client.force_login(account)
    url = reverse("evaluations:ballot_manage", args=[assessment.pk])
    assert "撤销测评" not in client.get(url).content.decode()
    for what in ("reset", "cancel"):
        assert client.post(url, {"what": what, "reason": "重新测评一次"}).status_code == 403
    assert SatisfactionBallot.objects.filter(pk=ballot.pk, respondents=1).exists()


def test_only_the_county_reviewer_cancels_with_a_reason_kept_in_the_change_log(client):
    _, account, assessment, ballot = online_sheet()
    services.cast_ballot(ballot.codes.first().code, {"overall": "satisfied"})
    url = reverse("evaluations:ballot_manage", args=[assessment.pk])
    client.force_login(make_staff("420102", roles=(CLERK,), username="jiangan-clerk2"))
    assert client.post(url, {"what": "cancel", "reason": "测评码发放有误"}).status_code == 403
    reviewer = make_staff("420102", roles=(REVIEWER,), username="jiangan-reviewer", unit=MemberUnit.UNION)
    client.force_login(reviewer)
    refused = client.post(url, {"what": "cancel", "reason": ""})
    assert refused.status_code == 400 and "请填写撤销原因" in refused.content.decode()
    assert SatisfactionBallot.objects.filter(pk=ballot.pk).exists()
    assert client.post(url, {"what": "cancel", "reason": "测评码发放有误，重新测评"}).status_code == 302
    assert not SatisfactionBallot.objects.filter(pk=ballot.pk).exists()
    log = client.get(url).content.decode()
    assert "撤销测评（已有 1 人参加）：测评码发放有误，重新测评" in log and reviewer.full_name in log
    assert account.notifications.filter(title="职工满意度测评已被撤销").exists()


def test_the_ballot_expects_the_ledgers_staff_count(client):
    enterprise, account = make_enterprise()
    enterprise.employee_count = 55
    enterprise.save()
    assessment = Assessment.start(enterprise.subject, 2026, "self", account)
    # the county reviewer sees the forms (the enterprise sees the number, and no paper form: tests/evaluations/test_ballots.py)
    client.force_login(make_staff("420102", roles=(REVIEWER,), username="ledger-count-reviewer"))
    body = client.get(reverse("evaluations:ballot_manage", args=[assessment.pk])).content.decode()
    assert 'name="online-eligible" inputmode="numeric" value="55"' in body
    assert 'name="paper-eligible" inputmode="numeric" value="55"' in body


def test_a_paper_ballot_is_cancelled_by_the_reviewer_too(client, media):
    enterprise, account = make_enterprise()
    assessment = Assessment.start(enterprise.subject, 2026, "self", account)
    paper_ballot(assessment)
    client.force_login(account)
    url = reverse("evaluations:ballot_manage", args=[assessment.pk])
    assert client.post(url, {"what": "reset"}).status_code == 403
    assert SatisfactionBallot.objects.filter(assessment=assessment).exists()


# ---------------------------------------------------------------- roles

def test_an_admin_cannot_change_its_own_roles(client):
    admin = make_staff("420102", roles=(ADMIN, CLERK), username="jiangan-admin")
    client.force_login(admin)
    url = reverse("accounts:user_edit", args=[admin.pk])
    form = client.get(url).content.decode()
    assert "不能修改自己的角色" in form
    roles = [str(role_group(r).pk) for r in (ADMIN, CLERK, REVIEWER, LEADER)]
    data = {"username": admin.username, "full_name": admin.full_name, "office": admin.office_id, "email": "",
            "is_active": "on", "roles": roles}
    response = client.post(url, data)
    assert response.status_code == 200 and "不能修改自己的角色或用户类型" in response.content.decode()
    assert set(admin.groups.values_list("name", flat=True)) == {ROLES[ADMIN], ROLES[CLERK]}
    response = client.post(url, {**data, "roles": [], "kind": "enterprise"})
    assert "不能修改自己的角色或用户类型" in response.content.decode()
    assert User.objects.get(pk=admin.pk).kind == User.Kind.STAFF
    # without touching the roles, the admin may still edit its own name
    assert client.post(url, {**data, "roles": [], "full_name": "新名字"}).status_code == 302
    admin.refresh_from_db()
    assert admin.full_name == "新名字" and admin.groups.count() == 2


def test_every_role_change_is_in_the_change_log_naming_the_roles(client):
    admin = make_staff("4201", roles=(ADMIN,), username="wuhan-admin2")  # roles below its level: the level above
    clerk = make_staff("420102", roles=(CLERK,), username="jiangan-someone")
    client.force_login(admin)
    url = reverse("accounts:user_edit", args=[clerk.pk])
    response = client.post(url, {"username": clerk.username, "full_name": clerk.full_name, "office": clerk.office_id,
                                 "is_active": "on", "roles": [role_group(REVIEWER).pk, role_group(LEADER).pk]})
    assert response.status_code == 302
    reasons = [row["reason"] for row in history_rows(clerk)]
    assert "授予角色：审核、负责人" in reasons and "撤销角色：录入" in reasons
    granted = next(row for row in history_rows(clerk) if row["reason"] == "授予角色：审核、负责人")
    assert granted["who"] == admin.full_name
    body = client.get(url).content.decode()
    assert "授予角色：审核、负责人" in body and "撤销角色：录入" in body


# ---------------------------------------------------------------- enterprise phone

def test_the_enterprise_forms_show_the_phone_masked_and_keep_it_when_unchanged(client, county_user):
    from tests.enterprises.test_enterprises import form_data
    from tests.enterprises.test_enterprises import make_enterprise as make_ledger_enterprise

    enterprise = make_ledger_enterprise(7, contact_phone="13912345678")
    client.force_login(county_user)
    url = reverse("enterprises:enterprise_update", args=[enterprise.pk])
    body = client.get(url).content.decode()
    assert "13912345678" not in body and 'value="139****5678"' in body
    assert client.post(url, form_data(enterprise, contact_phone="139****5678")).status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.contact_phone == "13912345678"
    response = client.post(url, form_data(enterprise, contact_phone="139****0000"))
    assert response.status_code == 200 and "请输入完整的联系电话" in response.content.decode()
    assert client.post(url, form_data(enterprise, contact_phone="13700002222")).status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.contact_phone == "13700002222"
    # the enterprise's own profile form too
    account = User.objects.create_user(username="ent-phone", password="x", kind=User.Kind.ENTERPRISE,
                                       enterprise=enterprise)
    client.force_login(account)
    body = client.get(reverse("enterprises:mine_edit")).content.decode()
    assert "13700002222" not in body and 'value="137****2222"' in body


# ---------------------------------------------------------------- duplicate 身份证号

def test_a_duplicate_id_number_elsewhere_says_whom_to_ask_not_where(client, county_user):
    from tests.coordinators.test_coordinators import form_data as coordinator_data
    from tests.coordinators.test_coordinators import id_number, make_coordinator

    number = id_number(prefix="420502", seq="779")
    make_coordinator(code="420502", number=number, name="外区某人")
    client.force_login(county_user)
    text = client.post(reverse("coordinators:coordinator_add"), coordinator_data(id_number=number)).content.decode()
    assert "该身份证号已登记，不能重复登记。如需核实或调整登记，请联系省三方办" in text
    assert "宜昌" not in text and "西陵" not in text and "外区某人" not in text


# ---------------------------------------------------------------- risk escalation after a start

def test_overdue_risks_escalate_on_a_freshly_started_portal(county_user):
    """Reports due 2026-11-30 and 2026-12-01, portal started on 2026-12-02 after the old 07:30 slot."""
    import datetime
    import zoneinfo

    import time_machine
    from celery.signals import worker_ready

    from apps.risks.models import RiskReport
    from apps.risks.tasks import catch_up_on_start
    from config.celery import app
    from tests.coordinators.test_coordinators import make_enterprise as make_risk_enterprise

    enterprise = make_risk_enterprise()
    reports = [RiskReport.objects.create(enterprise=enterprise, region=enterprise.region, category="wage_arrears",
                                         people_affected=12, severity="general", description="欠薪",
                                         reported_by=county_user, due_date=datetime.date(2026, 11, due))
               for due in (30,)] + [
        RiskReport.objects.create(enterprise=enterprise, region=enterprise.region, category="wage_arrears",
                                  people_affected=8, severity="general", description="欠薪",
                                  reported_by=county_user, due_date=datetime.date(2026, 12, 1))]
    assert any(receiver is catch_up_on_start for _, receiver in worker_ready.receivers)
    started = datetime.datetime(2026, 12, 2, 9, 40, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(started, tick=False):
        schedule = app.conf.beat_schedule["risks-escalate-overdue-risks"]["schedule"]
        assert schedule.remaining_estimate(started) <= datetime.timedelta(hours=1)  # the beat comes within the hour
        catch_up_on_start(sender=None)  # what a starting worker does
        for report in reports:
            report.refresh_from_db()
            assert report.get_escalation_display() == "市级" and report.last_escalated_on == started.date()
        catch_up_on_start(sender=None)  # a second worker starting: nothing more the same day
    with time_machine.travel(started + datetime.timedelta(days=1), tick=False):
        catch_up_on_start(sender=None)
    assert {r.escalation for r in RiskReport.objects.all()} == {"province"}


# ---------------------------------------------------------------- uploads

def million_empty_rows_xlsx(dimension):
    """A 1,000,001-row sheet of empty rows, as a hostile (or badly formatted) file is: small on the wire."""
    import io
    import zipfile

    rows = "<row/>" * 1_000_000
    head = '<dimension ref="A1:M1000001"/>' if dimension else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main">{head}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is>'
             f'</c></row>{rows}</sheetData></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


@pytest.mark.parametrize("dimension", [True, False], ids=["declared", "undeclared"])
def test_a_million_empty_rows_are_refused_in_the_request_within_a_second(client, county_user, dimension):
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.core.models import BackgroundJob

    data = million_empty_rows_xlsx(dimension)
    assert len(data) < 400 * 1024
    client.force_login(county_user)
    started = time.monotonic()
    response = client.post(reverse("enterprises:import"), {"file": SimpleUploadedFile("企业.xlsx", data)})
    elapsed = time.monotonic() - started
    body = response.content.decode()
    assert "工作表有超过 100,000 行" in body and "请删除表格末尾的空行" in body
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert not BackgroundJob.objects.exists()  # nothing handed to a worker either


# ---------------------------------------------------------------- filters

def test_unfilled_is_offered_only_on_nullable_fields_and_yes_no_filters_say_all_yes_no(client):
    import django_filters

    from apps.core.filters import PortalFilterSet
    from apps.enterprises.models import Enterprise, Industry

    class Probe(PortalFilterSet):
        industry = django_filters.ChoiceFilter(choices=Industry.choices)  # required on the model
        park = django_filters.ModelChoiceFilter(queryset=Enterprise._meta.get_field("park").related_model.objects.all())
        has_union = django_filters.BooleanFilter()

        class Meta:
            model = Enterprise
            fields = []

    form = Probe({}).form
    assert "（未填）" not in [label for _, label in form.fields["industry"].choices]
    assert "（未填）" in [str(label) for _, label in form.fields["park"].choices]
    assert [label for _, label in form.fields["has_union"].widget.choices] == ["全部", "是", "否"]
    # the user list's 启用 filter, as an office admin sees it
    client.force_login(make_staff("420102", roles=(ADMIN,), username="filter-admin"))
    body = client.get(reverse("accounts:user_list")).content.decode()
    assert "未知" not in body and ">全部</option>" in body
