"""Views of the care cycle: closing a case with its open items, closing a Raad escalation, review and
aftercare moments ("Evaluatie en nazorg" on the case page and the user's own list). Thin: cases come
from ``cases.selectors`` (404 for anyone not working on the case); writes go through
``expertteams.closing`` and ``expertteams.followups``."""

from __future__ import annotations

import rules
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import CaseStatus
from cases.selectors import cases_for_user, get_case_for_request
from core import audit
from core.forms import service_errors_on
from core.models import AccessLog, Role
from expertteams import closing, followups, services
from expertteams.care_forms import CloseEscalationForm, FollowUpRecordForm, PlanFollowUpForm
from expertteams.forms import team_members, text_area
from expertteams.links import aftercare_url, case_page_url, step_url
from expertteams.models import Escalation, FollowUp

CHOICE_LABELS = {
    closing.FINISH: gettext_lazy("Afronden"),
    closing.HAND_OVER: gettext_lazy("Overdragen"),
    closing.CANCEL: gettext_lazy("Annuleren met reden"),
}


def _require_change(request, case) -> None:
    if not rules.has_perm("cases.change_case", request.user, case):
        raise PermissionDenied


# --- The case page section -----------------------------------------------------------------------------


def care_context(request, case) -> dict:
    """Context of the "Evaluatie en nazorg" section on the case page: every moment (one query)."""
    moments = list(
        FollowUp.objects.filter(case=case).select_related("owner", "step").order_by("due_on", "pk")
    )
    return {
        "case": case,
        "planned": [m for m in moments if m.is_planned],
        "handled": [m for m in moments if not m.is_planned],
        "can_change": rules.has_perm("cases.change_case", request.user, case),
        "can_record": rules.has_perm("cases.change_status", request.user, case),
        "today": timezone.localdate(),
    }


# --- Closing ---------------------------------------------------------------------------------------------


