"""Views the team uses on a case: who viewed the file (a section of the case page and the full list)
and the client's access report. Thin: access through ``cases.selectors`` and ``privacy.rules``, writes
through ``privacy.services``."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases import selectors as case_selectors
from cases.models import Case
from core.models import ExpertTeam
from core.uploads import private_file_response
from privacy import people, selectors, services
from privacy.forms import AccessReportForm
from privacy.models import AccessReport
from privacy.selectors import case_accesses

# The case page shows the newest accesses; the full list is one click away.
SECTION_LIMIT = 20
PAGE_SIZE = 50


def _case_for_team(request, reference: str, perm: str = "privacy.view_case_accesses") -> Case:
    """The case if the user works on it (facilitator, coordinator); 404 otherwise, also for an
    administrator who broke the glass: the team's privacy pages are not case content to break into."""
    case = case_selectors.get_case_for_request(request, reference)
    if not rules.has_perm(perm, request.user, case):
        raise Http404
    return case


def access_section_context(request, case: Case) -> dict | None:
    """The case-page section "Wie heeft dit dossier ingezien" (one query), for the team only."""
    if not rules.has_perm("privacy.view_case_accesses", request.user, case):
        return None
    rows = selectors.recent_case_accesses(case, SECTION_LIMIT)
    # The team's own name is known from the case page's query; other scopes are named on the full list.
    names = {(ExpertTeam, case.expert_team_id): case.expert_team.name}
    return {"case": case, "accesses": people.describe(rows, names, with_purpose=True), "limit": SECTION_LIMIT}


def case_accesses_view(request, reference: str):
    case = _case_for_team(request, reference)
    page = Paginator(case_accesses(case), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    accesses = people.describe(rows, people.scope_names(rows), with_purpose=True)
    return render(request, "privacy/case_accesses.html", {"case": case, "page": page, "accesses": accesses})


def access_reports(request, reference: str):
    """The client's access reports of a case: the request form and the reports made so far."""
    case = _case_for_team(request, reference, "privacy.request_access_report")
    form = AccessReportForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        report = services.request_access_report(actor=request.user, case=case, **form.cleaned_data)
        messages.success(request, _("Het inzageverslag wordt gemaakt."))
        return redirect("privacy:access_report", public_id=report.public_id)
    reports = selectors.access_reports_of(case)[:PAGE_SIZE]
    return render(request, "privacy/access_reports.html", {"case": case, "form": form, "reports": reports})


def _report_for_team(request, public_id) -> AccessReport:
    report = get_object_or_404(
        AccessReport.objects.select_related("case", "requested_by"), public_id=public_id
    )
    _case_for_team(request, report.case.reference, "privacy.request_access_report")
    return report


def access_report(request, public_id):
    report = _report_for_team(request, public_id)
    return render(request, "privacy/access_report.html", {"report": report, "case": report.case})


def access_report_download(request, public_id):
    report = _report_for_team(request, public_id)
    if not report.is_downloadable:
        raise Http404
    services.record_access_report_download(actor=request.user, report=report)
    return private_file_response(report.file, filename=report.filename, content_type="application/pdf")
