"""Demo tests build whole Pemda with a short outcome history (`small_demo` in the root conftest)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _small_demo(small_demo: None) -> None:
    pass
