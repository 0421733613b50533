"""Secrets handed to people (invitation links, API tokens): made here, stored only hashed."""

from __future__ import annotations

import hashlib
import secrets


def new_secret(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
