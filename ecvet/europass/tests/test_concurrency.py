"""Europass Mobility numbers taken at the same moment, in real parallel transactions (threads
with their own database connections): every one different, none skipped; and a mobility
prepared twice at once gets one document."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from ecvet.errors import DomainError
from ecvet.europass.models import EuropassMobility, EuropassSequence
from ecvet.europass.services.europass import europass_prepare, next_europass_number
from ecvet.europass.tests.setup import recognised_mobility

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*actions: Callable[[], Any]) -> list[Any]:
    """Run the actions in parallel threads released together; each result is the return
    value or the exception raised."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = action()
        except Exception as error:  # the outcome under test, kept for the assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _take() -> str:
    with transaction.atomic():
        return next_europass_number(country="LV", year=2026)


def test_numbers_taken_at_the_same_moment_are_all_different(cast: Any) -> None:
    # The year's sequence row does not exist yet: the first ones race to create it, too.
    results = _at_once(*[_take] * 6)

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [f"LV-2026-{n:06d}" for n in range(1, 7)]
    assert EuropassSequence.objects.get(country="LV", year=2026).last == 6


def test_a_mobility_prepared_twice_at_once_gets_one_europass_mobility(cast: Any) -> None:
    setup = recognised_mobility(cast)

    results = _at_once(
        lambda: europass_prepare(actor=cast.coordinator, mobility=setup.mobility),
        lambda: europass_prepare(actor=cast.coordinator, mobility=setup.mobility),
    )

    documents = [r for r in results if isinstance(r, EuropassMobility)]
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(documents) == 1, results
    assert len(errors) == 1
    assert isinstance(errors[0], DomainError)
    assert "already prepared" in errors[0].message
    assert EuropassMobility.objects.count() == 1
    # The refused one took no number: the next mobility's number follows without a gap.
    assert EuropassSequence.objects.get().last == 1
