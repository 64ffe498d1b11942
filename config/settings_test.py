"""Test settings: the development defaults plus speed-ups. The environment still decides the
database and broker, so ``DATABASE_URL``/``CELERY_BROKER_URL`` run the same suite on PostgreSQL/Redis."""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: E402,F403
from config.settings import BASE_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-private"
# Tests enqueue in-process unless a test starts a real worker itself.
CELERY_TASK_ALWAYS_EAGER = True
AXES_FAILURE_LIMIT = 3
# The suite signs in with force_login; tests of two-factor login switch it on (tests/accounts).
REQUIRE_2FA = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = BASE_DIR / "var" / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder otherwise
