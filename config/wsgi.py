import os

from django.core.wsgi import get_wsgi_application

from config.checks import require_field_key, require_secret_key, verify_field_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
require_secret_key()
require_field_key()
application = get_wsgi_application()
verify_field_key()
