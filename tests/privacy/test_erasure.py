"""Erasure requests (AVG art. 17, Jeugdwet 7.3.9): received → assessed → executed or refused, within
three months of receipt, the deadline shown and signalled."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus
from core.models import AccessLog
from privacy import erasure
from privacy.models import ErasureRequest, ErasureStatus, Requester, RetentionDecision, RetentionReview

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(case):
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    case.refresh_from_db()
    return case


def record(case, admin, received_on: date) -> ErasureRequest:
    return erasure.record_erasure_request(
        actor=admin, case=case, requester=Requester.PARENT, received_on=received_on
    )


def test_the_deadline_is_three_months_after_receipt():
    assert erasure.erasure_deadline(date(2026, 3, 2)) == date(2026, 6, 2)
    assert erasure.erasure_deadline(date(2026, 11, 30)) == date(2027, 2, 28)


def test_the_administrator_records_a_request_by_case_reference(client_for, admin_user, case):
    response = client_for(admin_user).post(
        reverse("privacy:erasure_list"),
        {"reference": case.reference.lower(), "requester": Requester.YOUTH, "received_on": "2026-11-02"},
    )

    item = ErasureRequest.objects.get()
    assert response.status_code == 302
    assert (item.case, item.status, item.deadline) == (case, ErasureStatus.RECEIVED, date(2027, 2, 2))
    assert AccessLog.objects.filter(
        object_type="cases.case", object_id=str(case.pk), detail="verwijderverzoek ontvangen"
    ).exists()


def test_an_unknown_reference_or_a_future_date_is_refused(client_for, admin_user, case):
    client = client_for(admin_user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    unknown = client.post(
        reverse("privacy:erasure_list"),
        {"reference": "UTR-1999-9999", "requester": Requester.YOUTH, "received_on": "2026-11-02"},
    )
    future = client.post(
        reverse("privacy:erasure_list"),
        {"reference": case.reference, "requester": Requester.YOUTH, "received_on": tomorrow},
    )

    assert "Er is geen casus met dit nummer." in unknown.content.decode()
    assert "De ontvangstdatum kan niet in de toekomst liggen." in future.content.decode()
    assert not ErasureRequest.objects.exists()


def test_an_assessed_request_is_executed_by_destroying_the_file(admin_user, closed):
    item = record(closed, admin_user, timezone.localdate())

    with pytest.raises(ValidationError):
        erasure.execute_erasure(request=item, actor=admin_user)  # not assessed yet
    erasure.assess_erasure(
        request=item, actor=admin_user, assessment="Geen belang van derden; geen wettelijke plicht."
    )
    erasure.execute_erasure(request=item, actor=admin_user)

    item.refresh_from_db()
    case = Case.objects.get(pk=closed.pk)
    assert item.status == ErasureStatus.EXECUTED and item.closed_by == admin_user
    assert case.youth_name == "vernietigd" and case.youth_birth_year == 0
    assert RetentionReview.objects.get(case=case).decision == RetentionDecision.DESTROY
    assert AccessLog.objects.filter(
        object_type="cases.case",
        object_id=str(case.pk),
        action=AccessLog.Action.DELETE,
        detail="dossier vernietigd (verwijderverzoek)",
    ).exists()


def test_a_file_still_in_use_is_not_destroyed(admin_user, case):
    item = record(case, admin_user, timezone.localdate())
    erasure.assess_erasure(request=item, actor=admin_user, assessment="Toewijzen")

    with pytest.raises(ValidationError) as error:
        erasure.execute_erasure(request=item, actor=admin_user)

    assert "Sluit de casus eerst af" in error.value.messages[0]
    assert Case.objects.get(pk=case.pk).youth_name == "Amy"


def test_a_refusal_needs_a_reason_and_leaves_the_file(admin_user, closed):
    item = record(closed, admin_user, timezone.localdate())
    erasure.assess_erasure(
        request=item, actor=admin_user, assessment="Van aanmerkelijk belang voor een broer"
    )

    with pytest.raises(ValidationError):
        erasure.refuse_erasure(request=item, actor=admin_user, reason="")
    erasure.refuse_erasure(request=item, actor=admin_user, reason="Van aanmerkelijk belang voor een ander")

    item.refresh_from_db()
    assert item.status == ErasureStatus.REFUSED
    assert Case.objects.get(pk=closed.pk).youth_name == "Amy"
    with pytest.raises(ValidationError):
        erasure.execute_erasure(request=item, actor=admin_user)


def test_only_an_administrator_handles_requests(coordinator, case):
    with pytest.raises(PermissionDenied):
        erasure.record_erasure_request(
            actor=coordinator, case=case, requester=Requester.YOUTH, received_on=date(2026, 1, 1)
        )


def test_the_deadline_is_shown_and_signalled_when_near_or_past(client_for, admin_user, case, closed):
    today = timezone.localdate()
    overdue = record(case, admin_user, today - timedelta(days=100))
    client = client_for(admin_user)

    detail = client.get(reverse("privacy:erasure_detail", args=[overdue.pk])).content.decode()
    listing = client.get(reverse("privacy:erasure_list")).content.decode()
    dashboard = client.get(reverse("core:dashboard")).content.decode()

    days_over = (today - overdue.deadline).days
    assert overdue.deadline.strftime("%d-%m-%Y") in detail
    assert "deadline-overdue" in detail and f"{days_over} dag" in detail
    assert "deadline-overdue" in listing
    assert case.reference in dashboard and "deadline-overdue" in dashboard


def test_a_request_near_its_deadline_is_signalled_as_soon(client_for, admin_user, case):
    item = record(case, admin_user, timezone.localdate())
    ErasureRequest.objects.filter(pk=item.pk).update(deadline=timezone.localdate() + timedelta(days=5))

    detail = client_for(admin_user).get(reverse("privacy:erasure_detail", args=[item.pk])).content.decode()

    assert "deadline-soon" in detail and "nog 5 dagen" in detail


def test_the_workflow_through_the_pages(client_for, admin_user, closed):
    item = record(closed, admin_user, timezone.localdate())
    client = client_for(admin_user)
    url = reverse("privacy:erasure_detail", args=[item.pk])

    client.post(url, {"action": "assess", "assessment": "Geen uitzondering van toepassing"})
    client.post(url, {"action": "execute"})

    item.refresh_from_db()
    assert item.status == ErasureStatus.EXECUTED
    assert "dossier vernietigd" in client.get(url).content.decode()
