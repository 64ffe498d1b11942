"""Private files on S3-compatible object storage (moto's in-process S3): uploads, decision letters and
generated reports go to the bucket and never touch the local disk; downloads still work."""

from decimal import Decimal

import boto3
import environ
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws

from cases.models import Document
from config.storage import FILESYSTEM, S3, private_storage
from reports.models import ReportRequest, ReportStatus
from subsidies import services
from subsidies.models import DecisionLetter
from tests.cases.factories import CaseFactory
from tests.subsidies.factories import SchemeFactory, amsterdam

pytestmark = pytest.mark.django_db

BUCKET = "jeugdcasus-private"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def test_without_a_bucket_files_stay_in_the_local_private_folder(monkeypatch):
    monkeypatch.delenv("STORAGE_BUCKET", raising=False)

    assert private_storage(environ.Env()) == {"BACKEND": FILESYSTEM}


def test_a_bucket_and_endpoint_select_private_s3_storage(monkeypatch):
    monkeypatch.setenv("STORAGE_BUCKET", BUCKET)
    monkeypatch.setenv("STORAGE_URL", "http://127.0.0.1:9000")
    monkeypatch.setenv("STORAGE_ACCESS_KEY", "minio")
    monkeypatch.setenv("STORAGE_SECRET_KEY", "minio-secret")

    storage = private_storage(environ.Env())

    assert storage["BACKEND"] == S3
    options = storage["OPTIONS"]
    assert options["bucket_name"] == BUCKET
    assert options["endpoint_url"] == "http://127.0.0.1:9000"
    assert (options["access_key"], options["secret_key"]) == ("minio", "minio-secret")
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False


@pytest.fixture
def bucket(settings, monkeypatch, tmp_path):
    """An S3 bucket (moto, in memory) as the private storage; MEDIA_ROOT an empty folder to watch."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.MEDIA_ROOT = tmp_path / "private"
        settings.MEDIA_ROOT.mkdir()
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": S3, "OPTIONS": {"bucket_name": BUCKET, "default_acl": None}},
        }
        yield client


def stored_keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def assert_local_disk_untouched(settings) -> None:
    assert list(settings.MEDIA_ROOT.rglob("*")) == []


def test_uploaded_document_goes_to_the_bucket_and_downloads_from_it(
    bucket, settings, client_for, facilitator
):
    case = CaseFactory(facilitator=facilitator)
    client = client_for(facilitator)

    client.post(
        reverse("cases:document_upload", args=[case.reference]),
        {"file": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"), "description": "Plan"},
    )

    document = Document.objects.get(case=case)
    assert stored_keys(bucket) == [document.file.name]
    assert_local_disk_untouched(settings)
    response = client.get(reverse("cases:document_download", args=[document.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_decision_letter_is_written_to_the_bucket(
    bucket,
    settings,
    committee_member,
    family_home,
    provider_user,
    facilitator,
    django_capture_on_commit_callbacks,
):
    scheme = SchemeFactory()
    scheme.committee_members.add(committee_member)
    application = services.start_application(
        case=CaseFactory(facilitator=facilitator),
        scheme=scheme,
        provider_organisation=family_home,
        invited_users=[provider_user],
        actor=facilitator,
        title="Zelfstandige kamer",
    )
    services.update_draft(
        application=application,
        actor=provider_user,
        data={"purpose": "Een kamer.", "motivation": "Zelfstandig worden."},
        cost_lines=[{"description": "Kamer", "amount": Decimal("12000.00"), "is_investment": True}],
    )
    services.submit_application(application=application, actor=facilitator, now=amsterdam(2026, 3, 9, 10, 0))

    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            application=application,
            actor=committee_member,
            outcome="granted",
            amount=Decimal("12000.00"),
            reason="Past binnen de regeling.",
            now=amsterdam(2026, 3, 12, 14, 30),
        )

    letter = DecisionLetter.objects.get(application=application)
    assert stored_keys(bucket) == [letter.file.name]
    assert letter.file.open("rb").read().startswith(b"%PDF")
    assert_local_disk_untouched(settings)


def test_generated_report_is_written_to_the_bucket_and_downloads_from_it(
    bucket, settings, client_for, municipal_user, region_utr, django_capture_on_commit_callbacks
):
    client = client_for(municipal_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:index"), {"region": region_utr.pk, "year": 2026, "format": "csv"})

    # one request builds the PDF, the CSV and the XLSX: all three in the bucket
    report = ReportRequest.objects.get(format="csv")
    assert report.status == ReportStatus.DONE
    assert sorted(stored_keys(bucket)) == sorted(r.file.name for r in ReportRequest.objects.all())
    assert_local_disk_untouched(settings)
    response = client.get(reverse("reports:download", args=[report.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode("utf-8-sig").strip()
