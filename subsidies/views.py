"""Views of the grant pipeline. Thin: they fetch through ``subsidies.selectors`` (404 when the user
may not see the application) and write through ``subsidies.services``; permissions are checked with
``rules.has_perm`` (never ``user.has_perm``, which a superuser passes)."""

from __future__ import annotations

from functools import partial, wraps

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.selectors import get_case_for_request
from core import audit
from core.exports import requested_format
from core.formatting import format_date
from core.forms import add_service_errors, service_errors_on
from core.jobs import JobStatus
from core.links import url_for_each
from core.models import AccessLog, Role
from core.private_files import download_response, upload_from_form
from core.uploads import private_file_response
from core.workdays import get_calendar
from subsidies import committee, completion, exports, provider, queue, selectors, services
from subsidies.forms import (
    AttachmentForm,
    CallApplicationForm,
    CompletionRequestForm,
    ConflictDeclarationForm,
    CostLineFormSet,
    DecisionForm,
    DraftForm,
    NotConsiderForm,
    ScoreForm,
    StartApplicationForm,
    WithdrawForm,
    cost_lines_from,
)
from subsidies.models import (
    ApplicationStatus,
    ConflictDeclaration,
    DecisionLetter,
    GrantApplication,
    default_completion_due,
)

PAGE_SIZE = 25


def _allowed(request, perm: str, obj=None) -> bool:
    return rules.has_perm(perm, request.user, obj)


def detail_url(application: GrantApplication) -> str:
    return reverse("subsidies:detail", args=[application.reference])


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _perform(request, write, success) -> None:
    """Run a service ``write``; its ``ValidationError`` becomes an error message, success the
    ``success`` message (a callable when it reads what the write changed)."""
    try:
        write()
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, success() if callable(success) else success)


def _on_application(view):
    """A POST to one application's address (404 when the user may not see it): ``view(request,
    application)`` does the work and returns its response, or ``None`` to go back to the application."""

    @require_POST
    @wraps(view)
    def handle(request, reference: str):
        application = selectors.get_application_for_request(request, reference)
        return view(request, application) or redirect(detail_url(application))

    return handle


def _posted_reason(request, form_class) -> str:
    """The optional reason a button's small form posts (``""`` when it is missing or not valid)."""
    form = form_class(request.POST)
    form.is_valid()
    return form.cleaned_data.get("reason", "")


def _decided_by(application: GrantApplication) -> dict:
    """The date the committee decides by, for a message's ``%(due)s``."""
    return {"due": format_date(application.decision_due)}


def application_list(request):
    applications = selectors.with_list_data(selectors.applications_for_user(request.user)).order_by(
        "-created_at", "-id"
    )
    status = request.GET.get("status", "")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    export_format = requested_format(request)
    if export_format:
        if not request.user.has_role(*exports.LIST_ROLES):
            raise Http404
        return exports.application_list_response(request, applications, export_format)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "subsidies/application_list.html",
        {
            "page": page,
            "statuses": ApplicationStatus.choices,
            "status": status,
            "is_team": request.user.has_role(Role.FACILITATOR, Role.COORDINATOR),
            "is_committee": request.user.has_role(Role.COMMITTEE),
            "is_provider": request.user.has_role(Role.PROVIDER),
        },
    )


def application_start(request, case_reference: str):
    case = get_case_for_request(request, case_reference)
    if not _allowed(request, "subsidies.start_application", case):
        raise Http404
    form = StartApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            application = services.start_application(
                case=case,
                scheme=form.cleaned_data["scheme"],
                provider_organisation=form.cleaned_data["provider_organisation"],
                invited_users=form.cleaned_data["invited_users"],
                actor=request.user,
                title=form.cleaned_data["title"],
                purpose=form.cleaned_data["purpose"],
            )
            messages.success(request, _("De aanvraag %(ref)s is gestart.") % {"ref": application.reference})
            return redirect(detail_url(application))
    return render(request, "subsidies/application_start.html", {"case": case, "form": form})


def _detail_context(request, application: GrantApplication, **forms) -> dict:
    """The page (``selectors.application_page``) and the forms it offers, bound ones from ``forms``."""
    page = selectors.application_page(application, request.user)
    context = {"page": page, "application": application}
    if page.can_edit:
        context["draft_form"] = forms.get("draft_form") or DraftForm(
            initial={f: getattr(application, f) for f in ("title", "purpose", "motivation")}
        )
        context["cost_formset"] = forms.get("cost_formset") or CostLineFormSet(
            prefix="kosten",
            initial=[
                {"description": line.description, "amount": line.amount, "is_investment": line.is_investment}
                for line in page.cost_lines
            ],
        )
        context["attachment_form"] = forms.get("attachment_form") or AttachmentForm()
    if page.can_decide:
        context["decision_form"] = forms.get("decision_form") or DecisionForm(
            initial={"amount": page.requested}
        )
    if page.can_score:
        context["score_form"] = forms.get("score_form") or ScoreForm(
            criteria=application.scheme.criteria.all(), initial_scores=page.my_scores
        )
    if page.can_withdraw:
        context["withdraw_form"] = WithdrawForm()
    if page.can_request_completion:
        context["completion_form"] = forms.get("completion_form") or CompletionRequestForm(
            initial={"completion_due": default_completion_due(timezone.now())}
        )
    if page.can_not_consider:
        context["not_consider_form"] = NotConsiderForm()
    return context


