"""Settings for dxportal, read from the environment.

Development: DJANGO_DEBUG=true (what `make run` sets). Production: DEBUG off, which requires
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS and turns on the HTTPS-only settings below.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from dxportal.env import env_bool, env_int, env_list, env_str
from dxportal.media_storage import default_storage_setting

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-never-use-in-production")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS (comma-separated) in production.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# A refused CSRF check gets the site's own Japanese 403 page (dxportal/errors.py).
CSRF_FAILURE_VIEW = "dxportal.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "dxportal.library_apps.SignInRecordsConfig",  # django-axes
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "dxportal.library_apps.BackgroundTasksConfig",  # django-tasks-db
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "dxportal",
    "headquarters",
    "plan",
    "consultations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public meeting PDFs (frozen, public bytes) are answered here, before sessions and the rest.
    "headquarters.meetings.middleware.PublicDownloadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the body: a body too large is a Japanese 413 page.
    "dxportal.body_limits.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "dxportal.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address lock it for 30 minutes.
# Pages for signed-in staff and officials (the members' packet) send others to the admin sign-in.
LOGIN_URL = "admin:login"
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
# The one answer to "who is the client" (dxportal/lib/client_ip.py), shared with the rate limit.
AXES_CLIENT_IP_CALLABLE = "dxportal.lib.client_ip.client_ip"
# Our load balancers (IPs or CIDRs): only a request from one of them has its X-Forwarded-For read.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", [])
try:
    [ipaddress.ip_network(proxy, strict=False) for proxy in TRUSTED_PROXIES]
except ValueError as error:
    raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {error}") from None
if not DEBUG and env_bool("DJANGO_BEHIND_TLS_PROXY", default=False) and not TRUSTED_PROXIES:
    # Otherwise every client would be the load balancer: one lock-out and one rate limit for all.
    raise ImproperlyConfigured("Behind a proxy, set DJANGO_TRUSTED_PROXIES to its addresses.")
# Staff sign in with a password and a TOTP code (django-otp) in production.
REQUIRE_STAFF_2FA = env_bool("DJANGO_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "青森県DXポータル"
# The admin never shows a saved device's secret key or QR code; `manage.py add_totp_device` sets one up.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

ROOT_URLCONF = "dxportal.urls"
WSGI_APPLICATION = "dxportal.wsgi.application"

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
            ],
            "builtins": ["dxportal.templatetags.japanese", "dxportal.templatetags.prose"],
        },
    },
]

# SQLite by default (make run); PostgreSQL or any other database when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Simultaneous requests queue for the write lock instead of failing with "database is
    # locked": every transaction takes the lock when it begins (a deferred one that reads
    # first cannot wait for it), waits up to 20 s for it, and WAL lets reads go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django 6 makes URL fields assume https://; the portal opts in now.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Japanese only, for every visitor and every staff screen. No LocaleMiddleware: with one language
# it could only choose Japanese, and its `Vary: Accept-Language` would split a CDN's copy of every
# public page by the browser's language list.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
# Japanese for libraries whose own translations lack it (django-axes, django-tasks).
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date input formats with the year first (dxportal/formats/ja/formats.py).
FORMAT_MODULE_PATH = ["dxportal.formats"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise like static files.
WHITENOISE_ROOT = BASE_DIR / "dxportal" / "root_files"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    # Media: this folder, or an S3-compatible bucket when DJANGO_MEDIA_BUCKET is set.
    "default": default_storage_setting(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# A cache every app process shares: Redis when REDIS_URL is set, else a table in the database.
# Rate limits live here, so it must never be process memory. Redis fails soft (a miss, a dropped
# write, a warning; see dxportal/lib/failsoft_cache.py), and the rate limit then counts in the
# "database" cache, whose table `createcachetable` always creates.
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "dxportal_cache",
}
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "dxportal.lib.failsoft_cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer costs a request a second, not a worker timeout.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        },
        "database": DATABASE_CACHE,
    }
else:
    CACHES = {"default": DATABASE_CACHE, "database": DATABASE_CACHE}
# Sessions live in the database only. Every request saves the session anyway (idle expiry), so a
# cache in front saved one read, and a delete Redis missed while away (a sign-out) would have
# brought the session back when it returned.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# How long browsers and a CDN may reuse a public page without asking again (seconds). The app's
# own page cache is renewed by every staff edit (dxportal/pagecache.py); this is the only delay.
PUBLIC_PAGE_MAX_AGE = env_int("DJANGO_PUBLIC_PAGE_MAX_AGE", 60)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Strict policy from the first page: no inline script or style anywhere on the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# HTTPS-only settings. They are off in development, where runserver speaks plain HTTP.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preload commits the whole domain to HTTPS; operators opt out with DJANGO_HSTS_PRELOAD=false.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and Path=/.
SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after two idle hours: every request renews the expiry.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 60 * 60 * 2)
SESSION_SAVE_EVERY_REQUEST = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "dx-portal@example.jp")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "dxportal.lib.jsonlog.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("DJANGO_LOG_FORMAT", "plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Roster import needs the right to change rows; export needs only the right to view them.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Formulae are escaped by our own formats (dxportal/lib/spreadsheets.py): the library's own escape
# turns every XLSX cell into text and handles only "=".
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# Where links in e-mails point (the public address of the portal, without a trailing slash).
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Consultation form: at most this many submissions per client per window (seconds).
CONSULTATION_RATE_LIMIT = env_int("CONSULTATION_RATE_LIMIT", 10)
CONSULTATION_RATE_WINDOW = env_int("CONSULTATION_RATE_WINDOW", 600)
# Personal data of consultations is anonymised this many days after submission.
CONSULTATION_RETENTION_DAYS = env_int("CONSULTATION_RETENTION_DAYS", 365 * 3)
# Business days concierges have for a first response while the desk promises none publicly.
CONSULTATION_FIRST_RESPONSE_DAYS = env_int("CONSULTATION_FIRST_RESPONSE_DAYS", 3)
# Names and e-mails of public comments are removed this many days after their period closed.
COMMENT_RETENTION_DAYS = env_int("COMMENT_RETENTION_DAYS", 365)
# Uploaded meeting materials (PDF) may be at most this large.
MATERIAL_MAX_BYTES = env_int("MATERIAL_MAX_BYTES", 20 * 1024 * 1024)
# ... and have at most this many pages: every page is reserved in the packet and drawn again.
MATERIAL_MAX_PAGES = env_int("DJANGO_MATERIAL_MAX_PAGES", 300)
# Request bodies; past these, a Japanese 413 page (dxportal/body_limits.py). Public pages take
# text only: their whole body, file parts included, at most this much.
PUBLIC_REQUEST_MAX_BYTES = env_int("DJANGO_PUBLIC_REQUEST_MAX_BYTES", 256 * 1024)
# The admin's form fields, uploaded files not counted (MATERIAL_MAX_BYTES bounds those). Larger
# than the public limit: url-encoded Japanese takes 9 bytes a character, and a plan's admin page
# posts every section at once.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_DATA_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)

# Background work (mail, PDF rendering). Production runs `manage.py db_worker` beside the app
# servers; development and tests run each task at once, in the request that enqueued it.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "DJANGO_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        ),
        # Meeting PDFs render on their own queue, so mail never waits behind them.
        "QUEUES": ["default", "pdf"],
    }
}

# A meeting PDF renders in a child process that is stopped past these limits.
PDF_RENDER_SECONDS = env_int("DJANGO_PDF_RENDER_SECONDS", 600)
PDF_RENDER_MEMORY_MB = env_int("DJANGO_PDF_RENDER_MEMORY_MB", 2048)
