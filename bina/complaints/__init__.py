"""Placeholder: filled by issue 10 (see docs/architecture.md)."""
