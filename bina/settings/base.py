"""Settings shared by every environment, read from environment variables.

Only safe defaults live here; `prod.py` refuses to start when a production
setting is missing, so a misconfigured server fails at boot, not at the first request.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    """Read a string from the environment (or from the file named by NAME_FILE)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required in this environment.")
        return default or ""
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be a boolean (1/0, true/false), got {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"Environment variable {name} must be an integer, got {value!r}.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def database_config(url: str) -> dict[str, Any]:
    """SQLite gets WAL and a busy timeout so a worker and the web process can share it."""
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # `optimize=0x10002` (as SQLite's docs advise when a connection opens) refreshes the planner's
        # statistics when a table has grown a lot; without them SQLite walks a 1M-row index to serve one
        # participant's certificates (1.3 s instead of 2 ms at 1,000,000 enrolments). ~2 ms per connection.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA analysis_limit=400; PRAGMA optimize=0x10002;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASES = {"default": database_config(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'bina.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "bina.core",
    "bina.charts",
    "bina.reports",
    "bina.jobs",
    "bina.imports",
    "bina.accounts",
    "bina.people",
    "bina.competencies",
    "bina.partners",
    "bina.training",
    "bina.certificates",
    "bina.simulations",
    "bina.evaluation",
    "bina.assessments",
    "bina.surveys",
    "bina.quality",
    "bina.skm",
    "bina.complaints",
    "bina.analytics",
    "bina.participation",
    "bina.portal",
    "bina.notifications",
    "bina.shell",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their own cache headers; everything computed gets no-store + CSP.
    "bina.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the locale (its refusal is in the reader's language), before any view reads request.GET.
    "bina.core.middleware.QueryTextMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bina.accounts.middleware.ActorMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The demo app (`load_demo`, `generate_demo`) creates accounts with the published demo password: only the
# dev, test and bench settings install it and allow it; production has neither (see load_demo).
DEMO_DATA_ALLOWED = False

# Content-Security-Policy (bina.core.middleware): only the app's own files; no inline script, style attribute
# or on* handler runs (templates use static/bina/bina.js and CSS files). `data:` images for the API docs' icons.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

ROOT_URLCONF = "bina.urls"
WSGI_APPLICATION = "bina.wsgi.application"
ASGI_APPLICATION = "bina.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bina" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bina.core.context_processors.actor",
                "bina.core.notices.notices",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes must come first so locked-out credentials never reach the real backend.
    "axes.backends.AxesStandaloneBackend",
    "bina.accounts.backends.NipOrUsernameBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "shell:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions expire after a working day of inactivity and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: lock a username (from any address) after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address in the lockout key. Not here: a Pemda office reaches Bina through one
# NAT address, so an address lockout would shut out a whole office after a few typos, and adding the
# address to the username key would give a guesser a fresh budget per address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# Locking by username lets anyone lock an account with AXES_FAILURE_LIMIT requests (docs/security.md,
# "Lockout"). The lock therefore always ends AXES_COOLOFF_MINUTES after the failure that set it: attempts
# during the lock neither count nor extend it, the Retry-After we send stays true, and admins can lift it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "bina.accounts.backends.axes_username"
AXES_LOCKOUT_CALLABLE = "bina.accounts.views.lockout_response"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as people write them (`12 Des 2026`, `Sel, 8 Des 2026 08.00`): bina/core/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["bina.core.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# Import limits (docs/imports.md, "Limits"), enforced by bina.imports.service. A larger upload is
# refused (413) before it is stored or read; the synchronous API takes at most SYNC_MAX_ROWS data rows
# (more: 413, use the background job, POST /api/v1/imports/<kind>/jobs); a report in a response or on
# the page lists the first MAX_ERRORS_SHOWN errors with the total, the full report is downloadable.
# How long after completing a class its admin may still reopen it (withdrawing JP credits and certificates).
BINA_COMPLETION_REOPEN_DAYS = env_int("BINA_COMPLETION_REOPEN_DAYS", 14)
BINA_IMPORT_MAX_BYTES = env_int("BINA_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
BINA_IMPORT_SYNC_MAX_ROWS = env_int("BINA_IMPORT_SYNC_MAX_ROWS", 5000)
BINA_IMPORT_MAX_ERRORS_SHOWN = env_int("BINA_IMPORT_MAX_ERRORS_SHOWN", 100)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Background jobs (bina.jobs): a running job whose heartbeat is older than this is reclaimed, retried
# until it has had JOBS_MAX_ATTEMPTS attempts, then failed; workers beat every JOBS_HEARTBEAT_SECONDS.
JOBS_STALE_AFTER_MINUTES = env_int("JOBS_STALE_AFTER_MINUTES", 10)
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 3)
JOBS_HEARTBEAT_SECONDS = float(env_str("JOBS_HEARTBEAT_SECONDS", "5"))

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))


