"""Password hashing (issue 23): new passwords are stored with Argon2id at OWASP's parameters; a password stored
before with PBKDF2 still logs in and is rewritten with Argon2id on that log-in."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from apps.accounts.models import User
from config import settings as project_settings
from tests.conftest import TEST_PASSWORD, make_staff

pytestmark = pytest.mark.django_db

ARGON2ID_OWASP = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture(autouse=True)
def _project_hashers(settings):
    # the suite hashes with MD5 for speed (tests/conftest.py); these tests use what the portal is configured with
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_a_new_password_is_stored_with_argon2id_at_owasp_parameters(client):
    user = make_staff("420102", username="clerk-argon")
    assert User.objects.get(pk=user.pk).password.startswith(ARGON2ID_OWASP)
    response = client.post(reverse("login"), {"username": "clerk-argon", "password": TEST_PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def test_a_pbkdf2_password_still_logs_in_and_is_upgraded_to_argon2id(client):
    user = make_staff("420102", username="clerk-old")
    old = PBKDF2PasswordHasher().encode(TEST_PASSWORD, PBKDF2PasswordHasher().salt())
    User.objects.filter(pk=user.pk).update(password=old)

    wrong = client.post(reverse("login"), {"username": "clerk-old", "password": "wrong-password"})
    assert "用户名或密码错误" in wrong.content.decode()
    assert User.objects.get(pk=user.pk).password == old  # a failed log-in rewrites nothing

    response = client.post(reverse("login"), {"username": "clerk-old", "password": TEST_PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    stored = User.objects.get(pk=user.pk).password
    assert stored.startswith(ARGON2ID_OWASP)
    client.logout()
    again = client.post(reverse("login"), {"username": "clerk-old", "password": TEST_PASSWORD})
    assert again.status_code == 302  # the upgraded hash logs in
