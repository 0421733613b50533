"""Units in and out: a versioned JSON format for whole units and a CSV of one version's outcomes.

``schema.py`` is the format, ``export.py`` writes it, ``importing.py`` reads and checks it
before anything is written through the unit and outcome services.
"""
