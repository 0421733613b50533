"""The Europass Mobility API."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Europass Mobility"])
