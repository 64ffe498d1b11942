"""Retention of closed files: the destroy-not-before date, the daily list of files due for a decision,
keeping with a reason, and destruction that removes personal data but keeps the figures."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.models import Case, CaseStatus, Document
from core.models import AccessLog
from expertteams.models import StepKind
from privacy import retention
from privacy.case_file import content_models
from privacy.destruction import SCHOOL_WORDS
from privacy.models import RetentionDecision, RetentionReview
from privacy.tasks import review_retention
from reports.content import build_regional_report
from reports.figures.flow import SCHOOL_LABELS, classify_school
from tests.cases.factories import (
    CaseFactory,
    ConsentFactory,
    DocumentFactory,
    PersonFactory,
    ProfessionalFactory,
    StatusChangeFactory,
)
from tests.expertteams.factories import log, step_kwargs

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 29)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def closed_case(facilitator, closed_at: datetime, **fields) -> Case:
    case = CaseFactory(facilitator=facilitator, **fields)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=closed_at)
    case.refresh_from_db()
    return case


@pytest.fixture(autouse=True)
def _twenty_years(settings):
    settings.RETENTION_YEARS = 20


def test_the_destroy_not_before_date_is_the_amsterdam_closing_date_plus_the_retention_period(settings):
    # 23:30 UTC on 29 November is already 30 November in Amsterdam.
    assert retention.destroy_not_before(utc(2006, 11, 29, 23, 30)) == date(2026, 11, 30)
    assert retention.destroy_not_before(utc(2006, 11, 28, 12, 0)) == date(2026, 11, 28)
    settings.RETENTION_YEARS = 15
    assert retention.destroy_not_before(utc(2006, 11, 28, 12, 0)) == date(2021, 11, 28)


def test_the_job_lists_closed_files_past_their_retention_period_once(facilitator):
    due = closed_case(facilitator, utc(2006, 11, 28, 12, 0))
    not_yet = closed_case(facilitator, utc(2006, 11, 29, 23, 30))  # 30 November in Amsterdam
    recent = closed_case(facilitator, utc(2020, 1, 1, 12, 0))
    open_case = CaseFactory(facilitator=facilitator)

    retention.list_due_files(today=TODAY)
    retention.list_due_files(today=TODAY)

    reviews = RetentionReview.objects.all()
    assert [review.case for review in reviews] == [due]
    assert reviews[0].decision == RetentionDecision.PENDING
    assert reviews[0].destroy_not_before == date(2026, 11, 28)
    assert not RetentionReview.objects.filter(case__in=[not_yet, recent, open_case]).exists()


def test_a_file_kept_with_a_reason_is_listed_again_when_its_date_comes(facilitator, admin_user):
    case = closed_case(facilitator, utc(2006, 1, 10, 12, 0))
    retention.list_due_files(today=TODAY)
    review = RetentionReview.objects.get(case=case)

    retention.keep_file(
        review=review,
        actor=admin_user,
        reason="Lopende procedure bij de rechter",
        keep_until=date(2027, 6, 1),
    )

    retention.list_due_files(today=date(2027, 5, 31))
    assert RetentionReview.objects.filter(case=case).count() == 1
    retention.list_due_files(today=date(2027, 6, 1))
    assert RetentionReview.objects.filter(case=case, decision=RetentionDecision.PENDING).count() == 1
    assert AccessLog.objects.filter(
        object_type="cases.case", object_id=str(case.pk), detail="bewaartermijn verlengd tot 01-06-2027"
    ).exists()


def test_keeping_needs_a_reason_and_a_future_date_and_an_administrator(facilitator, admin_user, coordinator):
    case = closed_case(facilitator, utc(2006, 1, 10, 12, 0))
    retention.list_due_files(today=TODAY)
    review = RetentionReview.objects.get(case=case)

    with pytest.raises(ValidationError) as error:
        retention.keep_file(review=review, actor=admin_user, reason=" ", keep_until=date(2000, 1, 1))
    with pytest.raises(PermissionDenied):
        retention.keep_file(review=review, actor=coordinator, reason="Omdat", keep_until=date(2099, 1, 1))

    assert set(error.value.message_dict) == {"reason", "keep_until"}
    review.refresh_from_db()
    assert review.decision == RetentionDecision.PENDING


SENSITIVE = [
    "Amy",
    "Wijkteam Noord",
    "Buurtteam",
    "Casushouder Jansen",
    "06-12345678",
    "Zit thuis sinds de zomer",
    "Betrokkene",
    "Professional",
    "Niemand hoort onze vraag",
    "Ik wil zelfstandig wonen",
    "Pim",
    "Gezinshuizen bellen",
    "Strijd met behandelaren",
    "Denkt mee over maatwerk",
    "verslag.pdf",
]


@pytest.fixture
def full_case(facilitator):
    """An active case with every kind of record, steps of every kind included, then closed in 2005."""
    case = CaseFactory(
        facilitator=facilitator,
        youth_name="Amy",
        youth_initials="A.",
        youth_birth_year=1995,
        referrer_name="Wijkteam Noord",
        referrer_organisation="Buurtteam Utrecht",
        case_holder_name="Casushouder Jansen",
        case_holder_contact="06-12345678",
        history_school="Zit thuis sinds de zomer",
        wishes_youth="Ik wil zelfstandig wonen",
    )
    for _n in range(2):
        person = PersonFactory(case=case)
        ProfessionalFactory(case=case)
        ConsentFactory(case=case, person=person)
        StatusChangeFactory(case=case, reason="Amy wil verder")
    DocumentFactory(case=case, original_name="verslag.pdf", description="Verslag van Amy")
    for kind in logged_kinds():
        log(kind, case=case, actor=facilitator)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_at=utc(2005, 6, 1, 12, 0), created_at=utc(2005, 1, 10, 12, 0)
    )
    case.refresh_from_db()
    return case


def logged_kinds() -> list[str]:
    """Every step kind the timeline factory can fill in (a kind being added elsewhere may lack one)."""
    kinds = []
    for kind in StepKind.values:
        try:
            step_kwargs(kind)
        except KeyError:
            continue
        kinds.append(kind)
    return kinds


def rows_of_the_case(case) -> str:
    """Every value of the case's row and of every row of its content, as one text."""
    texts = [str(list(Case.objects.filter(pk=case.pk).values()))]
    for related in content_models():
        texts.append(str(list(related.rows_of(case).values())))
    return "\n".join(texts)


