"""apps/core/bulk.py: the COPY writes the imports use keep what bulk_create and simple-history would store."""

from django.db import connection

from apps.core import bulk
from apps.enterprises.models import Enterprise, Subject
from apps.regions.models import Region


def test_copied_rows_get_their_keys_timestamps_encryption_and_history(db, county_user):
    region = Region.objects.get(code="420102002")
    subjects = bulk.insert(Subject, [Subject(kind=Subject.Kind.ENTERPRISE, name=f"复制{n}", region=region)
                                     for n in range(3)])
    assert all(s.pk for s in subjects) and len({s.pk for s in subjects}) == 3
    enterprises = [Enterprise(subject=s, name=s.name, uscc=f"91420102MA4K{n:05d}X", region=region,
                              region_path=region.path, industry="C", contact_phone="13800001234", version=1)
                   for n, s in enumerate(subjects)]
    bulk.insert_with_history(Enterprise, enterprises, user=county_user, reason="测试导入")

    stored = Enterprise.objects.get(pk=enterprises[0].pk)
    assert stored.subject_id == subjects[0].pk and stored.name == "复制0"
    assert stored.created_at is not None and stored.updated_at is not None  # auto_now_add / auto_now ran
    assert stored.contact_phone == "13800001234"
    with connection.cursor() as cursor:  # stored encrypted, as a save would store it
        cursor.execute(f'SELECT contact_phone FROM "{Enterprise._meta.db_table}" WHERE id = %s', [stored.pk])
        assert "13800001234" not in cursor.fetchone()[0]
    history = stored.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == ("+", county_user, "测试导入")
    assert history.name == "复制0" and history.uscc == stored.uscc

    stored.name = "改名"
    bulk.update(Enterprise, [stored], ["name"])
    bulk.insert_history(Enterprise, [stored], user=county_user, reason="更正", update=True)
    assert Enterprise.objects.get(pk=stored.pk).name == "改名"
    assert list(stored.history.order_by("history_id").values_list("history_type", "name")) == [("+", "复制0"),
                                                                                              ("~", "改名")]
