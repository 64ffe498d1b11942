"""The decision letter (beschikking): a PDF made with WeasyPrint from the stored decision.

Deterministic: the text uses only stored data and timestamps, and the PDF metadata carries the
decision moment; ``core.pdf.render_to_pdf`` does the rest, so generating it again yields the same bytes
(and the same sha256).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.formatting import AMSTERDAM, amsterdam_date, dutch_date
from core.pdf import render_to_pdf
from subsidies.models import DecisionLetter, GrantApplication


def render_decision_letter(application: GrantApplication) -> bytes:
    """The PDF of the decision on ``application`` (which must have a decision)."""
    decision = application.decision
    decided_at = decision.decided_at.astimezone(AMSTERDAM)
    return render_to_pdf(
        "subsidies/letter.html",
        {
            "application": application,
            "decision": decision,
            "decided_on": dutch_date(decided_at.date()),
            "received_on": dutch_date(amsterdam_date(application.received_at))
            if application.received_at
            else "",
        },
        title=f"Beschikking {application.reference}",
        moment=decided_at,
    )


def generate_decision_letter(application_id: int) -> DecisionLetter | None:
    """Build and store the letter of a decided application; safe to run twice.

    Returns the stored letter, or ``None`` when the application has no decision (yet). When a letter
    with the same content exists nothing is written.
    """
    application = (
        GrantApplication.objects.select_related("scheme", "call", "case", "provider_organisation", "decision")
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
