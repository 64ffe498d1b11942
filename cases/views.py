"""Views of the case app. Thin: they fetch through ``cases.selectors`` (404 when the user may not see the
case) and write through ``cases.services``."""

from __future__ import annotations

from functools import partial

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from cases import selectors, services
from cases.forms import (
    AssignForm,
    CaseFilterForm,
    DocumentForm,
    IntakeForm,
    PersonFormSet,
    ProfessionalFormSet,
    StatusForm,
    consents_from,
    filled,
)
from cases.locking import refuse_when_closed
from cases.models import Case, CaseStatus, Consent
from cases.sections import case_tab_url, case_tabs, sections_for
from core import audit, breakglass, exports
from core.exports import Column, ColumnType
from core.forms import BreakGlassForm, add_service_errors
from core.models import AccessLog, Role
from core.private_files import download_response, upload_from_form


def _allowed(request, perm: str, case: Case | None = None) -> bool:
    # The rule itself, not ``user.has_perm``: Django lets a superuser pass every permission, and the
    # functional administrator is one, yet has no access to case content (only break the glass).
    return rules.has_perm(perm, request.user, case)


def _require(request, perm: str, case: Case | None = None) -> None:
    if not _allowed(request, perm, case):
        raise PermissionDenied


def _signal_labels(case: Case) -> str:
    return ", ".join(str(label) for _key, label in selectors.signals_of(case))


# The case list as a spreadsheet: what the page shows (initials and age, never the first name).
CASE_COLUMNS = [
    Column(_lazy("Casusnummer"), "reference"),
    Column(_lazy("Initialen"), "youth_initials"),
    Column(_lazy("Geboortejaar"), "youth_birth_year", ColumnType.INT),
    Column(_lazy("Leeftijd"), "youth_age", ColumnType.INT),
    Column(_lazy("Gemeente"), "municipality.name"),
    Column(_lazy("Regio"), "region.name"),
    Column(_lazy("Status"), "get_status_display"),
    Column(_lazy("Urgentie"), "get_urgency_display"),
    Column(_lazy("Procesbegeleider"), lambda case: str(case.facilitator or "")),
    Column(_lazy("Aangemeld"), "created_at", ColumnType.DATE),
    Column(_lazy("Laatste stap"), "last_step_at", ColumnType.DATE),
    Column(_lazy("Eerstvolgende actie"), "next_action_due", ColumnType.DATE),
    Column(_lazy("Signalen"), _signal_labels),
]


def case_list(request):
    """The user's cases, searched, filtered and sorted; ``?format=csv|xlsx`` exports every matching row."""
    options = selectors.filter_options(request.user)
    form = CaseFilterForm(request.GET or None, options=options)
    cases = selectors.search_cases(request.user, **form.filters())
    export_format = exports.requested_format(request)
    if export_format:
        if not request.user.has_role(Role.FACILITATOR, Role.COORDINATOR):
            raise Http404
        return exports.list_export(
            request,
            cases.iterator(chunk_size=500),
            CASE_COLUMNS,
            stem="casussen",
            format=export_format,
            logged=cases,
            what="casuslijst",
            sheet_title=str(_("Casussen")),
        )
    page = selectors.paginate(cases, request.GET.get("page"))
    for case in page.object_list:
        case.signal_list = selectors.signals_of(case)
    return render(
        request,
        "cases/case_list.html",
        {"form": form, "page": page, "can_create": _allowed(request, "cases.add_case")},
    )


def case_create(request):
    if not _allowed(request, "cases.add_case"):
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = IntakeForm(data, user=request.user)
    persons = PersonFormSet(data, prefix="personen")
    professionals = ProfessionalFormSet(data, prefix="professionals")
    duplicates = []
    if data is not None and form.is_valid() and persons.is_valid() and professionals.is_valid():
        person_data = filled(persons)
        try:
            case = services.create_case(
                actor=request.user,
                data=form.intake_data(),
                persons=person_data,
                professionals=filled(professionals),
                consents=consents_from(form, person_data),
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
            )
        except services.DuplicateCaseWarning as warning:
            duplicates = warning.duplicates
            form.add_error("confirm_duplicate", warning.messages[0])
        except PermissionDenied as error:
            form.add_error("municipality", str(error))
        else:
            messages.success(
                request, _("De casus %(reference)s is aangemeld.") % {"reference": case.reference}
            )
            return redirect("cases:detail", reference=case.reference)
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "persons": persons, "professionals": professionals, "duplicates": duplicates},
    )


def case_detail(request, reference: str, tab: str = ""):
    """The case page: the header (the case, its status and its actions) over one tab (``cases.sections``):
    the timeline here, the registration record, aftercare, grants and who viewed the file each on a page
    of its own (``cases:tab``). Every tab reads only what it shows, and every view of it is logged."""
    # ``tab`` is a registered slug: the URL converter matches no other (cases/urls.py).
    case = selectors.get_case_for_request(request, reference, queryset=selectors.case_page_queryset())
    audit.record(request.user, AccessLog.Action.VIEW, case, detail=tab)
    can_change = _allowed(request, "cases.change_case", case)
    can_change_status = _allowed(request, "cases.change_status", case)
    labels = dict(CaseStatus.choices)
    # A paused case returns to the status it was paused from: ``offered_transitions`` reads it (one query).
    transitions = (
        [(status, labels[status]) for status in services.offered_transitions(case)]
        if can_change_status
        else []
    )
    sections = sections_for(request, case, tab)
    tabs = case_tabs()
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "tab": tab,
            "tab_label": next(entry.label for entry in tabs if entry.slug == tab),
            "tabs": [
                {
                    "label": entry.label,
                    "url": case_tab_url(case.reference, entry.slug),
                    "current": entry.slug == tab,
                }
                for entry in tabs
            ],
            "last_change": selectors.last_status_change(case),
            "signals": selectors.signals_of(case),
            "can_change": can_change,
            "can_assign": _allowed(request, "cases.assign_case", case) and not case.is_closed,
            "transitions": transitions,
            "sections": sections,
            # The header offers the tab's primary actions (the timeline's "Stap toevoegen").
            "primary_actions": can_change and any(section["actions_template"] for section in sections),
        },
    )


