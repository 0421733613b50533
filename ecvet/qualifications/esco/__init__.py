"""ESCO reference data: import (official CSV and URI + text files) and skill suggestions."""
