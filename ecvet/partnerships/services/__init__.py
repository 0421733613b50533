"""Writes of the partnership app, one module per part of the workspace."""