def report_of(region):
    return build_regional_report(region=region, period_start=date(2005, 1, 1), period_end=date(2026, 12, 31))


def test_destruction_removes_the_personal_data_and_files_but_keeps_the_figures(
    full_case, admin_user, django_capture_on_commit_callbacks
):
    before = rows_of_the_case(full_case)
    assert all(text in before for text in SENSITIVE)
    document = Document.objects.get(case=full_case)
    storage, stored_name = document.file.storage, document.file.name
    assert storage.exists(stored_name)
    figures_before = report_of(full_case.region).sections
    log_rows_before = AccessLog.objects.count()
    retention.list_due_files(today=TODAY)
    review = RetentionReview.objects.get(case=full_case)

    with django_capture_on_commit_callbacks(execute=True):
        retention.destroy_file(review=review, actor=admin_user, reason="Termijn verstreken")

    after = rows_of_the_case(full_case)
    assert [text for text in SENSITIVE if text in after] == []
    case = Case.objects.get(pk=full_case.pk)
    assert (case.youth_name, case.youth_initials, case.youth_birth_year) == ("vernietigd", "vernietigd", 0)
    assert case.reference == full_case.reference and case.status == CaseStatus.CLOSED
    assert case.closed_at == full_case.closed_at and case.created_at == full_case.created_at
    assert not Document.objects.filter(case=case).exists()
    assert not storage.exists(stored_name)
    assert case.steps.count() == len(logged_kinds())  # the steps stay, as kinds and dates
    figures_after = report_of(case.region).sections
    assert figures_after == figures_before
    assert any(not section.is_empty for section in figures_after)
    # The access log keeps every row and adds the destruction.
    assert AccessLog.objects.count() == log_rows_before + 1
    destruction = AccessLog.objects.latest("id")
    assert (destruction.action, destruction.object_type, destruction.object_id) == (
        AccessLog.Action.DELETE,
        "cases.case",
        str(case.pk),
    )
    assert destruction.detail == "dossier vernietigd (bewaartermijn)"
    assert destruction.username == admin_user.username
    review.refresh_from_db()
    assert review.decision == RetentionDecision.DESTROY and review.decided_by == admin_user


