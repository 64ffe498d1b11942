"""Access-log rows in words: who (name, role and team or organisation), what and why.

The access log stores the roles as they were at the time (``facilitator@3,committee``, see
``core.models.User.role_label``); this module turns them into "Procesbegeleider (Expertteam Utrecht)".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from core.models import AccessLog, ExpertTeam, Organisation, Region, Role

BREAK_THE_GLASS = "break the glass"

# The scope a role's id refers to (as ``RoleAssignment.audit_label`` writes it).
SCOPE_MODELS = {
    Role.FACILITATOR: ExpertTeam,
    Role.COORDINATOR: ExpertTeam,
    Role.MUNICIPAL: Region,
    Role.PROVIDER: Organisation,
}

# Why someone in a role works with a file, for the client's report when no reason was given.
PURPOSES = {
    Role.FACILITATOR: _("procesbegeleiding"),
    Role.COORDINATOR: _("coördinatie van het expertteam"),
    Role.PROVIDER: _("voorbereiden van een subsidieaanvraag"),
    Role.COMMITTEE: _("beoordelen van een subsidieaanvraag"),
    Role.MUNICIPAL: _("regionale rapportage"),
    Role.LEARNER: _("leernetwerk (gepseudonimiseerd)"),
    Role.ADMIN: _("functioneel beheer"),
}

ScopeNames = dict[tuple[type, int], str]


@dataclass(frozen=True)
class Access:
    """One access-log row as a person reads it."""

    timestamp: datetime
    name: str
    role: str
    action: str
    what: str
    reason: str
    break_glass: bool


def _parse(label: str) -> list[tuple[str, int | None]]:
    parsed = []
    for part in filter(None, (label or "").split(",")):
        code, _sep, scope = part.partition("@")
        parsed.append((code, int(scope) if scope.isdigit() else None))
    return parsed


def scope_names(rows: Iterable[AccessLog]) -> ScopeNames:
    """The names of every team, region and organisation the rows' roles refer to (at most 3 queries)."""
    wanted: dict[type, set[int]] = {}
    for row in rows:
        for code, scope in _parse(row.role):
            if scope is not None and code in SCOPE_MODELS:
                wanted.setdefault(SCOPE_MODELS[code], set()).add(scope)
    return {
        (model, pk): name
        for model, ids in wanted.items()
        for pk, name in model.objects.filter(pk__in=ids).values_list("pk", "name")
    }


def describe_role(label: str, names: ScopeNames) -> str:
    """``facilitator@3`` → "Procesbegeleider (Expertteam Utrecht)"; an unknown scope is left out."""
    labels = dict(Role.choices)
    described = []
    for code, scope in _parse(label):
        text = str(labels.get(code, code))
        name = names.get((SCOPE_MODELS.get(code), scope)) if scope is not None else None
        described.append(f"{text} ({name})" if name else text)
    return ", ".join(described) or "-"


def describe_object(row: AccessLog) -> str:
    """What was accessed, e.g. "Inzien: casus (tijdlijn)"."""
    try:
        noun = str(apps.get_model(row.object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        noun = row.object_type
    detail = "" if row.detail == BREAK_THE_GLASS else row.detail
    return f"{row.get_action_display()}: {noun}" + (f" ({detail})" if detail else "")


def purpose_of(label: str) -> str:
    codes = [code for code, _scope in _parse(label)]
    return ", ".join(str(PURPOSES[code]) for code in codes if code in PURPOSES)


def describe(rows: Iterable[AccessLog], names: ScopeNames, *, with_purpose: bool = False) -> list[Access]:
    """The rows in words. ``rows`` should come with ``select_related("user")`` (names without queries)."""
    accesses = []
    for row in rows:
        break_glass = row.detail == BREAK_THE_GLASS
        reason = row.reason or (purpose_of(row.role) if with_purpose else "")
        user = row.user if row.user_id else None
        name = user.display_name if user else ""
        accesses.append(
            Access(
                timestamp=row.timestamp,
                name=name or row.username,
                role=describe_role(row.role, names),
                action=row.action,
                what=describe_object(row),
                reason=reason,
                break_glass=break_glass,
            )
        )
    return accesses
