"""Factories for the organisation data and users every app's tests need."""

import factory
from django.contrib.auth.hashers import make_password

from core.models import ExpertTeam, Municipality, Organisation, Region, Role, RoleAssignment, User

TEST_PASSWORD = "test-wachtwoord-123"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n:02d}")
    name = factory.LazyAttribute(lambda o: f"Regio {o.code}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    region = factory.SubFactory(RegionFactory)


class ExpertTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertTeam
        django_get_or_create = ("region",)

    region = factory.SubFactory(RegionFactory)
    name = factory.LazyAttribute(lambda o: f"Expertteam {o.region.name}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.PROVIDER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.LazyFunction(lambda: make_password(TEST_PASSWORD))


def user_with_role(role: str, username: str | None = None, **scope) -> User:
    """A user holding ``role`` with the given scope (``expert_team=``, ``region=``, ``organisation=``)."""
    user = UserFactory(**({"username": username} if username else {}))
    RoleAssignment.objects.create(user=user, role=role, **scope)
    return User.objects.get(pk=user.pk)  # fresh instance: role cache empty


__all__ = [
    "ExpertTeamFactory",
    "MunicipalityFactory",
    "OrganisationFactory",
    "RegionFactory",
    "Role",
    "TEST_PASSWORD",
    "UserFactory",
    "user_with_role",
]
