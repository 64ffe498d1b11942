"""README's promises about the demo, checked against what ``seed_demo`` loads today (issue 18, item 5).

The demo is seeded once for the module, in a transaction rolled back at the end; each test runs in a
savepoint inside it. Where README lists what a demo user sees, the list is read from README itself,
so a promise added there without data behind it fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Sum
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus, CaseStatusChange, Consent
from cases.selectors import SIGNALS, with_signal
from core.jobs import JobStatus
from core.models import User
from core.workdays import get_calendar
from expertteams.models import ActionItem, Step, StepKind
from expertteams.services import refresh_case_signals
from subsidies.models import (
    ApplicationStatus,
    Decision,
    DecisionLetter,
    DecisionOutcome,
    GrantApplication,
    SchemeBudget,
    Score,
)
from subsidies.rules import recusal_reason
from subsidies.selectors import committee_queue
from subsidies.services import completeness_errors

README = Path(django_settings.BASE_DIR) / "README.md"
DEMO_USERS = (
    "procesbegeleider",
    "procesbegeleider2",
    "coordinator",
    "gezinshuis",
    "commissie",
    "gemeente",
    "leernetwerk",
    "beheer",
)
# Text no demo record may hold: stand-ins for content that was never written.
PLACEHOLDER = re.compile(
    r"\b(lorem|ipsum|filler|placeholder|todo|tbd|xxx|asdf)\b|demo voor|wordt gemaakt", re.IGNORECASE
)
# Apps whose records the demo users read (core holds users and reference data, not demo text).
DEMO_APPS = ("cases", "expertteams", "subsidies", "learning", "privacy")


def _readme_text() -> str:
    return " ".join(README.read_text(encoding="utf-8").split())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(DEBUG=True, MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("seed_demo", quiet_accounts=True)
            yield media
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def seeded(demo, db, settings):
    settings.MEDIA_ROOT = demo
    return demo


def _queue():
    today = timezone.localdate()
    calendar = get_calendar()
    rows = committee_queue(User.objects.get(username="commissie"), today=today, calendar=calendar)
    return rows, today, calendar


def _queue_promises(rows, today, calendar) -> dict[str, int]:
    """How many queue rows fit each phrase README may use."""
    tomorrow = calendar.add_working_days(today, 1)
    return {
        "due tomorrow": sum(1 for row in rows if row.due == tomorrow),
        "overdue": sum(1 for row in rows if row.overdue),
        "suspended": sum(1 for row in rows if row.application.status == ApplicationStatus.SUSPENDED),
        "at risk": sum(1 for row in rows if row.at_risk),
    }


def test_committee_queue_holds_exactly_what_readme_lists(seeded):
    # README, Grants: "Demo: `commissie` sees the queue (one request due tomorrow, one overdue), ..."
    match = re.search(r"`commissie` sees the queue \(([^)]*)\)", _readme_text())
    assert match, "README no longer says what commissie sees in the queue"
    rows, today, calendar = _queue()
    counts = _queue_promises(rows, today, calendar)
    promised = [part.strip() for part in match.group(1).split(",") if part.strip()]
    words = {"one": 1, "two": 2, "three": 3}
    for part in promised:
        # "one overdue", "one request due tomorrow", "which is the one at risk", ...
        said = re.search(r"\b(one|two|three)\b(.*)", part)
        known = [phrase for phrase in counts if said and phrase in said.group(2)]
        assert known, f"README promises something this test cannot check: {part!r}"
        for phrase in known:
            assert counts[phrase] == words[said.group(1)], (part, counts)


def test_committee_queue_has_one_of_each_state_the_issue_names(seeded):
    # Issue 18: "the committee queue with exactly what README promises (one due tomorrow, one overdue,
    # one suspended, one at risk)". At risk means fewer than two working days left, so the request due
    # tomorrow is the one at risk: Het Anker's, on which commissie2 is recused.
    rows, today, calendar = _queue()
    assert _queue_promises(rows, today, calendar) == {
        "due tomorrow": 1,
        "overdue": 1,
        "suspended": 1,
        "at risk": 1,
    }
    (at_risk,) = [row.application for row in rows if row.at_risk]
    assert at_risk.provider_organisation.name == "Gezinshuis Het Anker"
    assert recusal_reason(User.objects.get(username="commissie2"), at_risk)
    # Nothing overdue by months: the one overdue request is a week late at most.
    (overdue,) = [row for row in rows if row.overdue]
    assert calendar.working_days_between(overdue.due, today) <= 5


def test_amys_story_is_told_in_order(seeded):
    # README, walkthrough: "Her timeline, read from the bottom up: contact with the case holder; ...;
    # and the outcome ... The case is closed."
    amy = Case.objects.get(youth_name="Amy", region__code="UTR")
    steps = list(Step.objects.filter(case=amy).order_by("occurred_on", "created_at", "pk"))
    assert steps[0].kind == StepKind.CONTACT_MUNICIPALITY and steps[-1].kind == StepKind.OUTCOME
    referred_on = timezone.localtime(amy.created_at).date()
    assert referred_on < steps[0].occurred_on
    assert set(Consent.objects.filter(case=amy).values_list("given_on", flat=True)) == {referred_on}
    assert all(timezone.localtime(step.created_at).date() == step.occurred_on for step in steps)
    assert amy.status == CaseStatus.CLOSED
    assert steps[-1].occurred_on < timezone.localtime(amy.closed_at).date() < timezone.localdate()
    changes = list(CaseStatusChange.objects.filter(case=amy).order_by("pk"))
    moments = [change.changed_at for change in changes]
    assert moments == sorted(moments) and amy.created_at < moments[0]
    assert changes[-1].to_status == CaseStatus.CLOSED and moments[-1] == amy.closed_at
    for action in ActionItem.objects.filter(step__case=amy):
        assert action.done_at is not None and action.done_at <= amy.closed_at


def test_amys_grant_falls_inside_her_story(seeded):
    # README: "`procesbegeleider` downloads the decision letter of Amy's granted request for an
    # independent room." The request follows the Raad's agreement and precedes her move into the room.
    amy = Case.objects.get(youth_name="Amy", region__code="UTR")
    grant = GrantApplication.objects.get(case=amy)
    escalation = Step.objects.get(case=amy, kind=StepKind.ESCALATION)
    move = Step.objects.get(case=amy, kind=StepKind.PLACEMENT_CHANGE)
    received_on = timezone.localtime(grant.received_at).date()
    decided_on = timezone.localtime(grant.decision.decided_at).date()
    assert escalation.occurred_on < received_on <= decided_on < move.occurred_on
    assert (
        grant.status == ApplicationStatus.GRANTED
        and DecisionLetter.objects.filter(application=grant).exists()
    )


def _past_moments():
    """(label, value, must be on or before) for every recorded moment that lies in the past by nature."""
    now, today = timezone.now(), timezone.localdate()
    checks = [
        (Case, ("created_at", "closed_at", "last_step_at", "outcome_recorded_at"), now),
        (CaseStatusChange, ("changed_at",), now),
        (Consent, ("given_on",), today),
        (Step, ("occurred_on",), today),
        (Step, ("created_at",), now),
        (GrantApplication, ("received_at", "created_at", "ready_at"), now),
        (Decision, ("decided_at",), now),
        (Score, ("scored_at",), now),
    ]
    for model, fields, limit in checks:
        for field in fields:
            for pk, value in model.objects.exclude(**{f"{field}__isnull": True}).values_list("pk", field):
                yield f"{model.__name__}.{field} #{pk}", value, limit


def test_every_request_was_started_before_it_was_received_and_decided_after(seeded):
    late = [
        application.reference
        for application in GrantApplication.objects.filter(received_at__isnull=False).select_related(
            "decision"
        )
        if application.created_at > application.received_at
        or (hasattr(application, "decision") and application.decision.decided_at < application.received_at)
    ]
    assert late == []


def test_no_recorded_moment_lies_in_the_future(seeded):
    future = [(label, value) for label, value, limit in _past_moments() if value > limit]
    assert future == []


def test_no_demo_text_is_a_placeholder(seeded):
    found = []
    for app_label in DEMO_APPS:
        for model in apps.get_app_config(app_label).get_models():
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, (models.CharField, models.TextField)) and not field.choices
            ]
            for row in model.objects.values("pk", *fields):
                for name in fields:
                    if isinstance(row[name], str) and PLACEHOLDER.search(row[name]):
                        found.append((model.__name__, row["pk"], name, row[name][:80]))
    assert found == []


def test_budget_counters_equal_the_granted_decisions(seeded):
    granted = (
        Decision.objects.filter(outcome=DecisionOutcome.GRANTED)
        .values("application__scheme", "budget_year")
        .annotate(total=Sum("amount"))
    )
    totals = {(row["application__scheme"], row["budget_year"]): row["total"] for row in granted}
    budgets = {(b.scheme_id, b.year): b.granted_total for b in SchemeBudget.objects.exclude(granted_total=0)}
    assert budgets == totals


def test_every_decision_has_its_letter_and_every_grant_a_complete_request(seeded):
    # Issue 18: "a 2025 grant is 'toegekend' while its own checklist says it is incomplete, with ...
    # 'De beschikking wordt gemaakt.' forever".
    decided = GrantApplication.objects.filter(decision__isnull=False)
    assert decided.exists()
    # A letter row exists from the decision on (a job); the promise is a finished letter.
    assert (
        list(decided.exclude(decision_letter__status=JobStatus.DONE).values_list("reference", flat=True))
        == []
    )
    incomplete = {
        application.reference: completeness_errors(application)
        for application in decided.filter(status=ApplicationStatus.GRANTED).prefetch_related("cost_lines")
        if completeness_errors(application)
    }
    assert incomplete == {}


def test_at_least_one_request_was_decided_in_time_through_the_committee(seeded):
    calls_decided = GrantApplication.objects.filter(call__isnull=False, status=ApplicationStatus.GRANTED)
    assert calls_decided.exists()
    for proposal in calls_decided:
        assert proposal.decision.decided_at.date() <= proposal.decision_due
        assert Score.objects.filter(application=proposal).values("member").distinct().count() >= 2


@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_demo_user_reaches_their_home_page(seeded, client, username):
    client.force_login(User.objects.get(username=username))
    assert client.get(reverse("core:dashboard")).status_code == 200


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_every_grant_request_is_reachable_by_a_demo_user_who_works_on_it(seeded, client):
    """Each request is on some demo user's list (the CSV export holds the whole filtered list): the
    team, the provider or the committee."""
    references = set(GrantApplication.objects.values_list("reference", flat=True))
    reachable = set()
    for username in ("procesbegeleider", "procesbegeleider2", "coordinator", "gezinshuis", "commissie"):
        client.force_login(User.objects.get(username=username))
        response = client.get(reverse("subsidies:list"), {"format": "csv"})
        assert response.status_code == 200
        body = _body(response)
        reachable |= {reference for reference in references if reference in body}
    assert references - reachable == set()


def test_readme_demo_users_reach_what_readme_names(seeded, client):
    # README: "`gezinshuis` a draft and call proposals, `procesbegeleider` downloads the decision
    # letter of Amy's granted request for an independent room."
    client.force_login(User.objects.get(username="gezinshuis"))
    listing = client.get(reverse("subsidies:list")).content.decode()
    draft = GrantApplication.objects.get(status=ApplicationStatus.DRAFT, case__isnull=False)
    assert draft.reference in listing
    assert GrantApplication.objects.filter(call__isnull=False, invited_users__username="gezinshuis").exists()
    client.force_login(User.objects.get(username="procesbegeleider"))
    amy_grant = GrantApplication.objects.get(case__youth_name="Amy")
    letter = client.get(reverse("subsidies:letter", args=[amy_grant.reference]))
    assert letter.status_code == 200
    assert (b"".join(letter.streaming_content) if letter.streaming else letter.content).startswith(b"%PDF")


def test_every_demo_signal_stands_on_real_steps_actions_and_moments(seeded):
    # The demo's signal fields are what the services compute from the timeline and the follow-up cycle
    # (an escalation flag without an escalation, an overdue date without an action, was the old demo).
    derived = ("open_escalation", "next_action_due", "next_review_due", "next_aftercare_due")
    stored = {case.pk: tuple(getattr(case, field) for field in derived) for case in Case.objects.all()}
    for case in Case.objects.all():
        refresh_case_signals(case)
    assert {
        case.pk: tuple(getattr(case, field) for field in derived) for case in Case.objects.all()
    } == stored
    for signal in SIGNALS:
        assert with_signal(Case.objects.all(), signal).exists(), signal