def application_detail(request, reference: str):
    application = selectors.get_application_for_request(request, reference)
    audit.record(request.user, AccessLog.Action.VIEW, application)
    return render(request, "subsidies/application_detail.html", _detail_context(request, application))


def _rerender(request, application, **forms):
    application.refresh_from_db()
    return render(
        request, "subsidies/application_detail.html", _detail_context(request, application, **forms)
    )


@require_POST
def draft_update(request, reference: str):
    application = selectors.get_application_for_request(request, reference)
    if not _allowed(request, "subsidies.change_application", application):
        raise PermissionDenied
    draft_form = DraftForm(request.POST)
    cost_formset = CostLineFormSet(request.POST, prefix="kosten")
    if draft_form.is_valid() and cost_formset.is_valid():
        try:
            services.update_draft(
                application=application,
                actor=request.user,
                data=draft_form.cleaned_data,
                cost_lines=cost_lines_from(cost_formset),
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Het concept is opgeslagen."))
            return redirect(detail_url(application))
    return _rerender(request, application, draft_form=draft_form, cost_formset=cost_formset)


@require_POST
def attachment_add(request, reference: str):
    application = selectors.get_application_for_request(request, reference)
    if not _allowed(request, "subsidies.change_application", application):
        raise PermissionDenied
    upload_from_form(
        request,
        AttachmentForm(request.POST, request.FILES),
        store=partial(services.add_attachment, application=application, actor=request.user),
        success=_("De bijlage is toegevoegd."),
    )
    return redirect(f"{detail_url(application)}#bijlagen")


def attachment_download(request, public_id):
    attachment = selectors.get_attachment_for_request(request, public_id)
    return download_response(request, attachment)


@require_POST
def attachment_delete(request, public_id):
    attachment = selectors.get_attachment_for_request(request, public_id)
    application = attachment.application
    _perform(
        request,
        lambda: services.delete_attachment(attachment=attachment, actor=request.user),
        _("De bijlage is verwijderd."),
    )
    return redirect(f"{detail_url(application)}#bijlagen")


@_on_application
def application_submit(request, application: GrantApplication):
    _perform(
        request,
        lambda: services.submit_application(application=application, actor=request.user),
        lambda: (
            _("De aanvraag is ingediend. De commissie beslist uiterlijk op %(due)s.")
            % _decided_by(application)
        ),
    )


@_on_application
def application_ready(request, application: GrantApplication):
    _perform(
        request,
        lambda: provider.mark_ready(application=application, actor=request.user),
        _("Het expertteam weet dat de aanvraag klaar is om in te dienen."),
    )


@_on_application
def application_withdraw(request, application: GrantApplication):
    reason = _posted_reason(request, WithdrawForm)
    _perform(
        request,
        lambda: services.withdraw_application(application=application, actor=request.user, reason=reason),
        _("De aanvraag is ingetrokken."),
    )


def _submit(request, application, form, perform, success: str, *, form_name: str):
    """Run ``perform`` when ``form`` is valid. Done: the message and back to the application. Refused as
    a whole (a ``ValidationError`` without fields: already decided, too few scores): the reason as a
    message and back. Field errors: on the form, and the page again with it as ``form_name``."""
    if form.is_valid():
        try:
            perform()
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, _errors(error))
                return redirect(detail_url(application))
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(detail_url(application))
    return _rerender(request, application, **{form_name: form})


@_on_application
def application_decide(request, application: GrantApplication):
    form = DecisionForm(request.POST)
    return _submit(
        request,
        application,
        form,
        lambda: services.decide(
            application=application,
            actor=request.user,
            outcome=form.cleaned_data["outcome"],
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
        ),
        _("Het besluit is vastgelegd. De beschikking wordt gemaakt."),
        form_name="decision_form",
    )


@_on_application
def application_score(request, application: GrantApplication):
    form = ScoreForm(request.POST, criteria=application.scheme.criteria.all())
    if form.is_valid():
        try:
            services.score_application(application=application, actor=request.user, scores=form.scores())
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Uw scores zijn opgeslagen."))
            return redirect(detail_url(application))
    return _rerender(request, application, score_form=form)


@_on_application
def completion_request(request, application: GrantApplication):
    form = CompletionRequestForm(request.POST)
    return _submit(
        request,
        application,
        form,
        lambda: completion.request_completion(
            application=application,
            actor=request.user,
            message=form.cleaned_data["message"],
            completion_due=form.cleaned_data["completion_due"],
        ),
        _("De aanvrager is gevraagd de aanvraag aan te vullen; de termijn is opgeschort."),
        form_name="completion_form",
    )


