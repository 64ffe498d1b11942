"""The theme overview (per track and per region, for the tracks one may see) and the track report PDF."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from core.models import AccessLog, Region
from learning import reporting, selectors
from learning.models import Theme, TrackReport, TrackReportStatus
from tests.learning.factories import (
    FindingFactory,
    LearningSessionFactory,
    LearningTeamFactory,
    LearningTrackFactory,
    TrackParticipantFactory,
)

pytestmark = pytest.mark.django_db


def theme(name: str) -> Theme:
    return Theme.objects.get(name=name)


@pytest.fixture
def two_tracks(learner):
    """A GVS track the learner takes part in, and a UTR track they do not."""
    gvs = LearningTeamFactory()
    TrackParticipantFactory(track=gvs.track, user=learner)
    utr = LearningTeamFactory(track=LearningTrackFactory(region=Region.objects.get(code="UTR")))
    gvs_session, utr_session = LearningSessionFactory(team=gvs), LearningSessionFactory(team=utr)
    FindingFactory(session=gvs_session, themes=[theme("wisselende plekken"), theme("rol van ouders")])
    FindingFactory(session=gvs_session, themes=[theme("wisselende plekken")])
    FindingFactory(session=utr_session, themes=[theme("rol van ouders")])
    return gvs.track, utr.track


def counts(overview) -> dict[str, list[int]]:
    return {row.name: row.per_track for row in overview.rows}


def test_overview_counts_each_theme_per_track_of_the_learner(two_tracks, learner):
    gvs, _utr = two_tracks

    overview = selectors.theme_overview(learner)

    assert [c.label for c in overview.tracks] == [gvs.name]
    assert counts(overview)["wisselende plekken"] == [2]
    assert counts(overview)["rol van ouders"] == [1]
    assert counts(overview)["verloop van personeel"] == [0]


def test_overview_counts_per_region_for_municipal_staff_of_that_region_only(two_tracks, municipal_user):
    overview = selectors.theme_overview(municipal_user)  # municipal staff of UTR

    assert [c.label for c in overview.regions] == ["Utrecht Stad"]
    assert {row.name: row.per_region for row in overview.rows}["rol van ouders"] == [1]
    assert {row.name: row.per_region for row in overview.rows}["wisselende plekken"] == [0]


def test_overview_is_one_aggregate_query_plus_the_theme_names(two_tracks, learner):
    learner = type(learner).objects.get(pk=learner.pk)
    learner.role_assignments  # noqa: B018  (the role cache, loaded once per request anyway)

    with CaptureQueriesContext(connection) as queries:
        selectors.theme_overview(learner)

    assert len(queries) == 2


def test_overview_page_shows_the_counts(two_tracks, learner, client_for):
    page = client_for(learner).get(reverse("learning:theme_overview")).content.decode()

    assert 'data-theme="wisselende plekken"' in page
    assert "Per regio" in page


def test_overview_page_has_an_empty_state(facilitator, client_for):
    page = client_for(facilitator).get(reverse("learning:theme_overview")).content.decode()

    assert "Nog geen bevindingen" in page


def test_track_list_stays_within_its_query_budget(learner, client_for, django_assert_max_num_queries):
    for _ in range(5):
        team = LearningTeamFactory()
        TrackParticipantFactory(track=team.track, user=learner)
        LearningSessionFactory(team=team)
    client = client_for(learner)

    # Session, user, roles, navigation check, tracks with counts, planned sessions: whatever the number of tracks.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("learning:track_list"))

    assert response.content.decode().count("van 6") == 5


def test_track_page_stays_within_its_query_budget(
    two_tracks, learner, client_for, django_assert_max_num_queries
):
    gvs, _utr = two_tracks
    for municipality in gvs.region.municipalities.exclude(learning_teams__track=gvs)[:3]:
        # More teams and findings do not add queries.
        FindingFactory(
            session=LearningSessionFactory(team=LearningTeamFactory(track=gvs, municipality=municipality))
        )
    client = client_for(learner)

    with django_assert_max_num_queries(11):
        assert client.get(reverse("learning:track_detail", args=[gvs.pk])).status_code == 200


def test_rapport_maken_builds_a_pdf_grouped_by_theme(
    two_tracks, learner, client_for, django_capture_on_commit_callbacks
):
    gvs, _utr = two_tracks
    client = client_for(learner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("learning:report_create", args=[gvs.pk]))
    report = TrackReport.objects.get(track=gvs)
    download = client.get(reverse("learning:report_download", args=[report.public_id]))
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages
    )

    assert report.status == TrackReportStatus.DONE and report.progress == 100
    assert download["Content-Type"] == "application/pdf"
    assert "wisselende plekken (2)" in text and "rol van ouders (1)" in text
    assert "Aanbeveling" in text
    assert AccessLog.objects.filter(
        user=learner, action=AccessLog.Action.EXPORT, object_id=str(report.pk)
    ).exists()


def test_status_is_shown_while_the_report_is_queued(two_tracks, learner, client_for):
    gvs, _utr = two_tracks
    report = TrackReport.objects.create(track=gvs, requested_by=learner)

    status = client_for(learner).get(reverse("learning:report_status", args=[report.public_id])).json()
    download = client_for(learner).get(reverse("learning:report_download", args=[report.public_id]))

    assert status["status"] == "queued" and status["download_url"] is None
    assert download.status_code == 404


def test_a_polled_track_report_offers_its_download_once_built(two_tracks, learner, client_for):
    # The track page polls the status (static/js/report_status.js), which shows the links of the
    # ``.report-download[data-format]`` elements listed in ``downloads``.
    gvs, _utr = two_tracks
    report = TrackReport.objects.create(track=gvs, requested_by=learner)
    client = client_for(learner)
    status_url = reverse("learning:report_status", args=[report.public_id])
    page = client.get(reverse("learning:track_detail", args=[gvs.pk])).content.decode()
    assert client.get(status_url).json()["downloads"] == {}

    reporting.run_track_report(report.pk)

    download_url = reverse("learning:report_download", args=[report.public_id])
    assert client.get(status_url).json()["downloads"] == {"pdf": download_url}
    assert 'data-format="pdf" class="btn btn-success btn-sm report-download d-none"' in page
    assert 'data-done=""' in page


def test_an_expired_track_report_is_not_polled(two_tracks, learner, client_for):
    gvs, _utr = two_tracks
    TrackReport.objects.create(track=gvs, requested_by=learner, status=TrackReportStatus.EXPIRED)

    page = client_for(learner).get(reverse("learning:track_detail", args=[gvs.pk])).content.decode()

    assert 'data-done="1"' in page


def test_building_a_report_twice_leaves_the_first_file(two_tracks, learner):
    gvs, _utr = two_tracks
    report = TrackReport.objects.create(track=gvs, requested_by=learner)
    reporting.run_track_report(report.pk)
    first = TrackReport.objects.get(pk=report.pk).file.name

    reporting.run_track_report(report.pk)

    assert TrackReport.objects.get(pk=report.pk).file.name == first


def test_someone_outside_the_track_cannot_download_its_report(two_tracks, learner, facilitator, client_for):
    gvs, _utr = two_tracks
    report = TrackReport.objects.create(track=gvs, requested_by=learner)
    reporting.run_track_report(report.pk)

    response = client_for(facilitator).get(reverse("learning:report_download", args=[report.public_id]))

    assert response.status_code == 404


def test_the_track_report_renders_the_same_bytes_twice(two_tracks, learner):
    from django.utils import translation

    from learning.reporting import render_track_report_pdf

    gvs, _utr = two_tracks
    report = TrackReport.objects.create(track=gvs, requested_by=learner)
    expected = render_track_report_pdf(report)
    with translation.override("en"):
        assert render_track_report_pdf(report) == expected
