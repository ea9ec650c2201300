"""Settings for the test suite: the production settings, with a throwaway key and plain HTTP."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client and the live server speak plain HTTP.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
# Browser and admin tests sign in with a password only; the TOTP login has its own test.
os.environ.setdefault("DJANGO_REQUIRE_2FA", "false")
# Tasks run at once, inside the request, so tests see their effects without a worker.
os.environ.setdefault("DJANGO_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

from dxportal.settings import *  # noqa: F403

# Uploads and rendered PDFs go to a scratch folder, never into the work tree.
# DJANGO_TEST_MEDIA_ROOT lets several processes of one run (the benchmarks' app servers) share it.
MEDIA_ROOT = Path(
    os.environ.get("DJANGO_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="dxportal-media-")
)

# Hashing passwords slowly only slows the suite down.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No collectstatic before tests: serve files straight from the apps and static/ through WhiteNoise.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
