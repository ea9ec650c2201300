"""Settings of a minimal Django project around django-helpdesk, the peer of bench/intake.py.

Set up as django-helpdesk's installation docs say (docs/install.rst): its INSTALLED_APPS,
HELPDESK_TEAMS_MODE_ENABLED, SITE_ID, LOGIN_URL, and its URLs included (urls.py). Production-like:
DEBUG off, PostgreSQL. intake.py runs it under gunicorn with this folder's own virtualenv and
passes the database in HELPDESK_DB_* variables; nothing here is used by the portal.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

# A benchmark on the loopback interface: no secret worth keeping.
SECRET_KEY = os.environ.get("HELPDESK_SECRET_KEY", "bench-only-helpdesk-" + "x" * 40)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# The docs' list, plus messages and staticfiles (the admin and the templates need them). The docs
# also name "bootstrap4form": 2.6.1 no longer depends on it (its templates use its own
# bootstrap5_form tags), so it is left out.
INSTALLED_APPS = [
    "django.contrib.admin",  # required for helpdesk admin/maintenance
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",  # required for the domain in e-mails
    "django.contrib.humanize",  # required for elapsed time formatting
    "rest_framework",  # required for the API
    "django_cleanup.apps.CleanupConfig",  # deletes attachment files with their rows
    "helpdesk",
]

# Teams need pinax-teams, an optional extra of django-helpdesk; the docs show how to turn them off.
HELPDESK_TEAMS_MODE_ENABLED = False
# The public pages (the submit form and the ticket view), as they are by default; said here.
HELPDESK_SUBMIT_A_TICKET_PUBLIC = True
HELPDESK_VIEW_A_TICKET_PUBLIC = True

SITE_ID = 1
LOGIN_URL = "helpdesk:login"
LOGIN_REDIRECT_URL = "helpdesk:home"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "urls"
WSGI_APPLICATION = "wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Its own database on the portal's PostgreSQL server. Persistent connections with health checks,
# as the portal's settings have them, so neither side opens a connection per request.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("HELPDESK_DB_NAME", "bench_helpdesk"),
        "USER": os.environ.get("HELPDESK_DB_USER", "postgres"),
        "PASSWORD": os.environ.get("HELPDESK_DB_PASSWORD", ""),
        "HOST": os.environ.get("HELPDESK_DB_HOST", "127.0.0.1"),
        "PORT": os.environ.get("HELPDESK_DB_PORT", "5432"),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Mail is written to standard output, which intake.py discards: the portal's server does the same.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@example.com"
SERVER_EMAIL = "helpdesk@example.com"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# The docs serve static files with `collectstatic` and the web server. The benchmark fetches only
# HTML, so neither is done: the pages link to /static/ files that are not served.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "static"
# Attachments would go here; the benchmark uploads none.
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
