"""Erasure requests (AVG art. 17, Jeugdwet 7.3.9): received → assessed → executed or refused, settled
within three months of receipt. Executing one destroys the file as ``privacy.retention`` does.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import rules
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.models import Case, CaseStatus
from core import audit
from core.models import AccessLog
from privacy.models import ErasureRequest, ErasureStatus, RetentionDecision, RetentionReview
from privacy.retention import destroy_case
from privacy.selectors import is_destroyed

ERASURE_MONTHS = 3

ERASURE_TRANSITIONS = {
    ErasureStatus.RECEIVED: {ErasureStatus.ASSESSED},
    ErasureStatus.ASSESSED: {ErasureStatus.EXECUTED, ErasureStatus.REFUSED},
}


def erasure_deadline(received_on: date) -> date:
    return received_on + relativedelta(months=ERASURE_MONTHS)


def record_erasure_request(*, actor, case: Case, requester: str, received_on: date) -> ErasureRequest:
    """Record a request to destroy ``case``'s file, received on ``received_on`` (deadline: three months)."""
    if not rules.has_perm("privacy.manage", actor):
        raise PermissionDenied
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("De ontvangstdatum kan niet in de toekomst liggen.")})
    with transaction.atomic():
        request = ErasureRequest.objects.create(
            case=case,
            requester=requester,
            received_on=received_on,
            deadline=erasure_deadline(received_on),
            recorded_by=actor,
        )
        audit.record(actor, AccessLog.Action.CHANGE, case, detail="verwijderverzoek ontvangen")
    return request


def _locked_request(request: ErasureRequest, to_status: str) -> ErasureRequest:
    locked = ErasureRequest.objects.select_for_update().select_related("case").get(pk=request.pk)
    if to_status not in ERASURE_TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            _("Een verzoek met status '%(status)s' kan niet naar '%(to)s'.")
            % {"status": locked.get_status_display(), "to": ErasureStatus(to_status).label}
        )
    return locked


class _Written(NamedTuple):
    """What settling a request in writing records: the ``field`` the text goes in (``missing`` when it
    is empty), the ``<stamp>_by``/``<stamp>_at`` pair of who did it and when, and the access-log detail."""

    field: str
    missing: str
    stamp: str
    detail: str


WRITTEN_SETTLEMENTS = {
    ErasureStatus.ASSESSED: _Written(
        "assessment", gettext_noop("Schrijf de beoordeling op."), "assessed", "verwijderverzoek beoordeeld"
    ),
    ErasureStatus.REFUSED: _Written(
        "refusal_reason",
        gettext_noop("Geef de reden van de weigering."),
        "closed",
        "verwijderverzoek geweigerd",
    ),
}


def _settle_in_writing(request: ErasureRequest, actor, to_status: str, text: str) -> ErasureRequest:
    """Move ``request`` to ``to_status`` with the written ``text`` (``WRITTEN_SETTLEMENTS``); logged on the case."""
    field, missing, stamp, detail = WRITTEN_SETTLEMENTS[to_status]
    if not rules.has_perm("privacy.manage", actor):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({field: _(missing)})
    with transaction.atomic():
        locked = _locked_request(request, to_status)
        locked.status = to_status
        setattr(locked, field, text.strip())
        setattr(locked, f"{stamp}_by", actor)
        setattr(locked, f"{stamp}_at", timezone.now())
        locked.save(update_fields=["status", field, f"{stamp}_by", f"{stamp}_at"])
        audit.record(actor, AccessLog.Action.CHANGE, locked.case, detail=detail)
    return locked


def assess_erasure(*, request: ErasureRequest, actor, assessment: str) -> ErasureRequest:
    """Record the assessment (does an exception of Jeugdwet 7.3.9 apply?) of a received request."""
    return _settle_in_writing(request, actor, ErasureStatus.ASSESSED, assessment)


def execute_erasure(*, request: ErasureRequest, actor) -> ErasureRequest:
    """Destroy the file of an assessed request. The case must be closed first (a file still in use is
    not destroyed by accident); a file destroyed already only closes the request."""
    if not rules.has_perm("privacy.manage", actor):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked_request(request, ErasureStatus.EXECUTED)
        case = Case.objects.select_for_update().get(pk=locked.case_id)
        if case.status != CaseStatus.CLOSED:
            raise ValidationError(_("Sluit de casus eerst af; een lopend dossier wordt niet vernietigd."))
        if not is_destroyed(case):
            pending = RetentionReview.objects.filter(case=case, decision=RetentionDecision.PENDING).first()
            destroy_case(
                case=case,
                actor=actor,
                review=pending,
                reason=_("Verwijderverzoek"),
                detail="dossier vernietigd (verwijderverzoek)",
            )
        locked.status, locked.closed_by, locked.closed_at = ErasureStatus.EXECUTED, actor, timezone.now()
        locked.save(update_fields=["status", "closed_by", "closed_at"])
    return locked


def refuse_erasure(*, request: ErasureRequest, actor, reason: str) -> ErasureRequest:
    """Refuse an assessed request, with the reason the requester is told."""
    return _settle_in_writing(request, actor, ErasureStatus.REFUSED, reason)
