"""A role permission no model declares is refused at start, not silently skipped."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from apps.accounts.roles import check_role_permissions, sync_roles

pytestmark = pytest.mark.django_db


def test_an_unknown_codename_fails_sync_roles_and_the_system_check(monkeypatch):
    config = apps.get_app_config("honours")
    roles = {**config.role_permissions, "clerk": [*config.role_permissions["clerk"], "view_nonsense"]}
    monkeypatch.setattr(config, "role_permissions", roles)
    with pytest.raises(ImproperlyConfigured, match="honours.view_nonsense"):
        sync_roles()
    assert [e.id for e in check_role_permissions()] == ["accounts.E001"]


def test_the_declared_role_permissions_all_exist():
    assert check_role_permissions() == []
    sync_roles()
