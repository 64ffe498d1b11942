"""The printable case file: the whole case as one PDF made in the background, for those who may see the
case, each request and download logged as an export."""

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases import placements
from core.jobs import JobStatus, run_job
from core.models import AccessLog
from expertteams import followups
from expertteams.dossier import case_file_context, request_case_file
from expertteams.models import CaseFileExport, StepKind
from expertteams.tasks import remove_expired_case_files
from privacy.case_file import content_models
from tests.cases.factories import CaseFactory, ConsentFactory, PersonFactory, ProfessionalFactory
from tests.expertteams.factories import log

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def a_full_case(facilitator):
    case = CaseFactory(facilitator=facilitator, youth_name="Amy", help_question="Rust en een eigen plek")
    person = PersonFactory(case=case, name="Moeder Jansen")
    ProfessionalFactory(case=case, name="Dirk de Vries")
    ConsentFactory(case=case, person=person)
    log(StepKind.INTERVIEW, case=case, actor=facilitator, title="Gesprek met moeder")
    log(StepKind.OUTCOME, case=case, actor=facilitator, title="Uitkomst vastgelegd")
    placements.add_episode(
        case=case,
        actor=facilitator,
        placement_type="crisisopvang",
        started_on=date(2025, 11, 3),
        ended_on=date(2025, 12, 1),
        provider="Crisisopvang De Haven",
        forced=True,
    )
    followups.plan_review(
        case=case,
        actor=facilitator,
        due_on=date(2026, 4, 1),
        owner=facilitator,
        what_to_check="Loopt school?",
    )
    return case


def print_case_file(client, case):
    """Ask for the case file and return the page's response and the export. The task starts when the
    request's transaction commits (run it with ``django_capture_on_commit_callbacks(execute=True)``;
    CELERY_TASK_ALWAYS_EAGER runs it at once); the page shown is the one after the redirect."""
    page = client.post(reverse("case_file", args=[case.reference]))
    assert page.status_code == 302
    return page, CaseFileExport.objects.filter(case=case).latest("created_at")


def case_file_page(client, case) -> str:
    return client.get(reverse("case_file", args=[case.reference])).content.decode()


def download(client, case, export):
    return client.get(reverse("case_file_download", args=[case.reference, export.public_id]))


