from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import start_upstream


@pytest.fixture(scope="module")
def upstream():
    service = start_upstream()
    yield service
    service.stop()
