"""Local development and `make demo`: works with no environment variables set."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

# Static files come straight from the apps (no collectstatic outside production).
STATIC_ROOT: Path | None = None  # type: ignore[no-redef]
WHITENOISE_USE_FINDERS = True

# Demo data (published passwords) is for these settings only, never production.
INSTALLED_APPS = [*INSTALLED_APPS, "bina.demo"]  # noqa: F405
DEMO_DATA_ALLOWED = True
