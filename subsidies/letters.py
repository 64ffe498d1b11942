"""The decision letter (beschikking, Awb): a PDF made with WeasyPrint from the stored decision.

Sender (the schemes' administrator from settings, with logo), addressee (the provider organisation and
its contact), date and reference, the decision with amount and grounds, the scheme's conditions and
obligations, payment, the chair's name and role, a contact person, and the objection clause (bezwaar
within six weeks, Awb 6:7 and 3:45). Granted, rejected and not considered (Awb 4:5) each have their own
wording. Amounts carry a non-breaking space after the euro sign and never break from it.

Deterministic: the text uses only stored data and timestamps, and the PDF metadata carries the
decision moment; ``core.pdf.render_to_pdf`` does the rest, so generating it again yields the same bytes
(and the same sha256).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.formatting import AMSTERDAM, amsterdam_date, dutch_date, format_amount
from core.pdf import render_to_pdf
from subsidies.models import DecisionLetter, GrantApplication

NBSP = "\u00a0"


def amount_text(value: Decimal) -> str:
    """``€ 14.500,00`` with a non-breaking space: the sign never ends a line without its amount."""
    return format_amount(value).replace(" ", NBSP)


def _addressee_contact(application: GrantApplication) -> str:
    """The provider's contact: who submitted a call proposal, else the first invited provider user."""
    if application.call_id and application.submitted_by is not None:
        return application.submitted_by.get_full_name() or application.submitted_by.get_username()
    invited = sorted(application.invited_users.all(), key=lambda user: user.pk)
    return (invited[0].get_full_name() or invited[0].get_username()) if invited else ""


def _logo() -> str:
    """The logo's path under ``static/`` (the PDF renderer reads only there); empty when it is missing."""
    logo = settings.GRANT_ADMINISTRATOR_LOGO
    return logo if logo and (Path(settings.BASE_DIR) / "static" / logo).is_file() else ""


def _signatory(application: GrantApplication) -> tuple[str, str]:
    """The chair's name and role; the deciding member when the scheme has no chair."""
    scheme = application.scheme
    if scheme.chair is not None:
        return (
            scheme.chair.get_full_name() or scheme.chair.get_username(),
            f"voorzitter beoordelingscommissie {scheme.name}",
        )
    member = application.decision.decided_by
    return member.get_full_name() or member.get_username(), f"lid beoordelingscommissie {scheme.name}"


def _last_completion_request(application: GrantApplication):
    requests = list(application.completion_requests.all())
    return requests[-1] if requests else None


def letter_context(application: GrantApplication) -> dict:
    """Everything the letter prints, from stored data and settings only (so it is deterministic)."""
    decision = application.decision
    decided_on = amsterdam_date(decision.decided_at)
    chair_name, chair_role = _signatory(application)
    request = _last_completion_request(application)
    return {
        "application": application,
        "decision": decision,
        "outcome": decision.outcome,
        "decided_on": dutch_date(decided_on),
        "received_on": dutch_date(amsterdam_date(application.received_at)) if application.received_at else "",
        "requested": amount_text(application.requested_amount or Decimal("0")),
        "amount": amount_text(decision.amount),
        "conditions": [line.strip() for line in application.scheme.conditions.splitlines() if line.strip()],
        "sender": {
            "name": settings.GRANT_ADMINISTRATOR_NAME,
            "address": settings.GRANT_ADMINISTRATOR_ADDRESS,
            "logo": _logo(),
        },
        "addressee": {
            "organisation": application.provider_organisation.name,
            "contact": _addressee_contact(application),
        },
        "contact": {
            "name": settings.GRANT_CONTACT_NAME,
            "email": settings.GRANT_CONTACT_EMAIL,
            "phone": settings.GRANT_CONTACT_PHONE,
        },
        "objection_address": settings.GRANT_OBJECTION_ADDRESS or settings.GRANT_ADMINISTRATOR_ADDRESS,
        "payment_weeks": settings.GRANT_PAYMENT_WEEKS,
        "chair_name": chair_name,
        "chair_role": chair_role,
        "completion_request": request,
        "completion_invited_on": dutch_date(amsterdam_date(request.invited_at)) if request else "",
        "completion_due": dutch_date(request.completion_due) if request else "",
    }


def render_decision_letter(application: GrantApplication) -> bytes:
    """The PDF of the decision on ``application`` (which must have a decision): a beschikking with its
    own wording for a grant, a rejection and a decision not to consider the request."""
    decided_at = application.decision.decided_at.astimezone(AMSTERDAM)
    return render_to_pdf(
        "subsidies/letter.html",
        letter_context(application),
        title=f"Beschikking {application.reference}",
        moment=decided_at,
    )


def generate_decision_letter(application_id: int) -> DecisionLetter | None:
    """Build and store the letter of a decided application; safe to run twice.

    Returns the stored letter, or ``None`` when the application has no decision (yet). When a letter
    with the same content exists nothing is written.
    """
    application = (
        GrantApplication.objects.select_related(
            "scheme__chair", "call", "case", "provider_organisation", "decision__decided_by", "submitted_by"
        )
        .prefetch_related("invited_users", "completion_requests")
        .filter(pk=application_id, decision__isnull=False)
        .first()
    )
    if application is None:
        return None
    pdf = render_decision_letter(application)
    digest = hashlib.sha256(pdf).hexdigest()
    existing = DecisionLetter.objects.filter(application=application).first()
    if existing is not None and existing.sha256 == digest:
        return existing
    letter = existing or DecisionLetter(application=application)
    old_name = existing.file.name if existing is not None else None
    letter.sha256 = digest
    letter.generated_at = application.decision.decided_at
    letter.file.save("beschikking.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        # A parallel run stored it first; its letter has the same content.
        letter.file.delete(save=False)
        return DecisionLetter.objects.get(application=application)
    if old_name:
        letter.file.storage.delete(old_name)
    return letter


# A letter task that has not finished this long after the decision is assumed lost.
LETTER_LOST_AFTER = timedelta(minutes=10)


def generate_missing_letters(*, now: datetime | None = None) -> int:
    """Make the letter of every decision older than ``LETTER_LOST_AFTER`` that has none (its task
    failed for good or its worker died). Returns how many were made."""
    now = now or timezone.now()
    missing = GrantApplication.objects.filter(
        decision__isnull=False, decision_letter__isnull=True, decision__decided_at__lt=now - LETTER_LOST_AFTER
    ).order_by("pk")
    made = 0
    for application_id in missing.values_list("pk", flat=True):
        made += generate_decision_letter(application_id) is not None
    return made
