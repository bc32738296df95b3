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
