import os

from django.core.exceptions import ImproperlyConfigured


def require_secret_key():
    """Serving requests or running jobs without a real secret key is refused, in plain words.

    Reads the settings module itself: Django's own check fires later and only in English.
    """
    from importlib import import_module

    module = import_module(os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"))
    if not getattr(module, "SECRET_KEY", ""):
        raise ImproperlyConfigured("请设置环境变量 DJANGO_SECRET_KEY（生产环境必须）。")


def require_field_key():
    """Outside demo/debug mode the personal-data key must be set and differ from the secret key: a leaked secret
    key is rotated, and with it the field key would turn every 身份证号 and phone unreadable."""
    from importlib import import_module

    module = import_module(os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"))
    if getattr(module, "DEBUG", False) or getattr(module, "DEMO_MODE", False):
        return
    keys = getattr(module, "FIELD_ENCRYPTION_KEYS", [])
    if not keys:
        raise ImproperlyConfigured("请设置环境变量 FIELD_ENCRYPTION_KEY（个人信息加密密钥，生产环境必须，"
                                   "且不能与 DJANGO_SECRET_KEY 相同）。")
    if module.SECRET_KEY in keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY 不能与 DJANGO_SECRET_KEY 相同：请为个人信息单独设置密钥。")


def verify_field_key():
    """Decrypt the known row (writing it on the first start); a key that cannot open it stops the start.

    A database that cannot be reached is not a key problem: the pages answer 系统维护中 until it is back."""
    import logging

    from django.db import DatabaseError, connection

    from apps.core.fields import FieldKeyError
    from apps.core.models import FieldKeyCanary

    try:
        if FieldKeyCanary._meta.db_table not in connection.introspection.table_names():
            return  # not migrated yet
        canary = FieldKeyCanary.objects.order_by("pk").first()
        if canary is None:
            FieldKeyCanary.objects.create(value=FieldKeyCanary.KNOWN)
            return
    except FieldKeyError as exc:
        raise ImproperlyConfigured(f"平台拒绝启动：{exc}") from None
    except DatabaseError as exc:
        logging.getLogger("portal.checks").warning("启动时无法连接数据库，未能校验 FIELD_ENCRYPTION_KEY：%s", exc)
        return
    finally:
        if not connection.in_atomic_block:
            connection.close()  # a process that forks workers next must not hand them this connection
    if canary.value != FieldKeyCanary.KNOWN:
        raise ImproperlyConfigured("平台拒绝启动：加密校验行解密后的内容不符，FIELD_ENCRYPTION_KEY 配置错误。")
