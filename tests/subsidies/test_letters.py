"""The decision letter (beschikking): a generated-file job that the decision queues and the Celery task
builds, made again by the stuck-job sweep when its task died, deterministic, downloadable by the team,
the provider and the committee only, and logged as an export."""

import hashlib
import importlib
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from config.celery import app
from core import jobs
from core.jobs import JobStatus
from core.models import AccessLog
from subsidies import letters, services
from subsidies.models import DecisionLetter
from subsidies.tasks import generate_decision_letter
from tests.subsidies.factories import amsterdam

pytestmark = pytest.mark.django_db

DECIDED = amsterdam(2026, 3, 12, 14, 30)


@pytest.fixture
def granted(submitted, committee_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            application=submitted,
            actor=committee_member,
            outcome="granted",
            amount=Decimal("14500.00"),
            reason="Past binnen de regeling.",
            now=DECIDED,
        )
    return submitted


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_decision_enqueues_the_letter_on_commit(granted, committee_member):
    letter = DecisionLetter.objects.get(application=granted)
    content = letter.file.open("rb").read()
    assert content.startswith(b"%PDF")
    assert letter.sha256 == hashlib.sha256(content).hexdigest()
    assert letter.generated_at == DECIDED
    assert letter.status == JobStatus.DONE and letter.progress == 100 and letter.attempts == 1
    assert letter.requested_by == committee_member


def decide_without_running_the_task(application, member):
    """A decision whose letter task never ran: its message got lost, or the worker died before it."""
    services.decide(
        application=application, actor=member, outcome="granted", amount=Decimal("14500.00"), now=DECIDED
    )


def test_the_decision_queues_the_letter_job_in_its_own_transaction(submitted, committee_member):
    decide_without_running_the_task(submitted, committee_member)
    letter = DecisionLetter.objects.get(application=submitted)
    assert letter.status == JobStatus.QUEUED and not letter.file and not letter.sha256
    assert letter.requested_by == committee_member and letter.generated_at == DECIDED


class WorkerDied(BaseException):
    """What a SIGKILL looks like from inside: the build stops and nothing after it runs."""


def die(application):
    raise WorkerDied


def test_a_letter_whose_message_got_lost_is_made_by_the_stuck_job_sweep(
    submitted, committee_member, django_capture_on_commit_callbacks
):
    decide_without_running_the_task(submitted, committee_member)
    assert jobs.recover_stuck_jobs(now=timezone.now()) == 0  # just queued: its task may be on its way

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.recover_stuck_jobs(now=timezone.now() + jobs.LOST_AFTER + timedelta(minutes=1)) == 1

    letter = DecisionLetter.objects.get(application=submitted)
    assert letter.status == JobStatus.DONE
    assert letter.file.open("rb").read().startswith(b"%PDF")


def test_a_letter_whose_worker_died_is_made_by_the_stuck_job_sweep(
    submitted, committee_member, monkeypatch, django_capture_on_commit_callbacks
):
    decide_without_running_the_task(submitted, committee_member)
    letter = DecisionLetter.objects.get(application=submitted)
    real = letters.render_decision_letter
    monkeypatch.setattr(letters, "render_decision_letter", die)
    with pytest.raises(WorkerDied):
        generate_decision_letter(letter.pk)
    letter.refresh_from_db()
    assert letter.status == JobStatus.RUNNING and not letter.file
    monkeypatch.setattr(letters, "render_decision_letter", real)

    # Before the hard time limit the task may still be running somewhere: left alone.
    assert jobs.recover_stuck_jobs(now=timezone.now()) == 0
    later = timezone.now() + timedelta(seconds=app.conf.task_time_limit + 120)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.recover_stuck_jobs(now=later) == 1

    letter.refresh_from_db()
    assert letter.status == JobStatus.DONE and letter.attempts == 2
    assert letter.sha256 == hashlib.sha256(letter.file.open("rb").read()).hexdigest()
    assert jobs.recover_stuck_jobs(now=later + timedelta(hours=1)) == 0
    assert DecisionLetter.objects.count() == 1


