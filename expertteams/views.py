"""Views of the timeline, "Mijn acties" and the dashboard panel. Thin: cases come from
``cases.selectors.get_case_for_request`` (404 for anyone not working on the case), writes go
through ``expertteams.services``; each kind's form comes from its spec in ``expertteams.kinds``."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.models import Case
from cases.selectors import (
    SIGNALS_EXPLAINED,
    get_case_for_request,
    request_case_counts,
    request_signal_conditions,
    youth_age,
)
from core import audit, exports
from core.exports import Column, ColumnType
from core.links import safe_next, url_for_each
from core.models import AccessLog, Role
from expertteams import selectors, services
from expertteams.forms import PEOPLE_LIST_ID, case_people
from expertteams.kinds import KINDS
from expertteams.links import case_page_url, step_url, timeline_page_url


def timeline_context(request, case, *, details: bool = False) -> dict:
    """Context of the timeline section: ``entries`` pairs each step of the page with the template that
    shows its details (its kind's ``timeline_template``).

    On the case page (``cases.sections``) the steps come without their details: kind, title, date,
    author, summary and actions, and a link to the step on the full timeline (``expertteams:timeline``,
    ``details=True``), which shows every detail and earlier version. So the case page costs about the
    same whatever kinds of steps it lists (docs/scaling.md).

    A page holds the newest 50 steps; ``?vanaf=<step id>`` starts the page at that step (the link
    "eerdere stappen", and every link to a step: ``links.timeline_page_url``), ``?soort=<kind>`` shows one kind.
    """
    kind = request.GET.get("soort", "")
    if kind not in KINDS:
        kind = ""
    try:
        start = int(request.GET["vanaf"])
    except (KeyError, ValueError):
        start = None
    page = selectors.timeline_page(case, start=start, kind=kind, details=details)
    full_timeline_url = reverse("expertteams:timeline", args=[case.reference])
    can_change = rules.has_perm("cases.change_case", request.user, case)
    correct_url = url_for_each("expertteams:step_correct", case.reference) if can_change else None
    return {
        "case": case,
        "entries": [
            {
                "step": step,
                "template": KINDS[step.kind].timeline_template,
                "correct_url": correct_url(step.pk) if correct_url else "",
                "details_url": "" if details else timeline_page_url(full_timeline_url, start=step.pk),
            }
            for step in page.steps
        ],
        "page": page,
        "details": details,
        # The same page of the full timeline (the same first step and kind), and the page before this one.
        "full_timeline_page_url": timeline_page_url(
            full_timeline_url, start=page.start, kind=kind, scroll=False
        ),
        "older_url": timeline_page_url(request.path, start=page.older, kind=kind) if page.older else "",
        "can_change": can_change,
        "kinds": [(spec.kind.value, spec.label) for spec in KINDS.values()],
        "today": timezone.localdate(),
    }


def timeline(request, reference: str):
    """The timeline on a page of its own (the case page shows the same section)."""
    case = get_case_for_request(request, reference)
    audit.record(request.user, AccessLog.Action.VIEW, case, detail="tijdlijn")
    return render(
        request,
        "expertteams/timeline.html",
        {"case": case, "data": timeline_context(request, case, details=True)},
    )


def step_create(request, reference: str, kind: str):
    if kind not in KINDS:
        raise Http404
    case = get_case_for_request(request, reference)
    refused = _refuse_write(request, case)
    if refused:
        return refused
    form = KINDS[kind].bind_form(request.POST if request.method == "POST" else None, case=case)
    if form.is_bound and form.is_valid():
        try:
            step = services.log_step(step_kind=kind, case=case, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(case_page_url(case, "tijdlijn"))
        messages.success(request, _("De stap is vastgelegd."))
        return redirect(step_url(step))
    return _render_form(request, case, form, kind_label=KINDS[kind].label)


def step_correct(request, reference: str, pk: int):
    case = get_case_for_request(request, reference)
    step = selectors.get_step(case, pk)
    refused = _refuse_write(request, case)
    if refused:
        return refused
    form = KINDS[step.kind].bind_form(
        request.POST if request.method == "POST" else None, case=case, step=step
    )
    if not form.is_bound:
        audit.record(request.user, AccessLog.Action.VIEW, step, detail="correctie")
    elif form.is_valid():
        try:
            services.correct_step(
                step=step, actor=request.user, reason=form.cleaned_data["reason"], **form.service_kwargs()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(case_page_url(case, "tijdlijn"))
        messages.success(request, _("De stap is gecorrigeerd; de eerdere versie staat in de geschiedenis."))
        return redirect(step_url(step))
    return _render_form(request, case, form, kind_label=step.get_kind_display(), step=step)


# "Mijn acties" as a spreadsheet: the rows and order of the page.
ACTION_COLUMNS = [
    Column(gettext_lazy("Uiterlijk"), "due_on", ColumnType.DATE),
    Column(gettext_lazy("Over de datum"), lambda action: _("ja") if action.is_overdue else _("nee")),
    Column(gettext_lazy("Actie"), "description"),
    Column(gettext_lazy("Eigenaar"), "owner_name"),
    Column(gettext_lazy("Casus"), "step.case.reference"),
    Column(gettext_lazy("Initialen"), "step.case.youth_initials"),
    Column(gettext_lazy("Leeftijd"), "youth_age", ColumnType.INT),
    Column(gettext_lazy("Stap"), "step.get_kind_display"),
    Column(gettext_lazy("Datum stap"), "step.occurred_on", ColumnType.DATE),
]


def my_actions(request):
    """Open action items of the user, overdue first, then by due date; ``?format=csv|xlsx`` exports them all."""
    if not request.user.has_role(Role.FACILITATOR, Role.COORDINATOR):
        raise Http404
    today = timezone.localdate()
    actions = selectors.open_actions_for_user(request.user, today=today).annotate(
        youth_age=youth_age(today, path="step__case__")
    )
    export_format = exports.requested_format(request)
    if export_format:
        return exports.list_export(
            request,
            actions.iterator(chunk_size=500),
            ACTION_COLUMNS,
            stem="acties",
            format=export_format,
            logged=Case.objects.filter(pk__in=actions.values("step__case_id")),
            what="mijn acties",
            sheet_title=_("Mijn acties"),
        )
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    return render(request, "expertteams/my_actions.html", {"page": page, "today": today})


@require_POST
def action_complete(request, pk: int):
    action = selectors.get_action_for_user(request.user, pk)
    if refused := _refuse_write(request, action.step.case, "expertteams.complete_action", action):
        return refused
    services.complete_action(action=action, actor=request.user)
    messages.success(request, _("De actie is afgerond."))
    return redirect(safe_next(request) or "expertteams:my_actions")


def signals_panel(request) -> dict:
    """Dashboard panel for facilitators and coordinators: signals on their cases, recently closed."""
    result = selectors.dashboard_signals(
        request.user, counts=request_case_counts(request), flags=request_signal_conditions(request)
    )
    return {
        "signals": [
            {"name": name, "label": SIGNALS_EXPLAINED[name], **values}
            for name, values in result["signals"].items()
        ],
        "recently_closed": result["recently_closed"],
    }


def _refuse_write(
    request, case, permission: str = "cases.change_case", obj: object = None
) -> HttpResponse | None:
    """None when the user has ``permission`` on ``obj`` (default: may log steps on ``case``); a
    redirect to the timeline with a message when ``case`` is closed; else 403."""
    if rules.has_perm(permission, request.user, case if obj is None else obj):
        return None
    if case.is_closed:
        messages.error(request, services.closed_case_message())
        return redirect(case_page_url(case, "tijdlijn"))
    raise PermissionDenied


def _render_form(request, case, form, *, kind_label, step=None):
    return render(
        request,
        "expertteams/step_form.html",
        {
            "case": case,
            "form": form,
            "kind_label": kind_label,
            "step": step,
            "people": case_people(case),
            "people_list_id": PEOPLE_LIST_ID,
        },
    )
