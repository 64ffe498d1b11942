"""The case file ("dossier") as one printable PDF: intake, persons, professionals, consents, the
placement history, status history, the whole timeline with each step's details, actions and
corrections, the outcome, and the review and aftercare moments.

It lives here, not in ``cases``, because it reads the expert team's work (``cases`` imports no app to
its right). The page is ``/casussen/<reference>/dossier/`` (``config/urls.py``, name ``case_file``): it
queues the PDF as a background job (``CaseFileExport``, ``core.jobs``), shows its progress and offers
the finished file at ``/casussen/<reference>/dossier/<id>/`` (name ``case_file_download``).

Only for those who may see the case (the views check); each request and download is an export in the
access log.
The timeline is read with the same joins and prefetches as the case page (``expertteams.selectors``),
so the query count does not grow with the number of steps.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.selectors import case_page_queryset, case_record, get_case_for_request
from cases.services import INTAKE_DETAIL_FIELDS
from core import audit
from core.models import AccessLog
from core.pdf import render_to_pdf
from core.uploads import private_file_response
from expertteams import tasks
from expertteams.care_models import FollowUp
from expertteams.kinds import KINDS
from expertteams.models import ActionItem, CaseFileExport, Step
from expertteams.selectors import with_details


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
    """Every step of ``case``, oldest first, with details, child lists, actions and corrections (read as
    the timeline reads them: ``expertteams.selectors.with_details``)."""
    steps = list(
        Step.objects.filter(case=case)
        .select_related("author")
        .prefetch_related(
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner").order_by("due_on", "id"))
        )
        .order_by("occurred_on", "created_at", "id")
    )
    return with_details(steps)


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


# --- Printing in the background ------------------------------------------------------------------------

RECENT_EXPORTS = 5


def request_case_file(*, case: Case, actor) -> CaseFileExport:
    """Queue the case file of ``case`` as a PDF for ``actor`` (a job of ``core.jobs``: a file of a
    thousand steps takes WeasyPrint about 13 s, too long for a web request). The request is an export
    in the access log; the task starts after the transaction commits."""
    with transaction.atomic():
        export = CaseFileExport.objects.create(case=case, requested_by=actor)
        audit.record(actor, AccessLog.Action.EXPORT, case, detail="dossier aangevraagd")
        transaction.on_commit(lambda: tasks.build_case_file.delay(export.pk))
    return export


def case_file_page(request, reference: str) -> HttpResponse:
    """The case file page: the newest prints of the case with their progress, and a button to make a
    new one. For whoever may see the case (404 otherwise, as on the case page)."""
    case = get_case_for_request(
        request, reference, queryset=case_page_queryset().select_related("created_by")
    )
    if request.method == "POST":
        request_case_file(case=case, actor=request.user)
        messages.success(request, _("Het dossier wordt gemaakt. Deze pagina toont wanneer het klaar is."))
        return redirect("case_file", reference=case.reference)
    exports = list(
        CaseFileExport.objects.filter(case=case)
        .select_related("requested_by")
        .order_by("-created_at", "-id")[:RECENT_EXPORTS]
    )
    busy = any(not export.is_finished for export in exports)
    return render(
        request,
        "expertteams/case_file.html",
        {"case": case, "exports": exports, "busy": busy, "retention_days": settings.CASE_FILE_RETENTION_DAYS},
    )


def case_file_download(request, reference: str, public_id) -> HttpResponse:
    """A finished print of the case file, for whoever may see the case; an export in the access log."""
    case = get_case_for_request(request, reference)
    export = CaseFileExport.objects.filter(case=case, public_id=public_id).first()
    if export is None or not export.is_downloadable:
        raise Http404
    audit.record(request.user, AccessLog.Action.EXPORT, case, detail="dossier")
    return private_file_response(export.file, filename=export.filename, content_type="application/pdf")
