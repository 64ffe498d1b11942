from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AccessLog, Region
from reports.generation import remove_expired_reports
from reports.models import ReportRequest, ReportStatus
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_pdf(django_capture_on_commit_callbacks):
    """Post a request for a year's PDF; the build task, queued on commit, runs right after."""

    def post(client, region: Region, year: int = 2026):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("reports:index"), {"region": region.pk, "year": year, "format": "pdf"})

    return post


def test_municipal_user_requests_a_report_that_is_built_and_mailed(
    client_for, municipal_user, region_utr, request_pdf
):
    client = client_for(municipal_user)

    response = request_pdf(client, region_utr)

    report = ReportRequest.objects.get(format="pdf")
    assert response.status_code == 302 and str(report.public_id) in response["Location"]
    assert (report.status, report.progress) == (ReportStatus.DONE, 100)
    assert report.file.read().startswith(b"%PDF")
    status = client.get(reverse("reports:status", args=[report.public_id])).json()
    assert status["status"] == "done" and status["download_url"]
    assert len(mail.outbox) == 1
    assert str(report.public_id) in mail.outbox[0].body and "Utrecht" not in mail.outbox[0].body


def test_download_is_for_the_requester_only_and_logged_as_export(
    client_for, municipal_user, region_utr, request_pdf
):
    request_pdf(client_for(municipal_user), region_utr)
    report = ReportRequest.objects.get(format="pdf")
    url = reverse("reports:download", args=[report.public_id])

    response = client_for(municipal_user).get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AccessLog.objects.filter(action="export", object_type="reports.reportrequest").count() == 1
    colleague = user_with_role("municipal", "collega_utr", region=region_utr)
    for path in ("reports:detail", "reports:status", "reports:download"):
        assert client_for(colleague).get(reverse(path, args=[report.public_id])).status_code == 404


def test_a_municipal_user_cannot_ask_for_another_region(client_for, municipal_user, region_fle, request_pdf):
    response = request_pdf(client_for(municipal_user), region_fle)
    assert response.status_code == 200
    assert not ReportRequest.objects.exists()
    assert "region" in response.context["form"].errors


def test_a_municipal_user_of_another_region_gets_404(
    client_for, municipal_user, municipal_user_fle, region_utr, request_pdf
):
    request_pdf(client_for(municipal_user), region_utr)
    report = ReportRequest.objects.get(format="pdf")
    other = client_for(municipal_user_fle)
    assert other.get(reverse("reports:detail", args=[report.public_id])).status_code == 404
    assert other.get(reverse("reports:download", args=[report.public_id])).status_code == 404


def test_a_coordinator_reports_on_the_region_of_their_team(client_for, coordinator, region_utr, request_pdf):
    request_pdf(client_for(coordinator), region_utr)
    assert ReportRequest.objects.get(format="pdf").region == region_utr


@pytest.mark.parametrize(
    "role_fixture", ["facilitator", "committee_member", "provider_user", "learner", "admin_user"]
)
def test_other_roles_cannot_reach_reports(request, client_for, role_fixture):
    client = client_for(request.getfixturevalue(role_fixture))
    assert client.get(reverse("reports:index")).status_code == 404


def test_reports_expire_after_30_days(client_for, municipal_user, region_utr, request_pdf):
    client = client_for(municipal_user)
    request_pdf(client, region_utr)
    report = ReportRequest.objects.get(format="pdf")
    name = report.file.name
    storage = report.file.storage

    assert remove_expired_reports(now=timezone.now() + timedelta(days=29)) == 0
    # the PDF, the CSV and the XLSX of the request
    assert remove_expired_reports(now=timezone.now() + timedelta(days=30, minutes=1)) == 3

    report.refresh_from_db()
    assert report.status == ReportStatus.EXPIRED
    assert not storage.exists(name)
    assert client.get(reverse("reports:download", args=[report.public_id])).status_code == 404


def test_the_task_is_safe_to_run_twice(client_for, municipal_user, region_utr, request_pdf):
    from reports.generation import run_report

    request_pdf(client_for(municipal_user), region_utr)
    report = ReportRequest.objects.get(format="pdf")
    first = report.file.name

    run_report(report.pk)

    report.refresh_from_db()
    assert report.file.name == first and len(mail.outbox) == 1


def test_an_invalid_period_is_refused_with_a_dutch_message(client_for, municipal_user, region_utr):
    response = client_for(municipal_user).post(
        reverse("reports:index"),
        {
            "region": region_utr.pk,
            "year": "",
            "period_start": "2026-05-01",
            "period_end": "2026-01-01",
            "format": "csv",
        },
    )
    assert "Het einde van de periode ligt voor het begin." in response.content.decode()
    assert not ReportRequest.objects.exists()


def test_one_request_builds_pdf_csv_and_xlsx_from_one_report(
    client_for, municipal_user, region_utr, request_pdf, monkeypatch
):
    import reports.generation as generation

    built = []
    original = generation.build_regional_report
    monkeypatch.setattr(generation, "build_regional_report", lambda **kw: built.append(1) or original(**kw))
    client = client_for(municipal_user)

    request_pdf(client, region_utr)

    files = {r.format: r for r in ReportRequest.objects.all()}
    assert set(files) == {"pdf", "csv", "xlsx"} and len(built) == 1
    assert all(r.status == ReportStatus.DONE for r in files.values())
    assert files["pdf"].file.read().startswith(b"%PDF")
    assert files["csv"].file.read().startswith("\ufeff".encode())
    assert files["xlsx"].file.read().startswith(b"PK")
    assert len(mail.outbox) == 1
    status = client.get(reverse("reports:status", args=[files["pdf"].public_id])).json()
    assert set(status["downloads"]) == {"pdf", "csv", "xlsx"}
    page = client.get(reverse("reports:detail", args=[files["pdf"].public_id])).content.decode()
    for item in files.values():
        assert reverse("reports:download", args=[item.public_id]) in page
    listing = client.get(reverse("reports:index")).content.decode()
    assert listing.count(reverse("reports:detail", args=[files["pdf"].public_id])) == 1


def test_the_definitions_page_explains_every_section(client_for, municipal_user, region_utr):
    page = client_for(municipal_user).get(reverse("reports:definitions")).content.decode()
    for term in ("Kinderen in crisisopvang", "Verblijfsduur", "Residentieel", "Wachttijd", "Doorlooptijd",
                 "School en dagbesteding", "Terug in crisisopvang", "Binnen de termijn"):  # fmt: skip
        assert term in page
    assert "niet afgeschermd" in page


def test_the_mail_and_the_pages_state_the_installations_retention(
    client_for, municipal_user, region_utr, request_pdf, settings
):
    settings.REPORT_RETENTION_DAYS = 45
    client = client_for(municipal_user)

    request_pdf(client, region_utr)

    report = ReportRequest.objects.get(format="pdf")
    assert "U kunt hem 45 dagen downloaden" in mail.outbox[0].body
    assert (
        "Rapportages worden na 45 dagen verwijderd." in client.get(reverse("reports:index")).content.decode()
    )
    ReportRequest.objects.filter(pk=report.pk).update(status=ReportStatus.EXPIRED)
    detail = client.get(reverse("reports:detail", args=[report.public_id])).content.decode()
    assert "Deze rapportage is na 45 dagen verwijderd." in detail
