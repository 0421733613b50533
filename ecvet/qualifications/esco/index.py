"""Ranked ESCO skill suggestions for a learning outcome, with the words that matched.

An in-memory BM25 index over the skills' labels (weighted higher) and definitions. It is
built once per process from the database (about a second for the 13,939 skills) and
rebuilt when an import changes the data; a query then scores only the postings of its own
words, well under a tenth of a second.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max

from ecvet.qualifications.models import EscoConcept, EscoKind

STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "has"),
        *("have", "he", "her", "his", "i", "in", "into", "is", "it", "its", "of", "on"),
        *("or", "she", "so", "such", "that", "the", "their", "them", "they", "this", "to"),
        *("was", "were", "will", "with", "within", "able", "according", "accordance"),
        *("different", "kind", "kinds", "various", "other", "use", "using", "used", "etc"),
    }
)
LABEL_WEIGHT = 3.0
K1 = 1.2
B = 0.75
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def stem(word: str) -> str:
    """A light English stemmer: enough to meet "tools" with "tool" and "joints" with "joint"."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def terms(text: str) -> list[str]:
    words = []
    for word in _WORD.findall(text.lower()):
        for part in word.split("-"):
            if part not in STOP_WORDS and len(part) > 1:
                words.append(stem(part))
    return words


def query_terms(text: str) -> dict[str, str]:
    """The query's stems mapped to a word the reader typed. Neighbouring words are also
    tried joined ("wood work" meets "woodwork" and "woodworking")."""
    found: dict[str, str] = {}
    words = [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]
    for word in words:
        found.setdefault(stem(word), word)
    for left, right in itertools.pairwise(words):
        found.setdefault(stem(left + right), f"{left} {right}")
    return found


@dataclass(frozen=True)
class Suggestion:
    uri: str
    label: str
    score: float
    matched: tuple[str, ...]
    definition: str


class SkillIndex:
    def __init__(self, rows: list[tuple[str, str, str, str]]) -> None:
        self.docs = [(uri, label, definition) for uri, label, _labels, definition in rows]
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        lengths = []
        for doc, (_uri, _label, labels, definition) in enumerate(rows):
            weighted: dict[str, float] = defaultdict(float)
            for term in terms(labels):
                weighted[term] += LABEL_WEIGHT
            for term in terms(definition):
                weighted[term] += 1.0
            lengths.append(sum(weighted.values()))
            for term, frequency in weighted.items():
                postings[term][doc] = frequency
        self.postings = dict(postings)
        self.lengths = lengths
        self.average = (sum(lengths) / len(lengths)) if lengths else 1.0
        total = len(rows)
        self.idf = {
            term: math.log(1 + (total - len(docs) + 0.5) / (len(docs) + 0.5))
            for term, docs in self.postings.items()
        }

    def search(self, text: str, limit: int = 10) -> list[Suggestion]:
        wanted = {t: w for t, w in query_terms(text).items() if t in self.postings}
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, list[str]] = defaultdict(list)
        for term, word in wanted.items():
            idf = self.idf[term]
            for doc, frequency in self.postings[term].items():
                norm = K1 * (1 - B + B * self.lengths[doc] / self.average)
                scores[doc] += idf * frequency * (K1 + 1) / (frequency + norm)
                matched[doc].append(word)
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [
            Suggestion(
                uri=self.docs[doc][0],
                label=self.docs[doc][1],
                score=round(score, 3),
                matched=tuple(matched[doc]),
                definition=self.docs[doc][2],
            )
            for doc, score in best
        ]


_lock = threading.Lock()
_cache: dict[str, object] = {}


def skill_index() -> SkillIndex:
    """The process's index, rebuilt when the imported skills changed since it was built."""
    stamp = EscoConcept.objects.filter(kind=EscoKind.SKILL).aggregate(
        n=Count("pk"), last=Max("imported_at")
    )
    key = (stamp["n"], stamp["last"])
    with _lock:
        if _cache.get("key") != key:
            rows = list(
                EscoConcept.objects.filter(kind=EscoKind.SKILL)
                .order_by("pk")
                .values_list("uri", "preferred_label", "labels", "definition")
            )
            _cache["index"] = SkillIndex(rows)
            _cache["key"] = key
        index = _cache["index"]
    assert isinstance(index, SkillIndex)
    return index


def esco_skill_suggestions(*, text: str, limit: int = 10) -> list[Suggestion]:
    """The ESCO skills that best match a learning outcome's text, best first."""
    return skill_index().search(text, limit=limit)
