"""Demo accounts and their roles. Every app adds its own demo data in ``<app>/demo.py``;
``seed_demo`` runs them in the order of INSTALLED_APPS. Each ``seed`` must be idempotent."""

from core.models import ExpertTeam, Organisation, Region, Role, RoleAssignment, User

DEMO_PASSWORD = "jeugdcasus-demo"  # noqa: S105 (documented demo password, refused with DEBUG off)

# username: (first name, last name, [(role, scope kind, scope key)], is_staff)
DEMO_USERS = {
    "procesbegeleider": ("Pim", "de Vries", [(Role.FACILITATOR, "team", "UTR")], False),
    "procesbegeleider2": ("Fatma", "Yilmaz", [(Role.FACILITATOR, "team", "FLE")], False),
    "coordinator": ("Carla", "Jansen", [(Role.COORDINATOR, "team", "UTR")], False),
    "gezinshuis": ("Gerda", "Bakker", [(Role.PROVIDER, "organisation", "Gezinshuis De Linde")], False),
    "commissie": ("Koen", "Visser", [(Role.COMMITTEE, None, None)], False),
    "gemeente": ("Greet", "Mulder", [(Role.MUNICIPAL, "region", "UTR")], False),
    "leernetwerk": ("Lotte", "Smit", [(Role.LEARNER, None, None)], False),
    "beheer": ("Bas", "Hendriks", [(Role.ADMIN, None, None)], True),
}

DEMO_ACCOUNT_DESCRIPTIONS = {
    "procesbegeleider": "procesbegeleider, expertteam Utrecht Stad",
    "procesbegeleider2": "procesbegeleider, expertteam Flevoland",
    "coordinator": "teamcoördinator, expertteam Utrecht Stad",
    "gezinshuis": "zorgaanbieder (Gezinshuis De Linde)",
    "commissie": "lid beoordelingscommissie",
    "gemeente": "gemeente, regio Utrecht Stad",
    "leernetwerk": "leernetwerk",
    "beheer": "functioneel beheerder",
}


def _scope(kind, key) -> dict:
    if kind == "team":
        return {"expert_team": ExpertTeam.objects.get(region__code=key)}
    if kind == "region":
        return {"region": Region.objects.get(code=key)}
    if kind == "organisation":
        return {"organisation": Organisation.objects.get(name=key)}
    return {}


def seed(stdout=None) -> None:
    for username, (first, last, roles, is_staff) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.jeugdcasus.nl"},
        )
        user.is_staff = (
            is_staff  # the administrator is staff, never superuser (see core.admin.AdminRoleMixin)
        )
        user.is_superuser = False
        user.set_password(DEMO_PASSWORD)
        user.save()
        for role, kind, key in roles:
            RoleAssignment.objects.get_or_create(user=user, role=role, **_scope(kind, key))
