"""Personal data (身份证号, phone) is stored encrypted; a keyed digest beside it allows exact look-ups
(duplicates) without decrypting. Pages show it masked (apps.core.masking) unless meant for it."""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


@lru_cache(maxsize=4)
def _fernet(key):
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(("fernet:" + key).encode()).digest()))


def encrypt(value):
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token):
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def blind_index(value):
    """HMAC of a normalised value: equal inputs give equal digests, the digest reveals nothing."""
    normalised = (value or "").strip().upper()
    key = hashlib.sha256(("index:" + settings.FIELD_ENCRYPTION_KEY).encode()).digest()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.TextField):
    """Plain text in Python, Fernet ciphertext in the database. Not searchable: pair with a digest."""

    sensitive = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else ""
