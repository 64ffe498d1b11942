"""A world of real objects for access tests: the demo data (``seed_demo``) plus the few objects the
demo does not make (a document, an attachment, generated files, retention and erasure records) and
the users of the other team and region.

Every object the world names belongs to expert team / region Utrecht Stad (UTR), so a facilitator,
coordinator or municipal user of Flevoland (FLE) is an outsider to all of them. ``build_world`` runs
inside a transaction the caller rolls back (see ``tests/core/test_endpoint_inventory.py``).
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import AccessLog, ExpertTeam, Organisation, Region, Role, User
from tests.factories import user_with_role

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# The roles an access test signs in as. The first eight are the outsiders of a UTR object the
# brief of the endpoint inventory names; the others are the insiders (and a same-team colleague).
OUTSIDERS = (
    "facilitator_fle",  # facilitator of another team
    "coordinator_fle",  # coordinator of another team
    "provider",  # Gezinshuis De Linde
    "committee",  # member of the assessment committee
    "municipal_fle",  # municipal user of another region
    "learner",
    "admin",  # functional administrator, no break-the-glass
    "anonymous",
)
INSIDERS = ("facilitator", "coordinator", "municipal", "facilitator_colleague")


@dataclass
class World:
    users: dict[str, User | None] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as error:
            raise AttributeError(name) from error


def _first(queryset, what: str):
    found = queryset.first()
    assert found is not None, f"the demo data has no {what}: update tests/access_world.py"
    return found


def build_world() -> World:
    from cases import services as case_services
    from cases.models import Case, CaseStatus, Consent
    from expertteams.care_models import FollowUp
    from expertteams.models import ActionItem, CaseFileExport, Escalation, Step
    from learning.models import (
        Course,
        LearningCase,
        LearningSession,
        LearningTeam,
        LearningTrack,
        ProjectGroupMeeting,
        TrackReport,
    )
    from privacy.erasure import record_erasure_request
    from privacy.models import AccessReport, RetentionReview
    from reports.models import ReportRequest
    from subsidies import services as grant_services
    from subsidies.models import ApplicationStatus, Call, DecisionLetter, GrantApplication, SchemeKind

    if not Region.objects.filter(code="UTR").exists():
        importlib.import_module("core.migrations.0002_reference_data").load(apps, None)
    call_command("seed_demo", force=True, quiet_accounts=True)

    team_utr = ExpertTeam.objects.get(region__code="UTR")
    team_fle = ExpertTeam.objects.get(region__code="FLE")
    users = {
        "facilitator": User.objects.get(username="procesbegeleider"),
        "coordinator": User.objects.get(username="coordinator"),
        "municipal": User.objects.get(username="gemeente"),
        "facilitator_fle": User.objects.get(username="procesbegeleider2"),
        "coordinator_fle": user_with_role(Role.COORDINATOR, "h_coord_fle", expert_team=team_fle),
        "municipal_fle": user_with_role(
            Role.MUNICIPAL, "h_gemeente_fle", region=Region.objects.get(code="FLE")
        ),
        "facilitator_colleague": user_with_role(Role.FACILITATOR, "h_pb_utr_2", expert_team=team_utr),
        "provider": User.objects.get(username="gezinshuis"),
        "committee": User.objects.get(username="commissie"),
        "learner": User.objects.get(username="leernetwerk"),
        "admin": User.objects.get(username="beheer"),
        "anonymous": None,
    }
    facilitator = users["facilitator"]
    mine = Case.objects.filter(expert_team=team_utr, facilitator=facilitator)
    open_cases = mine.exclude(status=CaseStatus.CLOSED)

    o: dict[str, object] = {}
    o["case"] = _first(open_cases.filter(consents__isnull=False).order_by("pk"), "open UTR case with consent")
    o["consent"] = _first(Consent.objects.filter(case=o["case"]), "consent")
    o["step"] = _first(Step.objects.filter(case__in=open_cases).order_by("pk"), "step on an open UTR case")
    o["action"] = _first(
        ActionItem.objects.filter(step__case__in=open_cases, done_at__isnull=True).order_by("pk"),
        "open action on an open UTR case",
    )
    o["escalation"] = _first(
        Escalation.objects.filter(step__case__in=open_cases, status=Escalation.Status.OPEN).order_by("pk"),
        "open escalation on an open UTR case",
    )
    o["follow_up"] = _first(
        FollowUp.objects.filter(case__in=mine, resolved_at__isnull=True).order_by("pk"),
        "planned follow-up moment on a UTR case",
    )
    o["closed_case"] = _first(mine.filter(status=CaseStatus.CLOSED).order_by("pk"), "closed UTR case")
    o["document"] = case_services.add_document(
        case=o["case"],
        actor=facilitator,
        uploaded_file=SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf"),
    )

    team_apps = GrantApplication.objects.filter(expert_team=team_utr)
    provider = users["provider"]
    # The demo's drafts are all Gezinshuis De Linde's: the world starts one for another provider.
    demo_draft = _first(team_apps.filter(status=ApplicationStatus.DRAFT), "UTR draft application")
    o["draft"] = grant_services.start_application(
        case=o["case"],
        scheme=demo_draft.scheme,
        provider_organisation=Organisation.objects.exclude(pk=demo_draft.provider_organisation_id)
        .filter(name__startswith="Gezinshuis")
        .first(),
        invited_users=[],
        actor=users["coordinator"],
        title="Toegangstest",
    )
    o["provider_draft"] = _first(
        team_apps.filter(status=ApplicationStatus.DRAFT, invited_users=provider).order_by("pk"),
        "UTR draft application the provider was invited to",
    )
    o["attachment"] = grant_services.add_attachment(
        application=o["draft"],
        actor=users["coordinator"],
        uploaded_file=SimpleUploadedFile("offerte.pdf", PDF, content_type="application/pdf"),
    )
    o["submitted"] = _first(
        team_apps.filter(status=ApplicationStatus.SUBMITTED, scheme__committee_members=users["committee"])
        .exclude(invited_users=provider)
        .exclude(provider_organisation__name="Gezinshuis De Linde")
        .order_by("pk"),
        "submitted UTR application the committee member assesses",
    )
    o["scored"] = _submitted_for(
        users["committee"],
        GrantApplication.objects.exclude(scheme__kind=SchemeKind.CASE_BOUND),
        "application on a scored scheme",
    )
    o["letter_application"] = _first(
        GrantApplication.objects.filter(
            pk__in=DecisionLetter.objects.values("application"), expert_team=team_utr
        ),
        "UTR application with a decision letter",
    )
    o["call"] = _first(Call.objects.order_by("-closes_at"), "grant call")

    o["track"] = _first(LearningTrack.objects.filter(participants__user=users["learner"]), "learner's track")
    o["learning_team"] = _first(LearningTeam.objects.filter(track=o["track"]).order_by("pk"), "team")
    o["session"] = _first(LearningSession.objects.filter(team__track=o["track"]).order_by("pk"), "session")
    o["learning_case"] = _first(LearningCase.objects.filter(track=o["track"]).order_by("pk"), "case")
    o["meeting"] = _first(ProjectGroupMeeting.objects.filter(track=o["track"]).order_by("pk"), "meeting")
    o["course"] = _first(Course.objects.order_by("pk"), "course")
    o["track_report"] = TrackReport.objects.create(track=o["track"], requested_by=users["learner"])

    today = timezone.localdate()
    o["report"] = ReportRequest.objects.create(
        requested_by=users["municipal"],
        region=Region.objects.get(code="UTR"),
        period_start=date(today.year, 1, 1),
        period_end=today,
        format="csv",
    )
    o["access_report"] = AccessReport.objects.create(
        case=o["case"],
        requested_by=users["coordinator"],
        recipient=AccessReport._meta.get_field("recipient").choices[0][0],
        period_start=today - timedelta(days=30),
        period_end=today,
    )
    for model, obj in ((TrackReport, o["track_report"]), (ReportRequest, o["report"])):
        _build_now(model, obj)
    _build_now(AccessReport, o["access_report"])
    o["case_file_export"] = CaseFileExport.objects.create(case=o["case"], requested_by=users["facilitator"])
    _build_now(CaseFileExport, o["case_file_export"])
    o["retention_review"] = RetentionReview.objects.create(
        case=o["closed_case"], destroy_not_before=today - timedelta(days=1)
    )
    o["erasure_request"] = record_erasure_request(
        actor=users["admin"], case=o["closed_case"], requester="jongere", received_on=today
    )
    o["managed_user"] = users["learner"]
    o["managed_role"] = users["learner"].roles.first()
    o["own_role"] = users["admin"].roles.first()
    return World(users=users, objects=o)


def _submitted_for(member: User, candidates, what: str):
    """A submitted application of ``candidates`` that ``member`` assesses; when the demo has none, one
    undecided candidate is put in that state (received now, the member on its scheme's committee)."""
    from subsidies.models import ApplicationStatus

    found = candidates.filter(status=ApplicationStatus.SUBMITTED, scheme__committee_members=member).order_by(
        "pk"
    )
    if found.exists():
        return found.first()
    application = _first(candidates.filter(decision__isnull=True).order_by("pk"), what)
    application.scheme.committee_members.add(member)
    type(application).objects.filter(pk=application.pk).update(
        status=ApplicationStatus.SUBMITTED, received_at=application.received_at or timezone.now()
    )
    application.refresh_from_db()
    return application


def _build_now(model, obj) -> None:
    """Generated files are built after commit; the world never commits, so build them here."""
    from core.jobs import run_job

    run_job(model, obj.pk)
    obj.refresh_from_db()


# --- what the access tests compare --------------------------------------------------------------

WATCHED_COUNTS = [
    "core.User",
    "core.RoleAssignment",
    "cases.Case",
    "cases.Document",
    "cases.Assignment",
    "cases.CaseStatusChange",
    "cases.PlacementEpisode",
    "expertteams.Step",
    "expertteams.StepRevision",
    "expertteams.FollowUp",
    "subsidies.GrantApplication",
    "subsidies.Attachment",
    "subsidies.Decision",
    "subsidies.Score",
    "subsidies.CompletionRequest",
    "subsidies.ConflictDeclaration",
    "learning.LearningCase",
    "learning.LearningSession",
    "learning.ProjectGroupMeeting",
    "learning.TrackReport",
    "reports.ReportRequest",
    "privacy.AccessReport",
    "privacy.RetentionReview",
    "privacy.ErasureRequest",
]
# Fields whose values a write would change without adding a row.
WATCHED_FIELDS = [
    ("core.User", "is_active"),
    ("cases.Case", "status"),
    ("cases.Case", "facilitator_id"),
    ("cases.Consent", "withdrawn_at"),
    ("expertteams.ActionItem", "done_at"),
    ("expertteams.Escalation", "status"),
    ("expertteams.FollowUp", "resolved_at"),
    ("subsidies.GrantApplication", "status"),
    ("subsidies.GrantApplication", "updated_at"),
    ("learning.LearningCase", "case_id"),
    ("privacy.RetentionReview", "decision"),
    ("privacy.ErasureRequest", "status"),
]


def snapshot() -> dict:
    state: dict = {
        "access log writes": Counter(
            AccessLog.objects.filter(
                action__in=[AccessLog.Action.CREATE, AccessLog.Action.CHANGE, AccessLog.Action.DELETE]
            ).values_list("action", flat=True)
        )
    }
    for label in WATCHED_COUNTS:
        state[label] = apps.get_model(label).objects.count()
    for label, field_name in WATCHED_FIELDS:
        model = apps.get_model(label)
        if any(f.attname == field_name for f in model._meta.concrete_fields):
            state[f"{label}.{field_name}"] = Counter(model.objects.values_list(field_name, flat=True))
    return state


def refusal_problem(response, role: str) -> str | None:
    """None when ``response`` refuses ``role``; else what went wrong."""
    location = response.get("Location", "")
    if role == "anonymous":
        if response.status_code == 302 and location.startswith(reverse("login")):
            return None
        return f"anonymous got {response.status_code} {location}".strip()
    gates = (reverse("login"), reverse("accounts:two_factor_verify"), reverse("accounts:two_factor_setup"))
    if response.status_code in (403, 404) or (response.status_code == 302 and location.startswith(gates)):
        return None
    return f"{role} got {response.status_code} {location}".strip()
