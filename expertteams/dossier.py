"""The case file ("dossier") as one printable PDF: intake, persons, professionals, consents, the
placement history, status history, the whole timeline with each step's details, actions and
corrections, the outcome, and the review and aftercare moments.

It lives here, not in ``cases``, because it reads the expert team's work (``cases`` imports no app to
its right). The URL is ``/casussen/<reference>/dossier/`` (``config/urls.py``, name ``case_file``).

Only for those who may see the case (the view checks); each download is an export in the access log.
The timeline is read with the same joins and prefetches as the case page (``expertteams.selectors``),
so the query count does not grow with the number of steps.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.selectors import case_page_queryset, case_record, get_case_for_request
from cases.services import INTAKE_DETAIL_FIELDS
from core import audit
from core.models import AccessLog
from core.pdf import render_to_pdf
from expertteams.care_models import FollowUp
from expertteams.kinds import KINDS
from expertteams.models import ActionItem, Step, StepRevision
from expertteams.selectors import child_prefetches, detail_relations


def intake_rows(case: Case) -> list[tuple[str, str]]:
    """(label, text) of every filled-in intake field but the municipality, in the form's order
    (``INTAKE_DETAIL_FIELDS``), choices and yes/no in Dutch."""
    rows = []
    for name in INTAKE_DETAIL_FIELDS:
        field = Case._meta.get_field(name)
        value = getattr(case, name)
        if value in ("", None):
            continue
        if field.choices:
            value = getattr(case, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = _("ja") if value else _("nee")
        rows.append((str(field.verbose_name).capitalize(), str(value)))
    return rows


def all_steps(case: Case) -> list[Step]:
    """Every step of ``case``, oldest first, with details, child lists, actions and corrections."""
    return list(
        Step.objects.filter(case=case)
        .select_related("author", *detail_relations())
        .prefetch_related(
            Prefetch("revisions", queryset=StepRevision.objects.select_related("replaced_by")),
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner").order_by("due_on", "id")),
            *child_prefetches(),
        )
        .order_by("occurred_on", "created_at", "id")
    )


def case_file_context(case: Case, *, printed_by, moment: datetime) -> dict:
    steps = all_steps(case)
    return {
        "case": case,
        "record": case_record(case),
        "intake": intake_rows(case),
        "episodes": list(case.placement_episodes.order_by("started_on", "pk")),
        "follow_ups": list(
            FollowUp.objects.filter(case=case).select_related("owner").order_by("due_on", "pk")
        ),
        "entries": [{"step": step, "template": KINDS[step.kind].timeline_template} for step in steps],
        "printed_by": printed_by,
        "printed_at": moment,
        "today": timezone.localdate(moment),
    }


def case_file_pdf(case: Case, *, printed_by, moment: datetime | None = None) -> bytes:
    """The PDF of the whole case file of ``case`` as ``printed_by`` prints it at ``moment`` (now)."""
    moment = moment or timezone.now()
    return render_to_pdf(
        "expertteams/dossier_pdf.html",
        case_file_context(case, printed_by=printed_by, moment=moment),
        title=_("Dossier %(reference)s") % {"reference": case.reference},
        moment=moment,
    )


def case_file_response(request, reference: str) -> HttpResponse:
    """The case file of the case ``reference`` as a download, for whoever may see the case (404
    otherwise, as on the case page); logged as an export in the access log."""
    case = get_case_for_request(request, reference, queryset=case_page_queryset())
    pdf = case_file_pdf(case, printed_by=request.user)
    audit.record(request.user, AccessLog.Action.EXPORT, case, detail="dossier")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-{case.reference}.pdf"'
    return response
