"""Pages of the learning network. Every object is fetched through ``learning.selectors`` (participants
only, 404 otherwise); actions are checked with ``rules``; writes go through ``learning.services``.

Pseudonymity: no page here renders a ``cases.Case`` except the learning-case pages, and those only
through ``selectors.linked_case_for`` (the case's own facilitator or coordinator, never a learner).
"""

from __future__ import annotations

import uuid

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit
from core.forms import service_errors_on
from core.models import AccessLog, Role
from core.uploads import private_file_response
from learning import selectors, services
from learning.forms import (
    ActionFormSet,
    FindingFormSet,
    InterviewFormSet,
    LearningCaseForm,
    LinkCaseForm,
    ProjectGroupMeetingForm,
    SessionForm,
    kept_rows,
)
from learning.models import Course, LearningCase, Theme, TrackReportStatus


def _require(user, perm: str, obj=None) -> None:
    # ``rules.has_perm``, not ``user.has_perm``: a superuser must not pass by being one.
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied


# --- Tracks and teams -------------------------------------------------------------------------------


def track_list(request):
    tracks = selectors.tracks_with_sessions(request.user)
    return render(
        request,
        "learning/track_list.html",
        {
            "tracks": tracks,
            "can_link": rules.has_perm("learning.link_learning_case", request.user),
            "can_see_themes": request.user.has_role(Role.MUNICIPAL) or bool(tracks),
            "can_see_trainings": rules.has_perm("learning.view_trainings", request.user),
        },
    )


def track_detail(request, pk: int):
    track = selectors.get_track_for_user(request.user, pk)
    teams = list(selectors.teams_of_track(track))
    learning_cases = list(track.learning_cases.order_by("code"))
    return render(
        request,
        "learning/track_detail.html",
        {
            "track": track,
            "teams": teams,
            **selectors.session_totals(teams),
            "meetings": list(selectors.project_group_meetings(track)),
            "learning_cases": learning_cases,
            "themes": selectors.findings_by_theme(track),
            "reports": list(selectors.reports_of_track(track)),
        },
    )


def team_detail(request, pk: int):
    team = selectors.get_team_for_user(request.user, pk)
    return render(
        request,
        "learning/team_detail.html",
        {
            "team": team,
            "track": team.track,
            "members": list(team.members.select_related("user").order_by("name")),
            "sessions": list(selectors.sessions_of_team(team)),
        },
    )


def learner_panel(request) -> dict | None:
    """Dashboard panel: the learner's tracks with sessions held against planned."""
    return {"tracks": selectors.tracks_with_sessions(request.user, limit=5)}


# --- Sessions ---------------------------------------------------------------------------------------


def _session_initial(session) -> dict:
    if session is None:
        return {"interviews": [], "findings": [], "actions": []}
    return {
        "interviews": [
            {"with_whom": i.with_whom, "perspective": i.perspective} for i in session.interviews.all()
        ],
        "findings": [
            {
                "text": f.text,
                "recommendation": f.recommendation,
                "learning_case": f.learning_case,
                "themes": list(f.themes.all()),
            }
            for f in session.findings.all()
        ],
        "actions": [
            {"description": a.description, "owner": a.owner, "due_on": a.due_on, "done": a.done}
            for a in session.actions.all()
        ],
    }


def _session_page(request, team, session=None):
    _require(request.user, "learning.record_session", team.track)
    data = request.POST if request.method == "POST" else None
    initial = _session_initial(session)
    learning_cases = LearningCase.objects.filter(track_id=team.track_id).order_by("code")
    themes = Theme.objects.order_by("name")
    form = SessionForm(data, team=team, instance=session)
    interviews = InterviewFormSet(data, prefix="interviews", initial=initial["interviews"] or None)
    findings = FindingFormSet(
        data,
        prefix="findings",
        initial=initial["findings"] or None,
        form_kwargs={"learning_cases": learning_cases, "themes": themes},
    )
    actions = ActionFormSet(data, prefix="actions", initial=initial["actions"] or None)
    formsets = (interviews, findings, actions)
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets):
        fields = {k: form.cleaned_data[k] for k in ("date", "place", "agenda", "duration_minutes")}
        with service_errors_on(form):
            saved = services.save_session(
                team=team,
                actor=request.user,
                session=session,
                preparation_minutes=form.cleaned_data["preparation_minutes"],
                alternative_plan=form.cleaned_data["alternative_plan"],
                attendees=form.cleaned_data["attendees"],
                learning_cases=form.cleaned_data["learning_cases"],
                interviews=kept_rows(interviews),
                findings=kept_rows(findings),
                actions=kept_rows(actions),
                **fields,
            )
            messages.success(request, _("De leerbijeenkomst is opgeslagen."))
            return redirect("learning:session_detail", pk=saved.pk)
    return render(
        request,
        "learning/session_form.html",
        {
            "team": team,
            "track": team.track,
            "session": session,
            "form": form,
            "interviews": interviews,
            "findings": findings,
            "actions": actions,
        },
    )


