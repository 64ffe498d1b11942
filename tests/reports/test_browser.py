import pytest

from reports.models import ReportRequest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_one_request_yields_a_pdf_a_csv_and_an_xlsx_to_download(page, login_in_browser, municipal_user):
    login_in_browser(municipal_user)

    page.click("nav >> text=Rapportages")
    page.click("button:has-text('Rapportage maken')")

    starts = {"pdf": b"%PDF-", "csv": "\ufeff".encode(), "xlsx": b"PK"}
    for fmt, start in starts.items():
        page.wait_for_selector(f"#report-download-{fmt}:not(.d-none)")
        with page.expect_download() as download_info:
            page.click(f"#report-download-{fmt}")
        download = download_info.value
        assert download.suggested_filename.startswith("regiorapportage-UTR-")
        assert download.suggested_filename.endswith(f".{fmt}")
        with open(download.path(), "rb") as handle:
            assert handle.read(len(start)) == start
    assert page.inner_text("#report-status-label") == "Klaar"
    assert {r.format for r in ReportRequest.objects.filter(requested_by=municipal_user)} == set(starts)


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
    assert not page.is_visible("#report-download-csv")

    run_report(report.pk)  # what the worker does

    page.wait_for_selector("#report-download-csv:not(.d-none)", timeout=5000)
    assert page.inner_text("#report-status-label") == "Klaar"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_municipal_dashboard_shows_the_regions_figures_with_sparklines(
    page, login_in_browser, municipal_user, facilitator
):
    from django.utils import timezone

    from tests.reports.conftest import at, make_case

    today = timezone.localdate()
    for day in range(1, 8):
        make_case(facilitator, created=at(today.year, 1, day, 10))
    login_in_browser(municipal_user)

    panel = page.locator("#regional-figures")
    assert "Kerncijfers Utrecht Stad" in panel.inner_text()
    assert panel.locator("svg.sparkline").count() == 3
    assert "7" in panel.locator(".headline-value").first.inner_text()
    panel.locator("text=Definities").click()
    assert "Wachttijd" in page.inner_text("main")
    page.go_back()
    page.locator("#regional-figures >> text=Volledige rapportage aanvragen").click()
    assert page.locator("button:has-text('Rapportage maken')").is_visible()
