"""Writes of the Europass Mobility (``europass``) and of recommendation letters (``letters``)."""