@pytest.mark.parametrize("category", [name for name, _label in SCHOOL_LABELS])
def test_a_classified_text_becomes_a_word_of_its_own_category(category):
    assert classify_school(SCHOOL_WORDS[category]) == category


def test_a_destroyed_file_is_not_listed_again_and_cannot_be_decided_twice(full_case, admin_user):
    retention.list_due_files(today=TODAY)
    review = RetentionReview.objects.get(case=full_case)
    retention.destroy_file(review=review, actor=admin_user)

    retention.list_due_files(today=date(2040, 1, 1))

    assert RetentionReview.objects.filter(case=full_case).count() == 1
    with pytest.raises(ValidationError):
        retention.destroy_file(review=review, actor=admin_user)


def test_a_listed_file_that_was_reopened_or_closed_again_later_is_not_destroyed(facilitator, admin_user):
    case = closed_case(facilitator, utc(2006, 1, 10, 12, 0))
    retention.list_due_files(today=TODAY)
    review = RetentionReview.objects.get(case=case)

    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ACTIVE)
    with pytest.raises(ValidationError) as reopened:
        retention.destroy_file(review=review, actor=admin_user)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=utc(2026, 1, 5, 12, 0))
    with pytest.raises(ValidationError) as closed_again:
        retention.destroy_file(review=review, actor=admin_user)

    assert reopened.value.messages == ["De casus is weer geopend en wordt niet vernietigd."]
    assert closed_again.value.messages == ["De bewaartermijn van dit dossier is nog niet verstreken."]
    assert Case.objects.get(pk=case.pk).youth_name == "Sam"
    retention.list_due_files(today=TODAY)
    assert not RetentionReview.objects.filter(case=case).exists()  # listed again in 2046


# --- The administrator's pages --------------------------------------------------------------------


def test_the_administrator_destroys_a_listed_file_from_the_retention_page(client_for, full_case, admin_user):
    retention.list_due_files(today=TODAY)
    review = RetentionReview.objects.get(case=full_case)
    client = client_for(admin_user)

    listing = client.get(reverse("privacy:retention")).content.decode()
    unconfirmed = client.post(reverse("privacy:retention_decide", args=[review.pk]), {"decision": "destroy"})
    confirmed = client.post(
        reverse("privacy:retention_decide", args=[review.pk]),
        {"decision": "destroy", "vernietigen-confirm": "on"},
    )

    assert full_case.reference in listing and "Amy" not in listing
    assert unconfirmed.status_code == 200
    assert confirmed.status_code == 302
    assert Case.objects.get(pk=full_case.pk).youth_name == "vernietigd"


def test_keeping_from_the_page_without_a_reason_shows_the_error(client_for, facilitator, admin_user):
    case = closed_case(facilitator, utc(2006, 1, 10, 12, 0))
    retention.list_due_files(today=TODAY)
    review = RetentionReview.objects.get(case=case)

    response = client_for(admin_user).post(
        reverse("privacy:retention_decide", args=[review.pk]),
        {"decision": "keep", "bewaren-reason": "", "bewaren-keep_until": "2099-01-01"},
    )

    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    review.refresh_from_db()
    assert review.decision == RetentionDecision.PENDING


def test_the_daily_task_lists_due_files_and_tells_the_administrators(facilitator, admin_user, mailoutbox):
    case = closed_case(facilitator, utc(1990, 1, 10, 12, 0))

    review_retention()

    assert RetentionReview.objects.filter(case=case, decision=RetentionDecision.PENDING).exists()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [admin_user.email]
    assert case.reference not in mailoutbox[0].body
