"""Risk reports moved from apps.coordinators to apps.risks without losing anything: the migrations are run
backwards to the state before the move, a report is written there with everything that hangs on it (its
event, a history row, a guardian object grant, a role permission, an admin log entry, a data-exchange signal
that opened it, the old beat entry), and after migrating forwards again every one of them is found under
`risks`, with the same ids."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.conftest import make_staff

BEFORE = [("risks", None), ("coordinators", "0009_s19g_delete_statistics_version"), ("exchange", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_reports_history_grants_permissions_and_log_entries(ensure_regions):
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django_celery_beat.models import IntervalSchedule, PeriodicTask
    from guardian.models import UserObjectPermission

    from apps.accounts.roles import ROLES
    from apps.enterprises.models import Enterprise
    from apps.regions.models import Region

    region = Region.objects.get(code="420102002")
    enterprise = Enterprise.objects.create(name="迁移测试有限公司", uscc="91420102MA4K0MIG1X", region=region,
                                           industry="C")
    clerk = make_staff("420102", username="move-clerk", roles=("clerk",))
    reviewer = make_staff("420102", username="move-reviewer", roles=("reviewer",))
    expert = make_staff("420502", username="move-grantee", roles=())
    try:
        old = migrate(BEFORE)
        tables = connection.introspection.table_names()
        assert "coordinators_riskreport" in tables and "risks_riskreport" not in tables
        ContentType.objects.clear_cache()
        report_type = ContentType.objects.get(app_label="coordinators", model="riskreport")
        handle = Permission.objects.get(content_type=report_type, codename="handle_riskreport")
        assert Group.objects.get(name=ROLES["reviewer"]).permissions.filter(pk=handle.pk).exists()

        report = old.get_model("coordinators", "RiskReport").objects.create(
            enterprise_id=enterprise.pk, region_id=region.pk, category="wage_arrears", people_affected=42,
            severity="major", description="迁移前的欠薪风险", reported_by_id=clerk.pk,
            due_date=datetime.date(2026, 12, 20))
        old.get_model("coordinators", "RiskEvent").objects.create(
            report_id=report.pk, from_status="", to_status="reported", actor_id=clerk.pk, note="上报风险")
        old.get_model("coordinators", "HistoricalRiskReport").objects.create(
            id=report.pk, enterprise_id=enterprise.pk, region_id=region.pk, category="wage_arrears",
            people_affected=42, severity="major", description="迁移前的欠薪风险", reported_by_id=clerk.pk,
            due_date=datetime.date(2026, 12, 20), reported_at=report.reported_at, history_date=timezone.now(),
            history_type="+", history_change_reason="上报风险", history_user_id=clerk.pk)
        signal = old.get_model("exchange", "EnterpriseSignal").objects.create(
            enterprise_id=enterprise.pk, date=datetime.date(2026, 12, 1), disputes=9, risk_report_id=report.pk)
        # bulk_create: guardian's save() would look the object up through the current (moved) model
        [grant] = UserObjectPermission.objects.bulk_create([UserObjectPermission(
            user=expert, permission=handle, content_type=report_type, object_pk=str(report.pk))])
        entry = LogEntry.objects.create(user=clerk, content_type=report_type, object_id=str(report.pk),
                                        object_repr="迁移测试", action_flag=ADDITION)
        every = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
        PeriodicTask.objects.create(name="coordinators-escalate-overdue-risks", interval=every,
                                    task="apps.coordinators.tasks.escalate_overdue_risks")
    finally:
        migrate(leaves())

    from apps.exchange.models import EnterpriseSignal
    from apps.risks.models import RiskEvent, RiskReport

    tables = connection.introspection.table_names()
    assert {"risks_riskreport", "risks_riskevent", "risks_historicalriskreport"} <= set(tables)
    assert not {"coordinators_riskreport", "coordinators_riskevent", "coordinators_historicalriskreport"} & set(tables)
    ContentType.objects.clear_cache()
    moved = RiskReport.objects.get(pk=report.pk)
    assert (moved.description, moved.people_affected, moved.enterprise, moved.reported_by) == (
        "迁移前的欠薪风险", 42, enterprise, clerk)
    assert [e.note for e in RiskEvent.objects.filter(report=moved)] == ["上报风险"]
    assert [(h.history_change_reason, h.history_user) for h in moved.history.all()] == [("上报风险", clerk)]
    assert EnterpriseSignal.objects.get(pk=signal.pk).risk_report == moved
    # the same content type row, now labelled risks: permissions, grants and log entries point at it
    assert ContentType.objects.get_for_model(RiskReport).pk == report_type.pk
    assert not ContentType.objects.filter(app_label="coordinators", model__in=["riskreport", "riskevent"]).exists()
    assert Permission.objects.get(pk=handle.pk).content_type.app_label == "risks"
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # a fresh permission cache
    assert reviewer.has_perm("risks.handle_riskreport") and not reviewer.has_perm("risks.resolve_riskreport")
    grantee = type(expert).objects.get(pk=expert.pk)
    assert grantee.has_perm("risks.handle_riskreport", moved) and UserObjectPermission.objects.filter(
        pk=grant.pk, content_type__app_label="risks").exists()
    assert LogEntry.objects.get(pk=entry.pk).get_edited_object() == moved
    assert not PeriodicTask.objects.filter(name="coordinators-escalate-overdue-risks").exists()
