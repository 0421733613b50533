from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    # Scans and issued copies are files: each test writes its own, in its own folder.
    settings.MEDIA_ROOT = tmp_path / "media"
