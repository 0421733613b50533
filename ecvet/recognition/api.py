"""The validation and recognition API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["validation and recognition"])