def session_create(request, team_pk: int):
    team = selectors.get_team_for_user(request.user, team_pk)
    return _session_page(request, team)


def session_edit(request, pk: int):
    session = selectors.get_session_for_user(request.user, pk)
    return _session_page(request, session.team, session)


def session_detail(request, pk: int):
    session = selectors.get_session_for_user(request.user, pk)
    team = session.team
    return render(
        request,
        "learning/session_detail.html",
        {
            "session": session,
            "team": team,
            "track": team.track,
            "can_edit": rules.has_perm("learning.record_session", request.user, team.track),
        },
    )


# --- Learning cases ---------------------------------------------------------------------------------


def learning_case_create(request, track_pk: int):
    track = selectors.get_track_for_user(request.user, track_pk)
    _require(request.user, "learning.change_learning_case", track)
    form = LearningCaseForm(request.POST or None, initial={"code": services.next_learning_case_code(track)})
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            learning_case = services.create_learning_case(
                track=track,
                actor=request.user,
                code=form.cleaned_data["code"],
                summary=form.cleaned_data["summary"],
            )
            messages.success(request, _("De leercasus is aangemaakt."))
            return redirect("learning:learning_case_detail", pk=learning_case.pk)
    return render(request, "learning/learning_case_form.html", {"track": track, "form": form})


def learning_case_edit(request, pk: int):
    learning_case = selectors.get_learning_case_for_user(request.user, pk)
    _require(request.user, "learning.change_learning_case", learning_case)
    form = LearningCaseForm(
        request.POST or None,
        initial={"code": learning_case.code, "summary": learning_case.summary},
        needs_review=learning_case.needs_review,
    )
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            services.update_learning_case(
                learning_case=learning_case,
                actor=request.user,
                code=form.cleaned_data["code"],
                summary=form.cleaned_data["summary"],
                reviewed=form.cleaned_data.get("reviewed", False),
            )
            messages.success(request, _("De leercasus is opgeslagen."))
            return redirect("learning:learning_case_detail", pk=learning_case.pk)
    return render(
        request,
        "learning/learning_case_form.html",
        {"track": learning_case.track, "learning_case": learning_case, "form": form},
    )


def learning_case_detail(request, pk: int):
    learning_case = selectors.get_learning_case_for_user(request.user, pk)
    audit.record(request.user, AccessLog.Action.VIEW, learning_case)
    return render(
        request,
        "learning/learning_case_detail.html",
        {
            "learning_case": learning_case,
            "track": learning_case.track,
            "linked_case": selectors.linked_case_for(request.user, learning_case),
            "can_link": rules.has_perm("learning.link_learning_case", request.user),
            "can_edit": rules.has_perm("learning.change_learning_case", request.user, learning_case),
            "sessions": list(learning_case.sessions.select_related("team__municipality").order_by("date")),
            "findings": list(
                learning_case.findings.select_related("session").prefetch_related("themes").order_by("id")
            ),
        },
    )


def link_overview(request):
    """For facilitators and coordinators: the learning cases, to link one of their cases to."""
    _require(request.user, "learning.link_learning_case")
    learning_cases = list(selectors.learning_cases_for_linking(request.user).order_by("track__name", "code"))
    references = selectors.visible_references(
        request.user, [lc.case_id for lc in learning_cases if lc.case_id]
    )
    for learning_case in learning_cases:
        learning_case.visible_reference = references.get(learning_case.case_id)
    return render(request, "learning/link_overview.html", {"learning_cases": learning_cases})


