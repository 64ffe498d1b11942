"""The decision letter (beschikking, Awb): a PDF made with WeasyPrint from the stored decision.

Sender (the schemes' administrator from settings, with logo), addressee (the provider organisation and
its contact), date and reference, the decision with amount and grounds, the scheme's conditions and
obligations, payment, the chair's name and role, a contact person, and the objection clause (bezwaar
within six weeks, Awb 6:7 and 3:45). Granted, rejected and not considered (Awb 4:5) each have their own
wording. Amounts carry a non-breaking space after the euro sign and never break from it.

Deterministic: the text uses only stored data and timestamps, and the PDF metadata carries the
decision moment; ``core.pdf.render_to_pdf`` does the rest, so generating it again yields the same bytes
(and the same sha256).

The letter is a generated-file job (``core.jobs``): the decision queues it, a Celery task builds it
through ``core.jobs.run_job`` (once, however often the task runs), and the stuck-job sweep starts the
task again when its worker died or its message got lost. A letter is never failed for good.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from core.formatting import AMSTERDAM, amsterdam_date, dutch_date, format_amount
from core.jobs import run_job
from core.pdf import render_to_pdf
from subsidies.models import Decision, DecisionLetter, GrantApplication

NBSP = "\u00a0"


def amount_text(value: Decimal) -> str:
    """``€ 14.500,00`` with a non-breaking space: the sign never ends a line without its amount."""
    return format_amount(value).replace(" ", NBSP)


def _addressee_contact(application: GrantApplication) -> str:
    """The provider's contact: who submitted a call proposal, else the first invited provider user."""
    if application.call_id and application.submitted_by is not None:
        return application.submitted_by.display_name
    invited = sorted(application.invited_users.all(), key=lambda user: user.pk)
    return invited[0].display_name if invited else ""


def _logo() -> str:
    """The logo's path under ``static/`` (the PDF renderer reads only there); empty when it is missing."""
    logo = settings.GRANT_ADMINISTRATOR_LOGO
    return logo if logo and (Path(settings.BASE_DIR) / "static" / logo).is_file() else ""


def _signatory(application: GrantApplication) -> tuple[str, str]:
    """The chair's name and role; the deciding member when the scheme has no chair."""
    scheme = application.scheme
    if scheme.chair is not None:
        return (
            scheme.chair.display_name,
            f"voorzitter beoordelingscommissie {scheme.name}",
        )
    member = application.decision.decided_by
    return member.display_name, f"lid beoordelingscommissie {scheme.name}"


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


def queue_decision_letter(application_id: int) -> DecisionLetter:
    """The letter job of a decided application, queued by the decision (in its transaction): one per
    application, requested by the member who decided. Built by ``subsidies.tasks.generate_decision_letter``
    and, when that task dies or its message is lost, started again by ``core.tasks.recover_stuck_jobs``."""
    decision = Decision.objects.only("decided_by_id", "decided_at").get(application_id=application_id)
    letter, _ = DecisionLetter.objects.get_or_create(
        application_id=application_id,
        defaults={"requested_by_id": decision.decided_by_id, "generated_at": decision.decided_at},
    )
    return letter


def build_letter(letter: DecisionLetter) -> bytes:
    """The PDF of a letter job (run by ``core.jobs.run_job``, which stores it); records its sha256."""
    application = (
        GrantApplication.objects.select_related(
            "scheme__chair", "call", "case", "provider_organisation", "decision__decided_by", "submitted_by"
        )
        .prefetch_related("invited_users", "completion_requests")
        .get(pk=letter.application_id)
    )
    pdf = render_decision_letter(application)
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    DecisionLetter.objects.filter(pk=letter.pk).update(sha256=letter.sha256)
    return pdf


def run_letter(letter_id: int) -> None:
    """Build the PDF of a queued letter; safe to run twice (a finished letter is left alone)."""
    run_job(DecisionLetter, letter_id)


def generate_decision_letter(application_id: int) -> DecisionLetter | None:
    """Make the letter of a decided application now, where no worker runs (the demo data): queue its
    job if the decision did not and run it. Safe to run twice: a finished letter is left as it is.

    Returns the letter, or ``None`` when the application has no decision (yet).
    """
    if not Decision.objects.filter(application_id=application_id).exists():
        return None
    letter = queue_decision_letter(application_id)
    run_letter(letter.pk)
    letter.refresh_from_db()
    return letter
