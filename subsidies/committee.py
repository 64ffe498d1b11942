"""The committee's side of every action on an application: membership, conflict of interest and status
checked in one place (``check_committee``), and refused attempts of a recused member kept in the
access log (``records_refusal``), for scoring, asking for completion and deciding alike; and the
members' own declarations of conflicts of interest (``declare_conflict``)."""

from __future__ import annotations

import functools
from datetime import date

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.models import AccessLog, ExpertTeam, Organisation, Role, User
from subsidies import lifecycle
from subsidies.models import ApplicationStatus, ConflictDeclaration, GrantApplication
from subsidies.rules import recusal_reason, sits_on_committee


class Recused(PermissionDenied):
    """A committee member with a conflict of interest tried to act; ``records_refusal`` logs it."""


def check_committee(
    actor: User, application: GrantApplication, perm: str, to_status: str = ApplicationStatus.GRANTED
) -> None:
    """Committee membership, conflict of interest and status, each with its own clear message.

    Scoring is open exactly as long as deciding is, so both check the step to a decision
    (``to_status``; asking for completion and not considering check their own step). A conflict of
    interest raises ``Recused`` with the reason (``rules.recusal_reason``).
    """
    if not sits_on_committee(actor, application):
        raise PermissionDenied(_("U bent geen lid van de beoordelingscommissie van deze regeling."))
    reason = recusal_reason(actor, application)
    if reason:
        raise Recused(reason)
    lifecycle.check_transition(application, to_status)
    if not rules.has_perm(perm, actor, application):
        raise PermissionDenied(_("U kunt deze aanvraag niet beoordelen."))


def records_refusal(action: str):
    """Log a refused attempt of a recused member in the access log, outside the refused transaction
    (which rolls back): ``geweigerd: <action>``. Wrap the service outside its ``transaction.atomic``."""

    def decorate(service):
        @functools.wraps(service)
        def wrapper(*args, **kwargs):
            try:
                return service(*args, **kwargs)
            except Recused:
                audit.record(
                    kwargs["actor"],
                    AccessLog.Action.CHANGE,
                    kwargs["application"],
                    detail=f"geweigerd: {action} (belangenverstrengeling)",
                )
                raise

        return wrapper

    return decorate


@transaction.atomic
def declare_conflict(
    *,
    actor: User,
    description: str,
    valid_from: date,
    organisation: Organisation | None = None,
    expert_team: ExpertTeam | None = None,
    valid_until: date | None = None,
) -> ConflictDeclaration:
    """A committee member declares their own tie to one organisation or one expert team, between two
    dates. From then on they are recused on the applications of that organisation or team."""
    if not actor.has_role(Role.COMMITTEE):
        raise PermissionDenied(_("Alleen commissieleden melden belangen."))
    if (organisation is None) == (expert_team is None):
        raise ValidationError(_("Kies een organisatie of een expertteam."), code="tie")
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": _("De einddatum ligt voor de begindatum.")}, code="dates")
    if not description.strip():
        raise ValidationError({"description": _("Beschrijf de band.")}, code="description")
    declaration = ConflictDeclaration.objects.create(
        member=actor,
        organisation=organisation,
        expert_team=expert_team,
        description=description.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
    )
    audit.record(
        actor, AccessLog.Action.CREATE, declaration, detail=f"belang gemeld: {declaration.tie}"[:200]
    )
    return declaration
