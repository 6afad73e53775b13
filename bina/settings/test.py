"""Test settings: the same stack, a fast password hasher and tasks run in-process."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, env_str

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# In-process, except for a worker process a test starts (bina/jobs/tests): it reads the database queue.
TASKS = {"default": {"BACKEND": env_str("TEST_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come straight from the apps (no collectstatic outside production).
STATIC_ROOT: Path | None = None  # type: ignore[no-redef]
WHITENOISE_USE_FINDERS = True

# The live server of browser tests answers from several threads; an in-memory SQLite database
# shared between threads fails with "table is locked", so tests use a file (WAL) instead.
# TEST_DB_SUFFIX lets several test runs share one checkout without sharing a database.
_suffix = env_str("TEST_DB_SUFFIX", "")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test{_suffix}.sqlite3")}  # noqa: F405
elif _suffix:
    DATABASES["default"]["TEST"] = {"NAME": f"test_bina{_suffix}"}  # noqa: F405

# Jobs run in-process inside a test's transaction: a heartbeat from its own connection would wait for
# that transaction's lock on SQLite. Worker processes a test starts set their own (bina/people/tests).
JOBS_HEARTBEAT_SECONDS = float(env_str("JOBS_HEARTBEAT_SECONDS", "60"))
# Demo data (published passwords) is for these settings only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "bina.demo"]  # noqa: F405
DEMO_DATA_ALLOWED = True

# Tests reuse slugs and (after a rollback) primary keys: the public form's per-process cache would hand one
# test another's unit. Its own test turns it on (bina/skm/tests/test_public_cache.py).
SKM_PUBLIC_CACHE_SECONDS = 0