def test_the_case_file_holds_the_whole_case(client_for, facilitator, django_capture_on_commit_callbacks):
    case = a_full_case(facilitator)
    client = client_for(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        _page, export = print_case_file(client, case)
    export.refresh_from_db()
    assert export.status == JobStatus.DONE and export.requested_by == facilitator
    assert reverse("case_file_download", args=[case.reference, export.public_id]) in case_file_page(
        client, case
    )

    response = download(client, case, export)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="dossier-{case.reference}.pdf"'
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    for expected in (
        case.reference,
        "Amy",
        "Rust en een eigen plek",
        "Moeder Jansen",
        "Dirk de Vries",
        "Gesprek met moeder",
        "Niemand hoort onze vraag",  # the interview's details
        "Uitkomst vastgelegd",
        "Toestemmingen",
        "Crisisopvang De Haven",  # the placement history
        "gedwongen plaatsing",
        "Loopt school?",  # a review moment
    ):
        assert expected in text, expected


def test_a_print_not_made_yet_is_shown_as_such_and_not_offered(client_for, facilitator):
    case = a_full_case(facilitator)
    client = client_for(facilitator)
    _page, export = print_case_file(client, case)  # the task waits for a commit that never comes here

    assert export.status == JobStatus.QUEUED
    assert "Het dossier wordt gemaakt." in case_file_page(client, case)
    assert download(client, case, export).status_code == 404


def test_asking_and_downloading_are_exports_in_the_access_log(
    client_for, facilitator, django_capture_on_commit_callbacks
):
    case = a_full_case(facilitator)
    client = client_for(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        _page, export = print_case_file(client, case)
    download(client, case, export)
    rows = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).order_by("id")
    assert [(row.object_id, row.user, row.detail) for row in rows] == [
        (str(case.pk), facilitator, "dossier aangevraagd"),
        (str(case.pk), facilitator, "dossier"),
    ]


def test_coordinator_of_the_team_may_print(
    client_for, facilitator, coordinator, django_capture_on_commit_callbacks
):
    case = a_full_case(facilitator)
    client = client_for(coordinator)
    assert client.get(reverse("case_file", args=[case.reference])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        _page, export = print_case_file(client, case)
    assert download(client, case, export).status_code == 200


@pytest.mark.parametrize("who", ["facilitator_other", "facilitator_fle", "coordinator_fle", "municipal_user"])
def test_others_get_not_found_and_nothing_is_made_or_logged(
    client_for, facilitator, request, who, django_capture_on_commit_callbacks
):
    case = a_full_case(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        _page, export = print_case_file(client_for(facilitator), case)
    exports_before = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count()
    other = client_for(request.getfixturevalue(who))

    assert other.get(reverse("case_file", args=[case.reference])).status_code == 404
    assert other.post(reverse("case_file", args=[case.reference])).status_code == 404
    assert download(other, case, export).status_code == 404
    assert CaseFileExport.objects.filter(case=case).count() == 1
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count() == exports_before


def test_anonymous_is_sent_to_login(client, facilitator):
    case = a_full_case(facilitator)
    response = client.get(reverse("case_file", args=[case.reference]))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_the_file_expires_after_a_week_and_goes_with_the_case(facilitator, settings):
    case = a_full_case(facilitator)
    export = request_case_file(case=case, actor=facilitator)
    run_job(CaseFileExport, export.pk)
    export.refresh_from_db()
    assert export.file and timezone.now() + timedelta(
        days=6
    ) < export.expires_at <= timezone.now() + timedelta(days=settings.CASE_FILE_RETENTION_DAYS)

    assert remove_expired_case_files() == 0
    CaseFileExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert remove_expired_case_files() == 1
    export.refresh_from_db()
    assert export.status == JobStatus.EXPIRED and not export.file
    # The print is part of the case's content: destroying the case file (privacy) removes it.
    assert any(related.model is CaseFileExport for related in content_models())


def test_a_print_past_its_expiry_is_not_served_before_the_sweep_removes_it(
    client_for, facilitator, django_capture_on_commit_callbacks
):
    case = a_full_case(facilitator)
    client = client_for(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        _page, export = print_case_file(client, case)
    assert download(client, case, export).status_code == 200

    CaseFileExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert download(client, case, export).status_code == 404  # still DONE with its file, but expired
    assert reverse("case_file_download", args=[case.reference, export.public_id]) not in case_file_page(
        client, case
    )


def test_the_page_states_the_installations_retention(client_for, facilitator, settings):
    settings.CASE_FILE_RETENTION_DAYS = 14
    case = a_full_case(facilitator)

    assert "het bestand blijft 14 dagen beschikbaar" in case_file_page(client_for(facilitator), case)


def test_a_cancelled_or_handed_over_action_is_printed_as_such_not_as_finished(facilitator):
    from django.template.loader import render_to_string

    from expertteams.models import ActionItem, Resolution

    case = a_full_case(facilitator)
    step = log(StepKind.JOINT_MEETING, case=case, actor=facilitator, title="Overleg")
    now = timezone.now()
    for description, resolution, note in (
        ("Plek zoeken", Resolution.CANCELLED, "niet meer nodig"),
        ("School bellen", Resolution.HANDED_OVER, "Wijkteam Noord"),
        ("Verslag sturen", Resolution.DONE, ""),
    ):
        action = ActionItem.objects.create(
            step=step, description=description, owner_name="Jan", due_on=timezone.localdate()
        )
        action.resolve(by=facilitator, at=now, resolution=resolution, note=note)

    html = render_to_string(
        "expertteams/dossier_pdf.html", case_file_context(case, printed_by=facilitator, moment=now)
    )

    day = timezone.localdate().strftime("%d-%m-%Y")
    assert f"geannuleerd: niet meer nodig ({day})" in html
    assert f"overgedragen: Wijkteam Noord ({day})" in html
    assert f"Verslag sturen — Jan, uiterlijk {day}: afgerond ({day})" in html


def test_the_query_count_does_not_grow_with_the_steps(facilitator):
    case = a_full_case(facilitator)
    log(StepKind.JOINT_MEETING, case=case, actor=facilitator)  # a kind's child lists load once it occurs
    with CaptureQueriesContext(connection) as few:
        case_file_context(case, printed_by=facilitator, moment=timezone.now())
    for _ in range(6):
        log(StepKind.INTERVIEW, case=case, actor=facilitator)
        log(StepKind.JOINT_MEETING, case=case, actor=facilitator)
    with CaptureQueriesContext(connection) as many:
        case_file_context(case, printed_by=facilitator, moment=timezone.now())
    assert len(many) == len(few)
