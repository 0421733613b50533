from __future__ import annotations

import factory

from ecvet.institutions.tests.factories import InstitutionFactory
from ecvet.qualifications.models import (
    Category,
    LearningOutcome,
    Qualification,
    Unit,
    UnitVersion,
)


class QualificationFactory(factory.django.DjangoModelFactory[Qualification]):
    class Meta:
        model = Qualification

    title = factory.Sequence(lambda n: {"en": f"Qualification {n}", "lv": f"Kvalifikācija {n}"})
    country = "LV"
    eqf_level = 4
    national_level = "3"
    owner = factory.SubFactory(InstitutionFactory)


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    """A unit with its first draft version (``latest``), as ``unit_create`` leaves it."""

    class Meta:
        model = Unit
        skip_postgeneration_save = True

    owner = factory.SubFactory(InstitutionFactory)

    @factory.post_generation
    def version(obj: Unit, create: bool, extracted: dict | None, **kwargs: object) -> None:
        fields = {"name": {"en": f"Unit {obj.pk}", "lv": f"Vienība {obj.pk}"}, **(extracted or {})}
        version = UnitVersion.objects.create(unit=obj, number=1, **fields)
        obj.latest = version
        obj.save(update_fields=["latest"])


class LearningOutcomeFactory(factory.django.DjangoModelFactory[LearningOutcome]):
    class Meta:
        model = LearningOutcome

    version = factory.LazyFunction(lambda: UnitFactory.create().latest)
    category = Category.SKILLS
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: {"en": f"Outcome {n}", "lv": f"Rezultāts {n}"})
