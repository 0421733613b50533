"""Library search over units: titles, descriptions and outcomes in every language.

``unit_reindex`` rewrites the search documents of the given units from their latest
versions; services call it inside their transaction. The documents hold normalised text
(lower case, no diacritics); the database's own full-text index is built over them by
migration 0004: FTS5 on SQLite, a weighted ``tsvector`` with a GIN index on PostgreSQL.
``unit_search`` narrows and ranks a queryset of units with that index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.db import connections
from django.db.models import QuerySet

from ecvet.qualifications.models import LearningOutcome, Unit, UnitSearchDocument

# Names created by migration 0004_unit_search_index.
FTS_TABLE = "qualifications_unitsearch_fts"
VECTOR_COLUMN = "search_vector"
TITLE_COLUMN = "search_title"
# How much more a word in the unit's name counts than one in its body (SQLite's bm25).
TITLE_WEIGHT = 10.0
# Enough for any real query; a pasted page of text should not become a 500-term query.
MAX_WORDS = 12
REINDEX_BATCH = 500
# Letters and digits, as both FTS5's unicode61 and PostgreSQL's parser split words; anything
# else (quotes, stars, colons, brackets, operators) separates words and is never syntax.
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """Lower case without diacritics, so "kalnina" finds "Kalniņa" on every database."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _texts(value: dict[str, str] | None) -> list[str]:
    return [text for text in (value or {}).values() if text]


def _words(texts: list[str]) -> str:
    """The texts as normalised words and single spaces: both databases then split them
    the same way ("e-mail", "3.5" or "foo.bar" are one token to PostgreSQL's parser, two to
    FTS5), and the same way as :func:`query_words` splits a query."""
    return " ".join(_WORD.findall(normalise(" ".join(texts))))


def unit_reindex(unit_ids: Iterable[int]) -> None:
    """Rewrite the search documents of these units (any number: done in batches)."""
    ids = list(unit_ids)
    for start in range(0, len(ids), REINDEX_BATCH):
        _reindex_batch(ids[start : start + REINDEX_BATCH])


def _reindex_batch(ids: list[int]) -> None:
    units = list(Unit.objects.filter(pk__in=ids).select_related("latest", "latest__qualification"))
    outcomes: dict[int, list[str]] = {}
    latest_ids = [unit.latest_id for unit in units if unit.latest_id]
    for outcome in (
        LearningOutcome.objects.filter(version__in=latest_ids)
        .order_by("version", "category", "position")
        .only("version_id", "text", "criteria")
    ):
        outcomes.setdefault(outcome.version_id, []).extend(
            _texts(outcome.text) + _texts(outcome.criteria)
        )
    documents = []
    for unit in units:
        version = unit.latest
        if version is None:
            continue
        title = _texts(version.name)
        body = [
            *_texts(version.area_of_work),
            *_texts(version.description),
            *_texts(version.qualification_reference),
            *(_texts(version.qualification.title) if version.qualification else []),
            *outcomes.get(version.pk, []),
        ]
        documents.append(UnitSearchDocument(unit=unit, title=_words(title), body=_words(body)))
    # One upsert for the batch; the index follows (SQLite: triggers; PostgreSQL: the
    # generated column).
    UnitSearchDocument.objects.bulk_create(
        documents, update_conflicts=True, unique_fields=["unit"], update_fields=["title", "body"]
    )


def query_words(query: str) -> list[str]:
    """The words of a query as the indexes see them: normalised letters and digits, each
    once, at most ``MAX_WORDS``."""
    return list(dict.fromkeys(_WORD.findall(normalise(query))))[:MAX_WORDS]


def unit_search(*, units: QuerySet[Unit], query: str) -> QuerySet[Unit]:
    """``units`` narrowed to those matching every word of ``query`` (each as a prefix, in any
    language, diacritics optional), best first, ties by pk. A match in the name always
    ranks above a match in the body only. SQLite ranks with bm25 over name and body;
    PostgreSQL with ts_rank over the name (see :func:`_postgresql_search`).

    Still a lazy queryset in one SQL query, so the caller can count and slice it. A query
    without words returns ``units`` unchanged. The text index must be joined in the FROM
    clause for the database to rank while it matches, which the ORM has no expression for,
    hence ``extra()``; user input only ever reaches the SQL as a parameter.
    """
    words = query_words(query)
    if not words:
        return units
    vendor = connections[units.db].vendor
    if vendor == "sqlite":
        return _sqlite_search(units, words)
    if vendor == "postgresql":
        return _postgresql_search(units, words)
    raise NotImplementedError(f"unit search has no index on {vendor}")


def _sqlite_search(units: QuerySet[Unit], words: list[str]) -> QuerySet[Unit]:
    quote = connections[units.db].ops.quote_name
    fts, unit_table = quote(FTS_TABLE), quote(Unit._meta.db_table)
    # Each word a quoted phrase with a prefix star: keywords such as NEAR or AND, and any
    # punctuation, lose their meaning. Words separated by spaces must all match.
    match = " ".join(f'"{word}"*' for word in words)
    return units.extra(  # noqa: S610 (constant SQL; the query is a parameter)
        # bm25 is lower for a better match; its weights follow the columns (title, body).
        select={"search_rank": f"bm25({fts}, {TITLE_WEIGHT}, 1.0)"},
        tables=[FTS_TABLE],
        where=[f"{fts}.rowid = {unit_table}.id", f"{fts} MATCH %s"],
        params=[match],
    ).order_by("search_rank", "pk")


def _postgresql_search(units: QuerySet[Unit], words: list[str]) -> QuerySet[Unit]:
    quote = connections[units.db].ops.quote_name
    doc_table = UnitSearchDocument._meta.db_table
    doc, unit_table = quote(doc_table), quote(Unit._meta.db_table)
    tsquery = " & ".join(f"'{word}':*" for word in words)
    # Matched with the whole weighted vector (GIN), ranked with the vector of the name
    # alone: ts_rank over the whole vector reads every matching unit's vector, some 5 KB,
    # out of TOAST, which doubled the time of a word found in most units (measured with
    # `make bench`). So a name match ranks first, shorter names (normalisation 1) above
    # longer ones, and units that match in the body only follow by pk.
    return units.extra(  # noqa: S610 (constant SQL; the query is a parameter)
        select={
            "search_rank": f"ts_rank({doc}.{quote(TITLE_COLUMN)}, to_tsquery('simple', %s), 1)"
        },
        select_params=[tsquery],
        tables=[doc_table],
        where=[
            f"{doc}.unit_id = {unit_table}.id",
            f"{doc}.{quote(VECTOR_COLUMN)} @@ to_tsquery('simple', %s)",
        ],
        params=[tsquery],
    ).order_by("-search_rank", "pk")
