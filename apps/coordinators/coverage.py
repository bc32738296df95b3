"""Which enterprises at least one on-duty coordinator serves, kept as rows of `EnterpriseCoverage`.

Every statement is one SQL upsert/delete over the enterprises concerned, so the structure page counts
coverage per area with one indexed aggregate instead of joining 200,000 enterprises to the service links.
"""

from django.db import connection, transaction

from apps.core import versions

from .models import Coordinator, EnterpriseCoverage

_COUNTS = """
    SELECT e.id, r.path, COUNT(c.id)
    FROM enterprises_enterprise e
    JOIN regions_region r ON r.id = e.region_id
    JOIN {through} ce ON ce.enterprise_id = e.id
    JOIN {coordinator} c ON c.id = ce.coordinator_id AND c.status = 'on_duty'
    {where}
    GROUP BY e.id, r.path
"""


COVERAGE = "coordinators.EnterpriseCoverage"


def bump():
    """A new version of the coverage rows (apps.core.versions): structure statistics cached before this
    change are no longer used. Every change to the ledger, the service links or the enterprises calls it."""
    versions.bump(COVERAGE)


def _names():
    return {"through": Coordinator.enterprises.through._meta.db_table,
            "coordinator": Coordinator._meta.db_table, "coverage": EnterpriseCoverage._meta.db_table}


def refresh(enterprise_ids):
    """Recount the on-duty coordinators of these enterprises (drop the rows of those left uncovered)."""
    ids = sorted({int(i) for i in enterprise_ids if i is not None})
    bump()
    if not ids:
        return
    names = _names()
    counts = _COUNTS.format(where="WHERE e.id = ANY(%s)", **names)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{names["coverage"]}" WHERE enterprise_id = ANY(%s)', [ids])
        cursor.execute(f'INSERT INTO "{names["coverage"]}" (enterprise_id, region_path, coordinators) {counts}',
                       [ids])


def rebuild():
    """Recompute every row (nightly, and after bulk loads that bypass the signals)."""
    names = _names()
    bump()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{names["coverage"]}"')
        cursor.execute(f'INSERT INTO "{names["coverage"]}" (enterprise_id, region_path, coordinators) '
                       + _COUNTS.format(where="", **names))
        cursor.execute(f'SELECT COUNT(*) FROM "{names["coverage"]}"')
        return cursor.fetchone()[0]


def enterprise_ids_of(coordinator_ids):
    through = Coordinator.enterprises.through
    return list(through.objects.filter(coordinator_id__in=coordinator_ids).values_list("enterprise_id", flat=True))


# ------------------------------------------------------------------------------------------------ signals


def on_services_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        instance._coverage_before = (enterprise_ids_of([instance.pk]) if not reverse else [instance.pk])
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # changed from the enterprise's side: the instance is the enterprise
        ids = [instance.pk]
    else:
        ids = list(pk_set or []) + list(getattr(instance, "_coverage_before", []))
    refresh(ids)


def on_coordinator_saved(sender, instance, created, **kwargs):
    refresh([] if created else enterprise_ids_of([instance.pk]))


def on_coordinator_deleting(sender, instance, **kwargs):
    instance._coverage_before = enterprise_ids_of([instance.pk])


def on_coordinator_deleted(sender, instance, **kwargs):
    refresh(getattr(instance, "_coverage_before", []))


def on_enterprise_saved(sender, instance, **kwargs):
    bump()
    EnterpriseCoverage.objects.filter(pk=instance.pk).exclude(region_path=instance.region.path).update(
        region_path=instance.region.path)


def on_enterprises_bulk_saved(sender, created_ids, updated_ids, **kwargs):
    # an Excel import writes with bulk statements (no post_save): new enterprises have no coordinator yet,
    # updated ones may have moved to another area, so their rows are recounted with their new path
    refresh(updated_ids)


def connect():
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

    from apps.enterprises.models import Enterprise
    from apps.enterprises.signals import enterprises_bulk_saved

    enterprises_bulk_saved.connect(on_enterprises_bulk_saved, sender=Enterprise,
                                   dispatch_uid="coordinators.coverage.enterprises_bulk")

    m2m_changed.connect(on_services_changed, sender=Coordinator.enterprises.through,
                        dispatch_uid="coordinators.coverage.services")
    post_save.connect(on_coordinator_saved, sender=Coordinator, dispatch_uid="coordinators.coverage.saved")
    pre_delete.connect(on_coordinator_deleting, sender=Coordinator, dispatch_uid="coordinators.coverage.deleting")
    post_delete.connect(on_coordinator_deleted, sender=Coordinator, dispatch_uid="coordinators.coverage.deleted")
    post_save.connect(on_enterprise_saved, sender=Enterprise, dispatch_uid="coordinators.coverage.enterprise")
    post_delete.connect(lambda **kwargs: bump(), sender=Enterprise, weak=False,
                        dispatch_uid="coordinators.coverage.enterprise_deleted")