def _served_url() -> str:
    """Where `make demo`/`make serve` listen (HOST, PORT): the default SITE_URL, so `PORT=8080 make demo`
    mails and prints links to port 8080. Listening on every interface links to this machine."""
    host = env_str("HOST", "127.0.0.1")
    if host in ("0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    return f"http://{host}:{env_str('PORT', '8000')}"


# Absolute address of the site, for links in emails and certificate QR codes (no request there).
SITE_URL = env_str("SITE_URL", _served_url())
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Bina <noreply@bina.localhost>")

NINJA_PAGINATION_PER_PAGE = 50

# Proxies (load balancers) in front of the app that append to X-Forwarded-For; 0 = trust none and
# record REMOTE_ADDR. The audit log's addresses depend on this being right.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# SKM collection limits (docs/skm.md "Abuse limits"). A response from an address that already sent
# SKM_SOFT_PER_HOUR in the last hour is kept but set aside (not counted) for review; past
# SKM_HARD_PER_HOUR the form refuses for that hour. A second identical answer set from one address for
# the same unit and service within SKM_DUPLICATE_MINUTES is kept but not counted. Ticket links are
# limited by their ticket only (one response each).
SKM_SOFT_PER_HOUR = env_int("SKM_SOFT_PER_HOUR", 60)
SKM_HARD_PER_HOUR = env_int("SKM_HARD_PER_HOUR", 600)
SKM_DUPLICATE_MINUTES = env_int("SKM_DUPLICATE_MINUTES", 30)
SKM_TICKET_MAX_AGE_DAYS = env_int("SKM_TICKET_MAX_AGE_DAYS", 14)
# The public form's configuration (the open unit, the current questionnaire and its questions, the active
# services) is kept this many seconds per process: four queries fewer per citizen's answer at a rush. A
# unit closed or a service stopped is refused at most this much later; 0 reads it every time.
SKM_PUBLIC_CACHE_SECONDS = env_int("SKM_PUBLIC_CACHE_SECONDS", 30)

# Impact estimates (bina.analytics.estimators, docs/impact.md). The headline is shown only when at least
# IMPACT_MIN_TREATED units (officers or kelurahan) are treated and IMPACT_MIN_CONTROL never treated, and the
# joint pre-trend test does not reject at IMPACT_PRETREND_ALPHA_PERMILLE / 1000. These are conventions, not
# rules of any regulation: a Pemda's analyst may set them.
IMPACT_MIN_TREATED = env_int("IMPACT_MIN_TREATED", 5)
IMPACT_MIN_CONTROL = env_int("IMPACT_MIN_CONTROL", 5)
IMPACT_PRETREND_ALPHA_PERMILLE = env_int("IMPACT_PRETREND_ALPHA_PERMILLE", 50)
# Means of waiting/processing/total minutes leave out durations of this many minutes or more (a working day):
# a request picked up another day or a document issued later is not counter time (bina.analytics.panels).
IMPACT_SAME_DAY_MINUTES = env_int("IMPACT_SAME_DAY_MINUTES", 480)
