"""Benchmarks (`make bench`): production-like (DEBUG off), own database per run, tasks in-process."""

from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "bench-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# Static files come straight from the apps (no collectstatic outside production).
STATIC_ROOT: Path | None = None  # type: ignore[no-redef]
WHITENOISE_USE_FINDERS = True

# Demo data (published passwords) is for these settings only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "bina.demo"]  # noqa: F405
DEMO_DATA_ALLOWED = True
