import pytest

from reports.models import ReportRequest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_municipal_user_requests_a_pdf_watches_it_finish_and_downloads_it(
    page, login_in_browser, municipal_user
):
    login_in_browser(municipal_user)

    page.click("nav >> text=Rapportages")
    page.select_option("#id_format", "pdf")
    page.click("button:has-text('Rapportage maken')")

    page.wait_for_selector("#report-download:not(.d-none)")
    assert page.inner_text("#report-status-label") == "Klaar"
    assert page.inner_text("#report-progress") == "100%"
    with page.expect_download() as download_info:
        page.click("#report-download")
    download = download_info.value
    assert download.suggested_filename.startswith("regiorapportage-UTR-")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert ReportRequest.objects.get().requested_by == municipal_user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_request_page_follows_the_progress_of_a_report_built_in_the_background(
    page, login_in_browser, municipal_user, region_utr
):
    from datetime import date

    from reports.generation import run_report

    report = ReportRequest.objects.create(
        requested_by=municipal_user,
        region=region_utr,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        format="csv",
    )
    login_in_browser(municipal_user)
    page.goto(f"/rapportages/{report.public_id}/")
    assert page.inner_text("#report-status-label") == "In de wachtrij"
    assert not page.is_visible("#report-download")

    run_report(report.pk)  # what the worker does

    page.wait_for_selector("#report-download:not(.d-none)", timeout=5000)
    assert page.inner_text("#report-status-label") == "Klaar"