def test_a_letter_is_never_given_up_the_sweep_keeps_trying_until_it_is_made(
    submitted, committee_member, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.JOB_MAX_ATTEMPTS = 2
    decide_without_running_the_task(submitted, committee_member)
    letter = DecisionLetter.objects.get(application=submitted)
    real = letters.render_decision_letter
    monkeypatch.setattr(letters, "render_decision_letter", lambda application: 1 / 0)
    now = timezone.now()
    for attempt in range(1, 4):  # more attempts than JOB_MAX_ATTEMPTS: the task failed for good each time
        with pytest.raises(ZeroDivisionError):
            letters.run_letter(letter.pk)
        letter.refresh_from_db()
        assert letter.status == JobStatus.QUEUED and letter.attempts == attempt
        now += jobs.LOST_AFTER + timedelta(minutes=1)
        with django_capture_on_commit_callbacks(execute=False):
            assert jobs.recover_stuck_jobs(now=now) == 1
    assert not [message for message in mail.outbox if "kon niet worden gemaakt" in message.subject]

    monkeypatch.setattr(letters, "render_decision_letter", real)
    now += jobs.LOST_AFTER + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.recover_stuck_jobs(now=now) == 1
    letter.refresh_from_db()
    assert letter.status == JobStatus.DONE and letter.attempts == 4 and letter.file


def test_the_letter_states_the_decision_without_personal_data(granted):
    text = text_of(DecisionLetter.objects.get(application=granted).file.open("rb").read())
    assert granted.reference in text
    assert "Beschikking" in text
    assert "toegekend" in text
    assert "14.500,00" in text
    assert "12 maart 2026" in text
    assert "Past binnen de regeling." in text
    assert "Amy" not in text
    assert "A." not in text.replace("Aanvraag", "")


def test_rejection_letter_carries_the_reason(submitted, committee_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            application=submitted, actor=committee_member, outcome="rejected", reason="Geen investering."
        )
    text = text_of(DecisionLetter.objects.get(application=submitted).file.open("rb").read())
    assert "afgewezen" in text
    assert "Geen investering." in text


def test_regenerating_yields_the_same_document(granted):
    first = DecisionLetter.objects.get(application=granted)
    assert letters.render_decision_letter(granted) == letters.render_decision_letter(granted)
    generate_decision_letter(first.pk)
    assert letters.generate_decision_letter(granted.pk) == first
    again = DecisionLetter.objects.get(application=granted)
    assert again.sha256 == first.sha256
    assert again.file.name == first.file.name  # unchanged content: nothing rewritten
    assert DecisionLetter.objects.count() == 1


def test_no_letter_without_a_decision(submitted):
    assert letters.generate_decision_letter(submitted.pk) is None
    assert not DecisionLetter.objects.exists()


@pytest.mark.parametrize("who", ["facilitator", "provider_user", "committee_member", "coordinator"])
def test_team_provider_and_committee_download_the_letter(granted, client_for, request, who):
    user = request.getfixturevalue(who)
    response = client_for(user).get(reverse("subsidies:letter", args=[granted.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"beschikking-{granted.reference}.pdf" in response["Content-Disposition"]
    assert AccessLog.objects.filter(
        action="export", object_type="subsidies.decisionletter", username=user.username
    ).exists()


def test_others_cannot_download_the_letter(granted, client_for, facilitator_fle, municipal_user, learner):
    for user in (facilitator_fle, municipal_user, learner):
        response = client_for(user).get(reverse("subsidies:letter", args=[granted.reference]))
        assert response.status_code == 404


def test_the_letter_does_not_depend_on_the_callers_language_or_time_zone(granted):
    from django.utils import timezone, translation

    expected = letters.render_decision_letter(granted)
    with translation.override("en"), timezone.override("UTC"):
        assert letters.render_decision_letter(granted) == expected


def test_the_migration_makes_stored_letters_finished_jobs_and_queues_the_missing_ones(
    granted, committee_member
):
    from django.apps import apps

    migration = importlib.import_module("subsidies.migrations.0009_decision_letter_job_data")
    stored = DecisionLetter.objects.get(application=granted)
    DecisionLetter.objects.filter(pk=stored.pk).update(
        status=JobStatus.QUEUED, progress=0, attempts=0, started_at=None, finished_at=None
    )
    migration.letters_become_jobs(apps, None)
    letter = DecisionLetter.objects.get(application=granted)
    assert (letter.status, letter.progress, letter.attempts) == (JobStatus.DONE, 100, 1)
    assert letter.created_at == letter.started_at == letter.finished_at == DECIDED
    assert letter.requested_by == committee_member and letter.public_id != stored.public_id
    assert letter.file.name == stored.file.name

    # A decision whose letter task died before the release gets a queued job, which the sweep starts.
    DecisionLetter.objects.all().delete()
    migration.letters_become_jobs(apps, None)
    letter = DecisionLetter.objects.get(application=granted)
    assert letter.status == JobStatus.QUEUED and not letter.file
    assert letter.requested_by == committee_member and letter.generated_at == DECIDED


def test_a_letter_not_made_yet_is_not_offered(submitted, committee_member, client_for, facilitator):
    decide_without_running_the_task(submitted, committee_member)
    client = client_for(facilitator)
    page = client.get(reverse("subsidies:detail", args=[submitted.reference])).content.decode()
    assert "De beschikking wordt gemaakt." in page
    assert "download-letter" not in page
    assert client.get(reverse("subsidies:letter", args=[submitted.reference])).status_code == 404
