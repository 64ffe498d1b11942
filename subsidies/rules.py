"""Who may do what with a grant application. Visibility itself is filtered in SQL by
``selectors.applications_for_user``; these predicates decide the actions on an application already
fetched through it. Services and views check them with ``rules.has_perm`` (never ``user.has_perm``:
a superuser would pass every Django permission)."""

from datetime import date

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.rules import is_open, works_on_case
from core.formatting import format_date
from core.models import Role
from core.rules import has_role
from subsidies.models import RECEIVED_STATUSES, ApplicationStatus, ConflictDeclaration

is_team_worker = has_role(Role.FACILITATOR, Role.COORDINATOR)
is_provider = has_role(Role.PROVIDER)
is_committee = has_role(Role.COMMITTEE)


@rules.predicate
def works_on_application_case(user, application) -> bool:
    """The assigned facilitator of the application's case, or a coordinator of its team."""
    return (
        application is not None and application.case_id is not None and works_on_case(user, application.case)
    )


@rules.predicate
def drafts_for_provider(user, application) -> bool:
    """An invited provider user, or a provider user of the applying organisation."""
    if application is None or not user.has_role(Role.PROVIDER):
        return False
    if application.provider_organisation_id in user.organisation_ids(Role.PROVIDER):
        return True
    return application.invited_users.filter(pk=user.pk).exists()


@rules.predicate
def applies_for_organisation(user, application) -> bool:
    """A provider user of the organisation that applies within a call (non-case-bound, network)."""
    return (
        application is not None
        and application.call_id is not None
        and application.provider_organisation_id in user.organisation_ids(Role.PROVIDER)
    )


def _memo(application, key, compute):
    """``compute()`` once per key on this application instance (a request's or a service's object)."""
    cache = application.__dict__.setdefault("_rules_memo", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


@rules.predicate
def sits_on_committee(user, application) -> bool:
    """A committee member of the application's scheme: the one committee test of services, views and
    templates (the decision and scoring permissions add the status and the conflict of interest)."""
    if application is None or not user.has_role(Role.COMMITTEE):
        return False
    return _memo(
        application,
        ("member", user.pk),
        lambda: application.scheme.committee_members.filter(pk=user.pk).exists(),
    )


@rules.predicate
def belongs_to_submitting_team(user, application) -> bool:
    """Any role in the expert team that submitted the application (conflict of interest)."""
    return application is not None and application.expert_team_id in user.team_ids()


def declared_conflict(user, application, today: date | None = None) -> ConflictDeclaration | None:
    """The user's active declaration tying them to the applying organisation or the submitting team."""
    if application is None:
        return None
    return (
        ConflictDeclaration.objects.active_on(today or timezone.localdate())
        .tying(organisation=application.provider_organisation_id, expert_team=application.expert_team_id)
        .filter(member_id=user.pk)
        .select_related("organisation", "expert_team")
        .first()
    )


def recusal_reason(user, application, today: date | None = None) -> str | None:
    """Why ``user`` may not score, ask for completion or decide on ``application``; ``None`` when they may.

    A role in the submitting expert team, or an active declared tie to the applying organisation or
    that team (``ConflictDeclaration``). Worked out once per user and day on an application instance
    (the page asks several permissions; a service locks a fresh instance)."""
    if application is None:
        return None
    today = today or timezone.localdate()
    return _memo(application, ("recusal", user.pk, today), lambda: _recusal_reason(user, application, today))


def _recusal_reason(user, application, today: date) -> str | None:
    if belongs_to_submitting_team(user, application):
        return _(
            "U hoort bij het expertteam dat deze aanvraag indiende en mag er daarom niet over beslissen."
        )
    declaration = declared_conflict(user, application, today)
    if declaration is None:
        return None
    return _(
        "U heeft een band met %(tie)s gemeld (%(description)s, vanaf %(date)s) en mag daarom niet over "
        "deze aanvraag beoordelen of beslissen."
    ) % {
        "tie": declaration.tie,
        "description": declaration.description,
        "date": format_date(declaration.valid_from),
    }


@rules.predicate
def is_recused(user, application) -> bool:
    """A conflict of interest: a role in the submitting team or a declared tie (``recusal_reason``)."""
    return application is not None and recusal_reason(user, application) is not None


@rules.predicate
def is_draft(user, application) -> bool:
    return application is not None and application.status == ApplicationStatus.DRAFT


@rules.predicate
def is_submitted(user, application) -> bool:
    return application is not None and application.status == ApplicationStatus.SUBMITTED


@rules.predicate
def is_suspended(user, application) -> bool:
    return application is not None and application.status == ApplicationStatus.SUSPENDED


@rules.predicate
def is_decided(user, application) -> bool:
    return application is not None and application.is_decided


@rules.predicate
def is_scored_scheme(user, application) -> bool:
    return application is not None and application.scheme.needs_scores


@rules.predicate
def is_received(user, application) -> bool:
    return (
        application is not None
        and application.received_at is not None
        and application.status in RECEIVED_STATUSES
    )


@rules.predicate
def case_is_open(user, application) -> bool:
    return application is not None and (application.case_id is None or is_open(user, application.case))


@rules.predicate
def is_case_bound_application(user, application) -> bool:
    return application is not None and application.case_id is not None


team_of_case = is_team_worker & works_on_application_case
# The committee sees an application from its receipt on, as ``selectors.applications_for_user`` does.
participates = team_of_case | drafts_for_provider | (sits_on_committee & is_received)

rules.add_perm("subsidies.start_application", is_team_worker & works_on_case & is_open)
rules.add_perm("subsidies.view_application", participates)
rules.add_perm(
    "subsidies.change_application",
    (is_draft | is_suspended) & case_is_open & (team_of_case | drafts_for_provider),
)
rules.add_perm(
    "subsidies.complete_application", is_suspended & case_is_open & (team_of_case | drafts_for_provider)
)
rules.add_perm(
    "subsidies.submit_application", is_draft & case_is_open & (team_of_case | applies_for_organisation)
)
rules.add_perm(
    "subsidies.withdraw_application",
    (is_draft | is_submitted | is_suspended) & (team_of_case | applies_for_organisation),
)
rules.add_perm("subsidies.decide_application", is_submitted & sits_on_committee & ~is_recused)
rules.add_perm("subsidies.request_completion", is_submitted & sits_on_committee & ~is_recused)
rules.add_perm(
    "subsidies.not_consider_application",
    (is_submitted | is_suspended) & sits_on_committee & ~is_recused,
)
rules.add_perm(
    "subsidies.score_application",
    is_submitted & is_scored_scheme & sits_on_committee & ~is_recused,
)
rules.add_perm("subsidies.download_decision_letter", is_decided & participates)
# The invited provider signals the team that a case-bound draft is ready; the team submits it.
rules.add_perm(
    "subsidies.mark_ready", is_draft & is_case_bound_application & case_is_open & drafts_for_provider
)
