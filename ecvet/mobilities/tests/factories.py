"""Learners (and what else the mobilities app's tests need), consistent with their school."""

from __future__ import annotations

from datetime import date

import factory
from django.utils import timezone

from ecvet.institutions.tests.factories import InstitutionFactory
from ecvet.mobilities.models import Learner


def years_ago(years: int, *, today: date | None = None) -> date:
    """The date ``years`` years before ``today`` (29 February falls back to the 28th)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


class LearnerFactory(factory.django.DjangoModelFactory[Learner]):
    """An adult learner of ``school``; ``LearnerFactory(minor=True)`` is 16 today and has a
    guardian, as the services require for a minor."""

    class Meta:
        model = Learner

    class Params:
        minor = factory.Trait(
            date_of_birth=factory.LazyFunction(lambda: years_ago(16)),
            guardian_name=factory.Sequence(lambda n: f"Guardian{n} Parent{n}"),
            guardian_email=factory.Sequence(lambda n: f"guardian{n}@example.org"),
        )

    school = factory.SubFactory(InstitutionFactory)
    # Fixed, distinctive names (as UserFactory's): a random one can hide in any page.
    first_name = factory.Sequence(lambda n: f"Learnerfirst{n}")
    last_name = factory.Sequence(lambda n: f"Learnerlast{n}")
    date_of_birth = factory.LazyFunction(lambda: years_ago(20))
    email = factory.Sequence(lambda n: f"learner{n}@example.org")
