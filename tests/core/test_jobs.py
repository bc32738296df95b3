from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from apps.core.models import BackgroundJob
from apps.core.tasks import purge_unconfirmed_uploads
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def upload_job(owner, name, stage, age_days):
    path = default_storage.save(f"imports/{name}", ContentFile(b"xlsx"))
    job = BackgroundJob.objects.create(owner=owner, kind="import", title=name, params={"source": path, "stage": stage})
    BackgroundJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=age_days))
    return job, path


def test_unconfirmed_uploads_are_deleted_after_two_days(media):
    owner = make_staff("420102")
    old, old_path = upload_job(owner, "old.xlsx", "validated", 3)
    fresh, fresh_path = upload_job(owner, "fresh.xlsx", "validated", 0)
    assert purge_unconfirmed_uploads() == 1
    assert not default_storage.exists(old_path) and default_storage.exists(fresh_path)
    old.refresh_from_db()
    assert old.params["stage"] == "expired" and "已删除" in old.message
    assert purge_unconfirmed_uploads() == 0  # an expired job is not touched again


def test_my_jobs_lists_only_my_own(client, media):
    me, other = make_staff("420102", username="me"), make_staff("420102", username="colleague")
    upload_job(me, "mine.xlsx", "validated", 0)
    theirs, _ = upload_job(other, "theirs.xlsx", "validated", 0)
    client.force_login(me)
    page = client.get(reverse("core:job_list")).content.decode()
    assert "mine.xlsx" in page and "theirs.xlsx" not in page
    assert client.get(reverse("core:job_detail", args=[theirs.pk])).status_code == 404
