"""Issue 24 moved 工业园区 (Park) from the regions app to the parks app (regions 0005/0006, parks 0002 and the
state-only foreign keys of enterprises 0008, stations 0004, coordinators 0010). A database migrated before the
move, with parks in it, must come through with every park, its townships, its history and every row pointing at
it; its permissions (and the groups, users and object permissions holding them) become parks.*."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from guardian.models import UserObjectPermission

from apps.coordinators.models import Training
from apps.enterprises.models import Enterprise, Subject
from apps.parks.models import Park
from apps.stations.models import Station

BEFORE_THE_MOVE = [("regions", "0004_park_townships")]  # rolls back the move and whatever depends on it


def _state_of_applied(executor):
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def _migrate_to_the_end(executor):
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_database_migrated_before_the_move_keeps_every_park_its_keys_and_its_permissions(ensure_regions):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    try:
        old = _state_of_applied(executor)
        assert "parks_park" not in connection.introspection.table_names()

        Region = old.get_model("regions", "Region")
        county, township = Region.objects.get(code="420102"), Region.objects.get(code="420102002")
        park = old.get_model("regions", "Park").objects.create(name="迁移前的园区", level="provincial", region=county,
                                                                managing_body="园区管委会", worker_count=321)
        park.townships.add(township)
        old.get_model("regions", "HistoricalPark").objects.create(
            id=park.pk, name=park.name, level=park.level, region=county, history_date=timezone.now(), history_type="+")
        subject = old.get_model("enterprises", "Subject").objects.create(kind="enterprise", name="迁移前的企业",
                                                                         region=township, park=park)
        enterprise = old.get_model("enterprises", "Enterprise").objects.create(
            subject=subject, name="迁移前的企业", uscc="91420102MA4KXXXX0X", region=township,
            region_path=township.path, park=park, industry="C", contact_phone="")
        station = old.get_model("stations", "Station").objects.create(name="迁移前的园区站", kind="park",
                                                                      region=county, park=park, address="园区大道1号")
        office = old.get_model("accounts", "Office").objects.create(region=county, member_unit="hrss")
        training = old.get_model("coordinators", "Training").objects.create(
            organiser=office, region=county, park=park, date=date(2026, 5, 1), topic="园区培训", hours=2)
        park_type = ContentType.objects.get(app_label="regions", model="park")
        change_park = Permission.objects.get(content_type=park_type, codename="change_park")
        group = Group.objects.create(name="迁移检查组")
        group.permissions.add(change_park)
        user = old.get_model("accounts", "User").objects.create(username="park-mover", office=office)
        UserObjectPermission.objects.bulk_create([UserObjectPermission(  # save() would look the park up
            user_id=user.pk, permission=change_park, content_type=park_type, object_pk=str(park.pk))])
    finally:
        _migrate_to_the_end(executor)
    ContentType.objects.clear_cache()

    moved = Park.objects.get(pk=park.pk)
    assert (moved.name, moved.region_id, moved.managing_body, moved.worker_count) == (
        "迁移前的园区", county.pk, "园区管委会", 321)
    assert list(moved.townships.values_list("pk", flat=True)) == [township.pk]
    assert list(moved.history.values_list("name", flat=True)) == ["迁移前的园区"]
    assert Subject.objects.get(pk=subject.pk).park == moved
    assert Enterprise.objects.get(pk=enterprise.pk).park == moved
    assert Station.objects.get(pk=station.pk).park == moved
    assert Training.objects.get(pk=training.pk).park == moved
    assert set(moved.enterprises.all()) == {Enterprise.objects.get(pk=enterprise.pk)}

    # the same content type and permission rows, now labelled parks: whoever held regions.change_park holds
    # parks.change_park, on the same park
    assert ContentType.objects.get_for_model(Park).pk == park_type.pk
    assert not ContentType.objects.filter(app_label="regions", model__in=["park", "historicalpark"]).exists()
    assert Permission.objects.get(pk=change_park.pk).content_type.app_label == "parks"
    assert list(Group.objects.get(pk=group.pk).permissions.values_list("content_type__app_label", "codename")) == [
        ("parks", "change_park")]
    held = UserObjectPermission.objects.get(user_id=user.pk)
    assert (held.content_type.app_label, held.permission.codename, held.object_pk) == ("parks", "change_park",
                                                                                      str(park.pk))

    # and the moved park is an ordinary row of the parks app: a new one takes the next key
    added = Park.objects.create(name="迁移后的园区", level="other", region_id=county.pk)
    assert added.pk > park.pk and added.history.count() == 1