@_on_application
def completion_done(request, application: GrantApplication):
    _perform(
        request,
        lambda: completion.complete_request(application=application, actor=request.user),
        lambda: (
            _("De aanvulling is ingediend. De commissie beslist uiterlijk op %(due)s.")
            % _decided_by(application)
        ),
    )


@_on_application
def not_consider(request, application: GrantApplication):
    reason = _posted_reason(request, NotConsiderForm)
    _perform(
        request,
        lambda: completion.not_consider(application=application, actor=request.user, reason=reason),
        _("De aanvraag is buiten behandeling gelaten. De beschikking wordt gemaakt."),
    )


def decision_letter_download(request, reference: str):
    application = selectors.get_application_for_request(request, reference)
    if not _allowed(request, "subsidies.download_decision_letter", application):
        raise Http404
    letter = DecisionLetter.objects.filter(application=application, status=JobStatus.DONE).first()
    if letter is None or not letter.is_downloadable:
        raise Http404
    audit.record(request.user, AccessLog.Action.EXPORT, letter, detail="beschikking")
    return private_file_response(
        letter.file, filename=f"beschikking-{application.reference}.pdf", content_type="application/pdf"
    )


def committee_queue(request):
    """One page of the member's queue (filtered and ordered in SQL); the export has every filtered row."""
    if not request.user.has_role(Role.COMMITTEE):
        raise Http404
    today, calendar = timezone.localdate(), get_calendar()
    queue_filter = queue.QueueFilter.from_query(request.GET)
    schemes = list(selectors.committee_schemes(request.user))
    applications = selectors.committee_queue_applications(
        request.user, queue_filter, today=today, calendar=calendar, scheme_ids=[s.pk for s in schemes]
    )
    export_format = requested_format(request)
    if export_format:
        rows = queue.iter_queue_rows(applications, today=today, calendar=calendar)
        return exports.committee_queue_response(request, rows, applications, export_format)
    page = Paginator(applications, queue.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queue.queue_rows(list(page.object_list), today=today, calendar=calendar, waiting_for=False)
    application_url = url_for_each("subsidies:detail")
    for row in rows:
        row.application.page_url = application_url(row.application.reference)
    context = {
        "page": page,
        "rows": rows,
        "today": today,
        "filter": queue_filter,
        "schemes": schemes,
        "states": queue.STATES,
    }
    return render(request, "subsidies/committee_queue.html", context)


def call_list(request):
    now = timezone.now()
    is_provider = request.user.has_role(Role.PROVIDER)
    return render(
        request,
        "subsidies/call_list.html",
        {
            "open_calls": selectors.open_calls(now=now),
            "closed_calls": selectors.closed_calls(now=now)[:10],
            "is_provider": is_provider,
            "form": CallApplicationForm(user=request.user) if is_provider else None,
            "my_proposals": selectors.with_list_data(
                selectors.provider_applications(request.user).filter(call__isnull=False)
            ).order_by("-created_at")
            if is_provider
            else [],
        },
    )


@require_POST
def call_apply(request, pk: int):
    if not request.user.has_role(Role.PROVIDER):
        raise Http404
    call = get_object_or_404(selectors.open_calls(), pk=pk)
    form = CallApplicationForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("subsidies:calls")
    try:
        application = services.start_call_application(
            call=call,
            organisation=form.cleaned_data["organisation"],
            actor=request.user,
            title=form.cleaned_data["title"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error) if isinstance(error, ValidationError) else str(error))
        return redirect("subsidies:calls")
    messages.success(request, _("Het voorstel %(ref)s is aangemaakt.") % {"ref": application.reference})
    return redirect(detail_url(application))


def conflict_declarations(request):
    """A committee member's declared conflicts of interest, and the form to declare one."""
    if not request.user.has_role(Role.COMMITTEE):
        raise Http404
    form = ConflictDeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            committee.declare_conflict(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Het belang is gemeld."))
            return redirect("subsidies:conflicts")
    declarations = ConflictDeclaration.objects.filter(member=request.user).select_related(
        "organisation", "expert_team"
    )
    return render(request, "subsidies/conflicts.html", {"form": form, "declarations": declarations})


def committee_panel(request) -> dict | None:
    """Dashboard panel for the committee: applications due today, overdue and at risk."""
    return {**selectors.committee_counts(request.user), "at_risk": selectors.committee_at_risk(request.user)}


def provider_panel(request) -> dict | None:
    """Dashboard panel for providers: drafts waiting for them."""
    drafts = list(selectors.provider_drafts(request.user).select_related("scheme").order_by("created_at")[:5])
    return {"drafts": drafts, "count": selectors.provider_drafts(request.user).count()}


def case_section_context(request, case) -> dict:
    """The grant applications on the case page (``cases.sections``): ``selectors.case_applications``."""
    return {
        "case": case,
        "applications": selectors.case_applications(request.user, case),
        "can_start": _allowed(request, "subsidies.start_application", case),
    }