class CloseCaseForm(forms.Form):
    """One choice (and its details) per open item, then the closing reason. Field names carry the item's
    key (``action-12-do``), so the page works without JavaScript."""

    reason = forms.CharField(
        label=gettext_lazy("Toelichting bij het afsluiten"), widget=text_area(2), required=False
    )

    def __init__(self, *args, items: closing.OpenItems, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for key in items.item_keys():
            self.fields[f"{key}-do"] = forms.ChoiceField(
                label=_("Wat moet er gebeuren?"),
                choices=list(CHOICE_LABELS.items()),
                widget=forms.RadioSelect,
            )
            self.fields[f"{key}-to"] = forms.ModelChoiceField(
                label=_("Overdragen aan (gebruiker)"), queryset=members, required=False
            )
            self.fields[f"{key}-note"] = forms.CharField(
                label=_("Aan wie (naam), of de reden"), max_length=300, required=False
            )
        for escalation in items.escalations:
            self.fields[f"escalation-{escalation.pk}-result_kind"] = forms.ChoiceField(
                label=_("Resultaat van de Raad"),
                choices=[("", "---------"), *Escalation.ResultKind.choices],
                required=False,
            )

    def rows(self) -> list[dict]:
        """Each open item with its bound fields, for the template."""
        rows = []
        groups = (
            ("action", _("Open actie"), self.items.actions),
            ("escalation", _("Open escalatie bij de Raad"), self.items.escalations),
            ("followup", _("Gepland moment"), self.items.follow_ups),
        )
        for prefix, label, objects in groups:
            for obj in objects:
                key = f"{prefix}-{obj.pk}"
                rows.append(
                    {
                        "key": key,
                        "label": label,
                        "object": obj,
                        "fields": [self[name] for name in self.fields if name.startswith(f"{key}-")],
                    }
                )
        return rows

    def decisions(self) -> dict[str, closing.Decision]:
        data = self.cleaned_data
        return {
            key: closing.Decision(
                do=data[f"{key}-do"],
                to=data.get(f"{key}-to"),
                note=data.get(f"{key}-note") or "",
                result_kind=data.get(f"{key}-result_kind") or "",
            )
            for key in self.items.item_keys()
        }


def close_case(request, reference: str):
    case = get_case_for_request(request, reference)
    if case.is_closed:
        messages.info(request, _("De casus is al afgesloten."))
        return redirect(case_page_url(case))
    if not rules.has_perm("cases.change_status", request.user, case):
        raise PermissionDenied
    items = closing.open_items(case)
    form = CloseCaseForm(request.POST or None, items=items, members=team_members(case))
    if request.method == "POST" and form.is_valid():
        try:
            closing.close_case(
                case=case, actor=request.user, decisions=form.decisions(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for key, problems in getattr(error, "error_dict", {"__all__": error.error_list}).items():
                field = f"{key}-do" if f"{key}-do" in form.fields else None
                form.add_error(field, problems)
        else:
            messages.success(request, _("De casus is afgesloten; de nazorgmomenten zijn gepland."))
            return redirect(aftercare_url(case))
    elif request.method != "POST":
        audit.record(request.user, AccessLog.Action.VIEW, case, detail="afsluiten")
    return render(request, "expertteams/close_case.html", {"case": case, "form": form, "items": items})


def close_escalation(request, reference: str, pk: int):
    case = get_case_for_request(request, reference)
    _require_change(request, case)
    escalation = Escalation.objects.filter(step__case=case, pk=pk).select_related("step").first()
    if escalation is None:
        raise Http404
    form = CloseEscalationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.close_escalation(escalation=escalation, actor=request.user, **form.cleaned_data)
            messages.success(request, _("De escalatie is afgesloten."))
            return redirect(step_url(escalation.step))  # lands on the step however old it is
    return render(
        request,
        "expertteams/care_form.html",
        {
            "case": case,
            "form": form,
            "title": _("Escalatie bij de Raad afsluiten"),
            "object": escalation.step,
        },
    )


# --- Review and aftercare moments ------------------------------------------------------------------------


def plan_review(request, reference: str):
    case = get_case_for_request(request, reference)
    _require_change(request, case)
    form = PlanFollowUpForm(request.POST or None, members=team_members(case))
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            followups.plan_review(case=case, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Het evaluatiemoment is gepland."))
            return redirect(aftercare_url(case))
    return render(
        request,
        "expertteams/care_form.html",
        {"case": case, "form": form, "title": _("Evaluatiemoment plannen"), "back_url": aftercare_url(case)},
    )


def _moment_for_request(request, pk: int) -> FollowUp:
    moment = (
        FollowUp.objects.filter(pk=pk, case__in=cases_for_user(request.user)).select_related("case").first()
    )
    if moment is None:
        raise Http404
    return moment


def record_follow_up(request, pk: int):
    """Record a planned moment: "gaat het nog goed?"; "nee" on a closed case reopens it."""
    moment = _moment_for_request(request, pk)
    case = moment.case
    if not rules.has_perm("cases.change_status", request.user, case):
        raise PermissionDenied
    if not moment.is_planned:
        messages.info(request, _("Dit moment is al afgehandeld."))
        return redirect(aftercare_url(case))
    form = FollowUpRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            followups.record_follow_up(moment=moment, actor=request.user, **form.cleaned_data)
            case.refresh_from_db(fields=["status"])
            if case.status == CaseStatus.ACTIVE and not form.cleaned_data["going_well"]:
                messages.warning(request, _("Vastgelegd; de casus is heropend."))
            else:
                messages.success(request, _("Vastgelegd."))
            return redirect(aftercare_url(case))
    return render(
        request,
        "expertteams/care_form.html",
        {
            "case": case,
            "form": form,
            "title": moment.get_kind_display(),
            "moment": moment,
            "back_url": aftercare_url(case),
        },
    )


def my_follow_ups(request):
    """The planned review and aftercare moments on the cases the user works on, earliest first."""
    if not request.user.has_role(Role.FACILITATOR, Role.COORDINATOR):
        raise Http404
    moments = (
        FollowUp.objects.filter(case__in=cases_for_user(request.user).values("pk"), resolved_at__isnull=True)
        .select_related("case", "owner")
        .order_by("due_on", "pk")[:200]
    )
    return render(
        request, "expertteams/my_follow_ups.html", {"moments": moments, "today": timezone.localdate()}
    )
