"""Personal data (身份证号, phone) is stored encrypted; a keyed digest beside it allows exact look-ups
(duplicates) without decrypting. Pages show it masked (apps.core.masking) unless meant for it.

Keys: settings.FIELD_ENCRYPTION_KEYS, the first encrypts and every one decrypts (MultiFernet), so a new key is
put in front of the old one, `manage.py rotate_field_key` re-encrypts every row (and recomputes the digests), then
the old key is dropped. A value no key opens raises FieldKeyError: it never reads as "" (a blank read would be
saved back over the ciphertext by the next full save of the row)."""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class FieldKeyError(ImproperlyConfigured):
    """Encrypted personal data cannot be read with the configured keys."""


@lru_cache(maxsize=8)
def _fernet(key):
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(("fernet:" + key).encode()).digest()))


@lru_cache(maxsize=4)
def _multi(keys):
    if not keys:
        raise FieldKeyError("请设置环境变量 FIELD_ENCRYPTION_KEY（个人信息加密密钥）。")
    return MultiFernet([_fernet(k) for k in keys])


def _keys():
    return tuple(getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or [settings.FIELD_ENCRYPTION_KEY])


def encrypt(value):
    return _multi(_keys()).encrypt(value.encode()).decode()


def decrypt(token):
    try:
        return _multi(_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise FieldKeyError("加密的个人信息无法用当前的 FIELD_ENCRYPTION_KEY 解密：密钥配置错误或已更换。"
                            "请恢复原密钥（轮换时把新密钥放在前面、旧密钥放在后面，用逗号分隔）。") from None


def blind_index(value):
    """HMAC of a normalised value under the first key: equal inputs give equal digests, the digest reveals nothing."""
    normalised = (value or "").strip().upper()
    key = hashlib.sha256(("index:" + _keys()[0]).encode()).digest()
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
