"""The client's access report (AVG art. 15): requested by the team, a PDF of every access in a period."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.jobs import JobStatus
from core.models import AccessLog
from privacy import services
from privacy.models import AccessReport, Recipient
from privacy.retention import remove_expired_access_reports
from tests.cases.factories import CaseFactory, DocumentFactory
from tests.privacy.conftest import at, broke_the_glass, logged
from tests.subsidies.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


_on_commit = None


@pytest.fixture(autouse=True)
def _build_on_commit(django_capture_on_commit_callbacks):
    """Run the build task a request starts after its commit, as the in-process broker does."""
    global _on_commit
    _on_commit = django_capture_on_commit_callbacks
    yield
    _on_commit = None


def request_report(client, case, **data):
    payload = {
        "recipient": Recipient.PARENT,
        "period_start": "2026-03-01",
        "period_end": "2026-03-31",
        **data,
    }
    with _on_commit(execute=True):
        return client.post(reverse("privacy:access_reports", args=[case.reference]), payload)


def request_through_service(**kwargs):
    with _on_commit(execute=True):
        return services.request_access_report(**kwargs)


def download(client, report):
    response = client.get(reverse("privacy:access_report_download", args=[report.public_id]))
    return response, b"".join(response.streaming_content) if response.status_code == 200 else b""


def test_the_coordinator_requests_a_report_listing_every_access_in_the_period(
    client_for, case, coordinator, admin_user, provider_user
):
    logged(case.facilitator, AccessLog.Action.VIEW, case, when=at(2026, 3, 2, 10, 15))
    logged(case.facilitator, AccessLog.Action.CHANGE, case, when=at(2026, 3, 3, 9, 0), detail="intake")
    broke_the_glass(admin_user, case, "Klacht van moeder onderzoeken", when=at(2026, 3, 10, 14, 30))
    document = DocumentFactory(case=case)
    logged(coordinator, AccessLog.Action.VIEW, document, when=at(2026, 3, 12, 8, 5), detail="download")
    application = ApplicationFactory(case=case)
    logged(provider_user, AccessLog.Action.VIEW, application, when=at(2026, 3, 20, 16, 0))
    # Outside the period, or another file: not in the report.
    logged(coordinator, AccessLog.Action.VIEW, case, when=at(2026, 2, 28, 12, 0))
    logged(coordinator, AccessLog.Action.VIEW, case, when=at(2026, 4, 1, 0, 30))
    logged(
        coordinator,
        AccessLog.Action.VIEW,
        CaseFactory(facilitator=case.facilitator),
        when=at(2026, 3, 5, 12, 0),
    )
    client = client_for(coordinator)

    response = request_report(client, case)

    report = AccessReport.objects.get(case=case)
    assert response.status_code == 302
    assert report.status == JobStatus.DONE  # built in-process in tests
    response, content = download(client, report)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(content)
    assert case.reference in text
    assert "Ouder of gezaghebbende" in text
    assert "01-03-2026 tot en met 31-03-2026" in text
    assert "02-03-2026 10:15" in text and case.facilitator.get_full_name() in text
    assert "Procesbegeleider (Expertteam" in text and "procesbegeleiding" in text
    assert "03-03-2026 09:00" in text and "Wijzigen" in text
    assert "Noodtoegang (break the glass): Klacht van moeder onderzoeken" in text
    assert "Functioneel beheerder" in text
    assert "12-03-2026 08:05" in text and "document (download)" in text
    assert "20-03-2026 16:00" in text and "Zorgaanbieder (Gezinshuis De Linde)" in text
    assert "28-02-2026" not in text and "01-04-2026" not in text and "05-03-2026" not in text
    assert "5 toegangen in totaal" in text


def test_requesting_and_downloading_the_report_are_logged_on_the_case(client_for, case, coordinator):
    client = client_for(coordinator)

    request_report(client, case)
    download(client, AccessReport.objects.get(case=case))

    details = list(
        AccessLog.objects.filter(
            object_type="cases.case", object_id=str(case.pk), action=AccessLog.Action.EXPORT
        )
        .order_by("id")
        .values_list("username", "detail")
    )
    assert details == [
        (coordinator.username, "inzageverslag aangevraagd"),
        (coordinator.username, "inzageverslag gedownload"),
    ]


def test_a_period_that_ends_before_it_starts_or_in_the_future_is_refused(client_for, case, coordinator):
    client = client_for(coordinator)

    backwards = request_report(client, case, period_start="2026-03-31", period_end="2026-03-01")
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = request_report(client, case, period_end=tomorrow.isoformat())

    assert backwards.status_code == future.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in backwards.content.decode()
    assert "De periode kan niet in de toekomst eindigen." in future.content.decode()
    assert not AccessReport.objects.exists()


@pytest.mark.parametrize(
    "role_fixture", ["facilitator_other", "coordinator_fle", "admin_user", "municipal_user"]
)
def test_only_the_cases_team_requests_or_downloads_a_report(
    request, client_for, case, coordinator, role_fixture
):
    report = request_through_service(
        actor=coordinator,
        case=case,
        recipient=Recipient.YOUTH,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
    )
    other = request.getfixturevalue(role_fixture)
    client = client_for(other)

    assert request_report(client, case).status_code == 404
    assert client.get(reverse("privacy:access_report", args=[report.public_id])).status_code == 404
    assert download(client, report)[0].status_code == 404
    with pytest.raises(PermissionDenied):
        services.request_access_report(
            actor=other,
            case=case,
            recipient=Recipient.YOUTH,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 1, 31),
        )


def test_the_assigned_facilitator_may_request_a_report_too(client_for, case):
    client = client_for(case.facilitator)

    request_report(client, case, recipient=Recipient.YOUTH)

    report = AccessReport.objects.get(case=case)
    assert report.requested_by == case.facilitator
    page = client.get(reverse("privacy:access_reports", args=[case.reference])).content.decode()
    assert "Jongere" in page and str(report.public_id) in page


def test_an_expired_report_is_no_longer_downloadable_and_its_file_is_removed(client_for, case, coordinator):

    report = request_through_service(
        actor=coordinator,
        case=case,
        recipient=Recipient.YOUTH,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
    )
    report.refresh_from_db()
    stored = report.file.name
    storage = report.file.storage

    removed = remove_expired_access_reports(now=timezone.now() + timedelta(days=31))

    report.refresh_from_db()
    assert removed == 1
    assert report.status == JobStatus.EXPIRED
    assert not storage.exists(stored)
    assert download(client_for(coordinator), report)[0].status_code == 404
