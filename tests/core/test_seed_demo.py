import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from core.models import Role, User


def model_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.managed}


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", quiet_accounts=True)
    assert not User.objects.filter(username="procesbegeleider").exists()

    call_command("seed_demo", force=True, quiet_accounts=True)
    assert User.objects.filter(username="procesbegeleider").exists()


@pytest.mark.django_db
def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", quiet_accounts=True)
    first = model_counts()
    call_command("seed_demo", quiet_accounts=True)
    second = model_counts()
    changed = {k: (first[k], second[k]) for k in first if first[k] != second[k] and k != "core.AccessLog"}
    assert changed == {}


@pytest.mark.django_db
def test_demo_accounts_have_their_roles_and_the_demo_password(settings):
    settings.DEBUG = True
    call_command("seed_demo", quiet_accounts=True)
    expected = {
        "procesbegeleider": (Role.FACILITATOR, "UTR"),
        "procesbegeleider2": (Role.FACILITATOR, "FLE"),
        "coordinator": (Role.COORDINATOR, "UTR"),
        "gezinshuis": (Role.PROVIDER, None),
        "commissie": (Role.COMMITTEE, None),
        "gemeente": (Role.MUNICIPAL, "UTR"),
        "leernetwerk": (Role.LEARNER, None),
        "beheer": (Role.ADMIN, None),
    }
    for username, (role, region_code) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("jeugdcasus-demo")
        assignment = user.roles.get(role=role)
        if region_code:
            region = assignment.region or assignment.expert_team.region
            assert region.code == region_code