def record_context(request, case) -> dict:
    """The "Registratie" tab: the intake, the placement history, the persons and professionals, the
    consents, the documents, the status history and the assignments (one query per list)."""
    can_change = _allowed(request, "cases.change_case", case)
    return {
        "case": case,
        "record": selectors.case_record(case),
        "can_change": can_change,
        "document_form": DocumentForm() if can_change else None,
    }


def case_edit(request, reference: str):
    case = selectors.get_case_for_request(request, reference)
    _require(request, "cases.view_case", case)
    try:
        refuse_when_closed(case)  # the same rule and message as the services
    except ValidationError as closed:
        messages.error(request, closed.messages[0])
        return redirect("cases:detail", reference=case.reference)
    _require(request, "cases.change_case", case)
    form = IntakeForm(request.POST or None, user=request.user, case=case)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(
                case=case,
                actor=request.user,
                data=form.intake_data(),
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
            )
        except services.DuplicateCaseWarning as warning:
            duplicates = warning.duplicates
            form.add_error("confirm_duplicate", warning.messages[0])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De aanmeldgegevens zijn opgeslagen."))
            return redirect(f"{record_url(case)}#aanmelding")
    else:
        audit.record(request.user, AccessLog.Action.VIEW, case, detail="wijzigen")
    return render(request, "cases/case_form.html", {"form": form, "case": case, "duplicates": duplicates})


@require_POST
def change_status(request, reference: str):
    case = selectors.get_case_for_request(request, reference)
    _require(request, "cases.change_status", case)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige status."))
        return redirect("cases:detail", reference=case.reference)
    try:
        services.change_status(
            case=case,
            to_status=form.cleaned_data["to_status"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except services.TransitionError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("De status is gewijzigd in '%(status)s'.") % {"status": case.get_status_display()}
        )
    return redirect("cases:detail", reference=case.reference)


def assign(request, reference: str):
    case = selectors.get_case_for_request(request, reference)
    if not _allowed(request, "cases.assign_case", case):
        raise Http404
    form = AssignForm(
        request.POST or None,
        facilitators=services.facilitators_of_team(case.expert_team_id),
        initial={"facilitator": case.facilitator_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_facilitator(
                case=case, facilitator=form.cleaned_data["facilitator"], actor=request.user
            )
        except ValidationError as error:
            form.add_error("facilitator", error)
        else:
            messages.success(request, _("De procesbegeleider is toegewezen."))
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/assign.html", {"case": case, "form": form})


@require_POST
def document_upload(request, reference: str):
    case = selectors.get_case_for_request(request, reference)
    _require(request, "cases.change_case", case)
    upload_from_form(
        request,
        DocumentForm(request.POST, request.FILES),
        store=partial(services.add_document, case=case, actor=request.user),
        success=_("Het document is toegevoegd."),
    )
    return redirect(f"{record_url(case)}#documenten")


def document_download(request, public_id):
    document = selectors.get_document_for_request(request, public_id)
    return download_response(request, document)


def document_delete(request, public_id):
    document = selectors.get_document_for_request(request, public_id)
    case = document.case
    _require(request, "cases.change_case", case)
    if request.method == "POST":
        services.delete_document(document=document, actor=request.user)
        messages.success(request, _("Het document is verwijderd."))
        return redirect(f"{record_url(case)}#documenten")
    return render(request, "cases/document_confirm_delete.html", {"case": case, "document": document})


@require_POST
def consent_withdraw(request, reference: str, pk: int):
    case = selectors.get_case_for_request(request, reference)
    _require(request, "cases.change_case", case)
    consent = get_object_or_404(Consent.objects.select_related("case"), pk=pk, case=case)
    try:
        services.withdraw_consent(consent=consent, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De toestemming is ingetrokken."))
    return redirect(f"{record_url(case)}#toestemming")


def break_glass(request, reference: str):
    """Break the glass: an administrator states a reason to open one case.

    The page never reveals whether the reference exists: an unknown one shows the same form and,
    after submitting, a generic message.
    """
    if not _allowed(request, "cases.break_glass"):
        raise Http404
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = Case.objects.filter(reference=reference).first()
        if case is None:
            messages.error(request, _("Niet gevonden. Controleer het casusnummer."))
        else:
            with transaction.atomic():
                breakglass.grant(request, case, form.cleaned_data["reason"])
            return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/break_glass.html", {"form": form, "reference": reference})


def record_url(case: Case) -> str:
    """The case's "Registratie" tab, where its documents and consents are."""
    return case_tab_url(case.reference, "registratie")


def my_cases_panel(request) -> dict:
    """The dashboard panel "Mijn casussen": counts per status and per signal (one query, shared with the
    signals panel through ``request_case_counts``)."""
    return selectors.my_cases_summary(request.user, counts=selectors.request_case_counts(request))
