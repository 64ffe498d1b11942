"""Settings, read from the environment (see README.md, "Configuration").

Every variable has an embedded default that needs no external server: SQLite in the project
folder, Celery tasks run in-process, e-mail to the console. Production sets them explicitly.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE as CSP_NONCE
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEVELOPMENT_SECRET_KEY = "django-insecure-jeugdcasus-development-key-never-use-in-production"  # noqa: S105

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key while DEBUG is off. Set SECRET_KEY (50+ random characters) "
        "or DEBUG=1 for development."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
# E-mail links point at the development server's port unless SITE_URL says otherwise (``PORT=8101 make run``).
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "cases",
    "expertteams",
    "subsidies",
    "learning",
    "reports",
    "privacy",
]

MIDDLEWARE = [
    # Oversized bodies are refused (413) from their Content-Length, before anything reads them.
    "core.middleware.RequestBodyLimitMiddleware",
    # X-Forwarded-* count only from TRUSTED_PROXIES (core.clientip); from anyone else they are removed.
    "core.middleware.ForwardedHeadersMiddleware",
    # Probes by address over plain HTTP: answered before host validation and the HTTPS redirect.
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.logging.RequestLogMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.IdleSessionMiddleware",
    "core.middleware.LoginRequiredByDefaultMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "core.middleware.NoStoreMiddleware",
    "core.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

# A strict Content-Security-Policy on every response: only our own files, scripts and styles carry the
# per-request nonce (base.html), no inline code, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF, CSP_NONCE],
        "style-src": [CSP_SELF, CSP_NONCE],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}

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
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Persistent connections (opening one costs 6-12 ms of a 50 ms page), checked before reuse.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and the in-process job runner share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
# Behind PgBouncer in transaction mode a server-side cursor cannot outlive its transaction (PGBOUNCER=1).
if env.bool("PGBOUNCER", default=False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A read replica for read-only report queries (``config.routers``); writes never go there.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "ATOMIC_REQUESTS": False,
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "DISABLE_SERVER_SIDE_CURSORS": DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS", False),
        # The test suite reads the primary through the replica alias instead of a second test database.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
# Sessions in the database and the cache in memory by default, Redis with CACHE_URL=redis://...:
# nothing on the local disk, so any web container can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # Cool-down per address and slow-down per username before any password is checked (core/throttle.py).
    "core.throttle.LoginThrottleBackend",
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_MIN_LENGTH = 12  # the validator below, and what the invitation page asks for
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Dutch common passwords (core/data/common-passwords-nl.txt), also with digits around them.
    {"NAME": "core.passwords.DutchCommonPasswordValidator"},
]
# Two-factor login (``accounts``): with REQUIRE_2FA on, a session signed in with a password only reaches
# nothing but the 2FA set-up and verify pages. Off by default with DEBUG on, so ``make run``'s demo needs no app.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "Jeugdcasus"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 30 minutes without a request. ``core.middleware.IdleSessionMiddleware`` renews
# the expiry at most once a minute, instead of writing the session on every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_RENEW_INTERVAL = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login throttling: lock out a username from one IP address after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address behind the proxy: X-Forwarded-For is read only from TRUSTED_PROXIES (addresses
# or networks, comma-separated; default none). The same address goes into the access log.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
# On top of the lockout per username and address (core/throttle.py, docs/security.md): a cool-down
# for an address that fails for many usernames, a slow-down for a username failing from many addresses.
LOGIN_THROTTLE_WINDOW = env.int("LOGIN_THROTTLE_WINDOW", default=15 * 60)
LOGIN_FAILURES_PER_IP = env.int("LOGIN_FAILURES_PER_IP", default=20)
LOGIN_FAILURES_PER_USERNAME = env.int("LOGIN_FAILURES_PER_USERNAME", default=10)
LOGIN_SLOWDOWN_SECONDS = env.int("LOGIN_SLOWDOWN_SECONDS", default=30)
PASSWORD_RESETS_PER_IP = env.int("PASSWORD_RESETS_PER_IP", default=5)
PASSWORD_RESETS_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_ADDRESS", default=3)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
# Uploads and generated files are private: stored outside any served path, handed out only by
# permission-checked views. There is deliberately no MEDIA_URL route.
MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
MEDIA_URL = "/private-not-served/"
# The private files: the folder above, or an S3-compatible bucket when STORAGE_BUCKET is set (config/storage.py).
from config.storage import private_storage  # noqa: E402

STORAGES = {
    "default": private_storage(env),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Request bodies: at most MAX_REQUEST_BODY bytes in all (an upload of 20 MB plus the form), refused
# before reading (``core.middleware.RequestBodyLimitMiddleware``; the proxy's client_max_body_size
# says the same, docs/security.md). Form fields without files: at most 5 MB; uploads above 2 MB go
# to a temporary file instead of memory.
MAX_REQUEST_BODY = env.int("MAX_REQUEST_BODY", default=21 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Jeugdcasus <noreply@jeugdcasus.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without a broker every task runs in-process, right away.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "subsidies.tasks.send_*": {"queue": "reminders"},
    "expertteams.tasks.send_*": {"queue": "reminders"},
    "reports.tasks.*": {"queue": "reports"},
    "learning.tasks.*": {"queue": "reports"},
    "privacy.tasks.build_*": {"queue": "reports"},
}
# Retries, backoff and acknowledgement: ``config.celery.JeugdcasusTask``. Time limits for every task;
# a generated-file job still RUNNING after the hard limit is taken up again by ``recover_stuck_jobs``.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("TASK_TIME_LIMIT", default=360)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
# Every entry has an interval: the jobs decide from the database what is due, so running them
# often (or twice) is harmless. ``manage.py run_periodic_jobs`` runs this schedule without a broker.
CELERY_BEAT_SCHEDULE = {
    "grant-reminders": {"task": "subsidies.tasks.send_due_reminders", "schedule": timedelta(minutes=5)},
    "report-expiry": {"task": "reports.tasks.remove_expired_reports", "schedule": timedelta(hours=1)},
    "calendar-warning": {"task": "core.tasks.warn_missing_decree_days", "schedule": timedelta(hours=24)},
    "stuck-jobs": {"task": "core.tasks.recover_stuck_jobs", "schedule": timedelta(minutes=5)},
    "retention-review": {"task": "privacy.tasks.review_retention", "schedule": timedelta(hours=24)},
    "case-reminders": {"task": "expertteams.tasks.send_due_reminders", "schedule": timedelta(minutes=15)},
    "case-file-expiry": {
        "task": "expertteams.tasks.remove_expired_case_files",
        "schedule": timedelta(hours=1),
    },
}
# The aftercare moments planned when a case closes, in months after the closing date (comma-separated).
FOLLOW_UP_MONTHS = tuple(env.list("FOLLOW_UP_MONTHS", cast=int, default=[3, 6, 12]))

RETENTION_YEARS = env.int("RETENTION_YEARS", default=20)
REPORT_RETENTION_DAYS = env.int("REPORT_RETENTION_DAYS", default=30)
# Days a printed case file (the whole file as a PDF) stays downloadable before its file is deleted.
CASE_FILE_RETENTION_DAYS = env.int("CASE_FILE_RETENTION_DAYS", default=7)
# Regional reports: the maximum length of a crisis placement (verblijfsduur, days) and the goal to reduce
# crisis care against the same period a year earlier (percent; seed 003: 25 %). See docs/reports.md.
CRISIS_MAX_STAY_DAYS = env.int("CRISIS_MAX_STAY_DAYS", default=28)
CRISIS_REDUCTION_GOAL = env.int("CRISIS_REDUCTION_GOAL", default=25)

# The sender of the grant decision letters (beschikkingen, subsidies/letters.py): the schemes' administrator,
# its address (lines separated by commas), logo (a file under static/), the contact person, and where an
# objection (bezwaar, Awb 6:7 and 3:45) goes: to the administrator's address unless GRANT_OBJECTION_ADDRESS says.
GRANT_ADMINISTRATOR_NAME = env.str("GRANT_ADMINISTRATOR_NAME", default="Expertisenetwerk Flevoland–Utrecht")
GRANT_ADMINISTRATOR_ADDRESS = env.list(
    "GRANT_ADMINISTRATOR_ADDRESS", default=["Postbus 16200", "3500 CE Utrecht"]
)
GRANT_ADMINISTRATOR_LOGO = env.str("GRANT_ADMINISTRATOR_LOGO", default="img/logo.svg")
GRANT_CONTACT_NAME = env.str("GRANT_CONTACT_NAME", default="Secretariaat beoordelingscommissie")
GRANT_CONTACT_EMAIL = env.str("GRANT_CONTACT_EMAIL", default="jeugd@utrecht.nl")
GRANT_CONTACT_PHONE = env.str("GRANT_CONTACT_PHONE", default="14 030")
GRANT_OBJECTION_ADDRESS = env.list("GRANT_OBJECTION_ADDRESS", default=[])
# Granted amounts are paid within this many weeks of the decision.
GRANT_PAYMENT_WEEKS = env.int("GRANT_PAYMENT_WEEKS", default=4)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs: one JSON object per line in production (``LOG_FORMAT=json``, the default with DEBUG off),
# readable lines in development (``LOG_FORMAT=plain``). See ``core/logging.py``.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("LOG_FORMAT", default="plain" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Celery's own "Task … succeeded: <return value>" line; ``jeugdcasus.task`` replaces it.
        "celery.app.trace": {"level": "WARNING"},
    },
}
