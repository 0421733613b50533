from __future__ import annotations

import factory

from ecvet.accounts.models import Membership, Role, User
from ecvet.institutions.tests.factories import InstitutionFactory

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    # Fixed, distinctive names: a random one ("Lang") can hide in any page ("Language").
    first_name = factory.Sequence(lambda n: f"Given{n}")
    last_name = factory.Sequence(lambda n: f"Family{n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    """A user with a role in an institution; ``MembershipFactory(role=...)`` makes both."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Role.COORDINATOR
