"""The personal-data key: required and separate in production, a wrong key raises (never reads as ""), the start
refuses a key that cannot open the known row, and keys rotate with `manage.py rotate_field_key`."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from apps.coordinators.models import Coordinator
from apps.core.fields import FieldKeyError
from apps.core.models import FieldKeyCanary
from config.checks import verify_field_key
from tests.coordinators.test_coordinators import id_number, make_coordinator

pytestmark = pytest.mark.django_db


def test_a_wrong_key_raises_instead_of_reading_blank(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["旧密钥-old-key"]
    coordinator = make_coordinator(phone="13912345678")
    settings.FIELD_ENCRYPTION_KEYS = ["另一个密钥-other-key"]
    with pytest.raises(FieldKeyError, match="无法用当前的 FIELD_ENCRYPTION_KEY 解密"):
        Coordinator.objects.get(pk=coordinator.pk)
    settings.FIELD_ENCRYPTION_KEYS = ["旧密钥-old-key"]
    assert Coordinator.objects.get(pk=coordinator.pk).phone == "13912345678"


def test_the_start_refuses_a_key_that_cannot_open_the_known_row(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["正确的密钥"]
    verify_field_key()  # the first start writes the known row
    assert FieldKeyCanary.objects.get().value == FieldKeyCanary.KNOWN
    verify_field_key()
    settings.FIELD_ENCRYPTION_KEYS = ["错误的密钥"]
    with pytest.raises(ImproperlyConfigured, match="平台拒绝启动"):
        verify_field_key()


def test_rotation_re_encrypts_every_row_in_batches_and_the_old_key_can_go(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["旧密钥"]
    people = [make_coordinator(name=f"协调员{i}", phone=f"1370000000{i}", number=id_number(seq=f"{i}21"))
              for i in range(3)]
    verify_field_key()
    settings.FIELD_ENCRYPTION_KEYS = ["新密钥", "旧密钥"]
    out = _call("rotate_field_key", "--batch-size", "2")
    assert "协调员" in out and "完成" in out
    settings.FIELD_ENCRYPTION_KEYS = ["新密钥"]  # the old key dropped
    verify_field_key()
    for person in people:
        fresh = Coordinator.objects.get(pk=person.pk)
        assert (fresh.phone, fresh.id_number) == (person.phone, person.id_number)
        # duplicate detection works under the new key: the digest was recomputed
        assert Coordinator.objects.with_id_number(person.id_number).get().pk == person.pk


def _call(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _serve(**env_changes):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DEMO_MODE", "FIELD_ENCRYPTION_KEY")}
    env.update(env_changes)
    return subprocess.run([sys.executable, "-c", "import config.wsgi"], env=env, capture_output=True, text=True,
                          timeout=120)


def test_outside_demo_mode_the_field_key_is_required_and_separate():
    missing = _serve(DJANGO_SECRET_KEY="s" * 50)
    assert missing.returncode != 0 and "请设置环境变量 FIELD_ENCRYPTION_KEY" in missing.stderr
    same = _serve(DJANGO_SECRET_KEY="s" * 50, FIELD_ENCRYPTION_KEY="s" * 50)
    assert same.returncode != 0 and "不能与 DJANGO_SECRET_KEY 相同" in same.stderr
