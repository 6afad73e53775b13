"""What the analytics app plugs in: the impact API."""

from bina.core.registry import register_api


def register() -> None:
    register_api("/", "bina.analytics.api:router", 54)
