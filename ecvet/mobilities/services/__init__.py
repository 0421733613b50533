"""Writes of the mobilities app, one module per part: learners, mobilities, agreements."""
