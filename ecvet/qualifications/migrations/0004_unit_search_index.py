"""The database's own full-text index over ``UnitSearchDocument`` (see ``search.py``).

SQLite: an external-content FTS5 table whose rowid is the unit's id, kept in sync by
triggers on the document table. PostgreSQL: stored generated ``tsvector`` columns, one of
title and body (weighted A and B) with a GIN index to match, and a small one of the title
alone to rank by (see ``search._postgresql_search`` for why).

None of this is in the model state: Django never reads or writes it, only ``search.py`` does.
Beware on SQLite: a later migration that alters the document table rebuilds it (copy, drop,
rename) and that drops the triggers; such a migration must run this one's SQL again. The
search tests fail if that is forgotten.
"""

# The SQL below is built from the two constant table names only.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db import migrations

DOC = "qualifications_unitsearchdocument"
FTS = "qualifications_unitsearch_fts"

SQLITE_FORWARD = [
    # prefix='2 3' keeps the short prefixes people type ("ca", "car") from scanning every term.
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        title, body,
        content='{DOC}', content_rowid='unit_id',
        tokenize='unicode61 remove_diacritics 2',
        prefix='2 3'
    )""",
    f"""CREATE TRIGGER {FTS}_insert AFTER INSERT ON {DOC} BEGIN
        INSERT INTO {FTS}(rowid, title, body) VALUES (new.unit_id, new.title, new.body);
    END""",
    f"""CREATE TRIGGER {FTS}_delete AFTER DELETE ON {DOC} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, body)
        VALUES ('delete', old.unit_id, old.title, old.body);
    END""",
    f"""CREATE TRIGGER {FTS}_update AFTER UPDATE ON {DOC} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, body)
        VALUES ('delete', old.unit_id, old.title, old.body);
        INSERT INTO {FTS}(rowid, title, body) VALUES (new.unit_id, new.title, new.body);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]

POSTGRESQL_FORWARD = [
    f"""ALTER TABLE {DOC} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, body), 'B')
    ) STORED""",
    f"""ALTER TABLE {DOC} ADD COLUMN search_title tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, title)
    ) STORED""",
    # No statistics: with them, the planner finds a sequential scan cheaper than the index
    # for a common word, not knowing that the scan must read every large vector out of
    # TOAST (ten times slower). Without them it assumes a selective match and uses the index.
    f"ALTER TABLE {DOC} ALTER COLUMN search_vector SET STATISTICS 0",
    f"ALTER TABLE {DOC} ALTER COLUMN search_title SET STATISTICS 0",
    f"CREATE INDEX {DOC}_search_gin ON {DOC} USING gin (search_vector)",
]
POSTGRESQL_REVERSE = [
    f"DROP INDEX IF EXISTS {DOC}_search_gin",
    f"ALTER TABLE {DOC} DROP COLUMN IF EXISTS search_title",
    f"ALTER TABLE {DOC} DROP COLUMN IF EXISTS search_vector",
]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def forward(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})


def reverse(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


class Migration(migrations.Migration):
    dependencies = [
        ("qualifications", "0003_unit_library"),
    ]

    operations = [
        migrations.RunPython(forward, reverse),
    ]
