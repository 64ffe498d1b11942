"""The placement history page of a case (``/casussen/<reference>/verblijf/``): the episodes so far and a
form to add one, at intake or when filling in the past. Moving the youth later is a "verblijfswijziging"
step on the timeline. Writes go through ``cases.placements``."""

from __future__ import annotations

import rules
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import placements, selectors
from cases.models import PlacementEpisode
from core import audit
from core.forms import service_errors_on
from core.models import AccessLog


class PlacementEpisodeForm(forms.ModelForm):
    class Meta:
        model = PlacementEpisode
        fields = ("placement_type", "provider", "started_on", "ended_on", "forced", "notes")
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "ended_on": gettext_lazy("Leeg laten als de jongere hier nu verblijft."),
            "provider": gettext_lazy("Bijvoorbeeld de naam van de aanbieder of het gezinshuis."),
        }


def placement_history(request, reference: str):
    case = selectors.get_case_for_request(request, reference)
    can_change = rules.has_perm("cases.change_case", request.user, case)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    form = PlacementEpisodeForm(request.POST or None) if can_change else None
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            placements.add_episode(case=case, actor=request.user, **form.cleaned_data)
            messages.success(request, _("De verblijfsperiode is toegevoegd."))
            return redirect("cases:placements", reference=case.reference)
    else:
        audit.record(request.user, AccessLog.Action.VIEW, case, detail="verblijfsgeschiedenis")
    episodes = list(case.placement_episodes.order_by("started_on", "pk"))
    return render(
        request,
        "cases/placements.html",
        {"case": case, "form": form, "summary": placements.placement_summary(episodes)},
    )