def learning_case_link(request, pk: int):
    """Link a learning case to one of the user's cases ("Koppelen aan casus"), or remove that link."""
    _require(request.user, "learning.link_learning_case")
    learning_case = selectors.get_learning_case_for_linking(request.user, pk)
    linked_case = selectors.linked_case_for(request.user, learning_case)
    form = LinkCaseForm(request.POST or None)
    if request.method == "POST" and request.POST.get("unlink") and linked_case is not None:
        services.unlink_learning_case(learning_case=learning_case, actor=request.user)
        messages.success(request, _("De koppeling is verwijderd."))
        return redirect("learning:learning_case_link", pk=learning_case.pk)
    if request.method == "POST" and form.is_valid():
        case = selectors.visible_case_by_reference(request.user, form.cleaned_data["reference"])
        if case is None:
            # The same message whether the case does not exist or is someone else's: leaks nothing.
            form.add_error("reference", _("Geen casus van u met dit casusnummer."))
        else:
            with service_errors_on(form):
                services.link_learning_case(learning_case=learning_case, case=case, actor=request.user)
                messages.success(request, _("De leercasus is gekoppeld aan uw casus."))
                return redirect("learning:learning_case_link", pk=learning_case.pk)
    audit.record(request.user, AccessLog.Action.VIEW, learning_case, detail="koppelpagina")
    return render(
        request,
        "learning/learning_case_link.html",
        {
            "learning_case": learning_case,
            "linked_case": linked_case,
            "linked_elsewhere": learning_case.case_id is not None and linked_case is None,
            "form": form,
        },
    )


# --- Themes, trainings, project group ---------------------------------------------------------------


def theme_overview(request):
    overview = selectors.theme_overview(request.user)
    return render(request, "learning/theme_overview.html", {"overview": overview})


def course_list(request):
    _require(request.user, "learning.view_trainings")
    courses = selectors.courses_with_counts()
    return render(request, "learning/course_list.html", {"courses": courses})


def course_detail(request, pk: int):
    _require(request.user, "learning.view_trainings")
    course = Course.objects.prefetch_related("dates", "participants").filter(pk=pk).first()
    if course is None:
        raise Http404
    return render(request, "learning/course_detail.html", {"course": course})


def project_group(request, track_pk: int):
    track = selectors.get_track_for_user(request.user, track_pk)
    _require(request.user, "learning.manage_project_group", track)
    form = ProjectGroupMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_project_group_meeting(track=track, actor=request.user, **form.cleaned_data)
        messages.success(request, _("De bijeenkomst van de projectgroep is opgeslagen."))
        return redirect("learning:project_group", track_pk=track.pk)
    meetings = list(selectors.project_group_meetings(track))
    return render(
        request,
        "learning/project_group.html",
        {"track": track, "meetings": meetings, "held": sum(m.held for m in meetings), "form": form},
    )


def meeting_edit(request, pk: int):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    _require(request.user, "learning.manage_project_group", meeting.track)
    form = ProjectGroupMeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.save_project_group_meeting(
            track=meeting.track, actor=request.user, meeting=meeting, **form.cleaned_data
        )
        messages.success(request, _("De bijeenkomst van de projectgroep is opgeslagen."))
        return redirect("learning:project_group", track_pk=meeting.track_id)
    return render(
        request, "learning/meeting_form.html", {"track": meeting.track, "meeting": meeting, "form": form}
    )


# --- Track report -----------------------------------------------------------------------------------


@require_POST
def report_create(request, track_pk: int):
    track = selectors.get_track_for_user(request.user, track_pk)
    _require(request.user, "learning.request_track_report", track)
    report = services.request_track_report(track=track, actor=request.user)
    messages.success(request, _("Het rapport wordt gemaakt. De voortgang staat hieronder."))
    return redirect(reverse("learning:track_detail", args=[track.pk]) + f"#rapport-{report.public_id}")


def report_status(request, public_id: uuid.UUID):
    report = selectors.get_report_for_user(request.user, public_id)
    url = reverse("learning:report_download", args=[report.public_id])
    done = report.status == TrackReportStatus.DONE
    return JsonResponse(report.status_json(download_url=url, downloads={"pdf": url} if done else {}))


def report_download(request, public_id: uuid.UUID) -> HttpResponse:
    report = selectors.get_report_for_user(request.user, public_id)
    if not report.is_downloadable:
        raise Http404
    audit.record(request.user, AccessLog.Action.EXPORT, report, detail="traject-rapport pdf")
    return private_file_response(report.file, filename=report.filename, content_type="application/pdf")
