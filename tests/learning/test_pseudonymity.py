"""Nothing a learner can open in the learning network shows a case reference, a youth's name or
initials: every ``learning:`` page is rendered as the demo learner, with real ids, and the track
report PDF is read back (pypdf)."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Case, ConsentPurpose
from core.models import User
from learning import demo, services
from learning import urls as learning_urls
from learning.models import Course, LearningTrack, TrackReport, TrackReportStatus
from tests.cases.factories import CaseFactory, ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"[A-Z]{3}-\d{4}-\d{4}")


@pytest.fixture
def xylofoon(demo_data):
    """A case with a distinctive name and initials, linked with consent to a demo learning case."""
    facilitator = User.objects.get(username="procesbegeleider")
    case = CaseFactory(
        youth_name="Xylofoon", youth_initials="X.Q.", facilitator=facilitator, created_by=facilitator
    )
    mother = PersonFactory(case=case, name="Moeder Zwanenburg")
    ConsentFactory(case=case, person=mother, purpose=ConsentPurpose.LEARNING_NETWORK, recorded_by=facilitator)
    track = LearningTrack.objects.get(name=demo.TRACK_NAME)
    learning_case = services.create_learning_case(
        track=track, actor=facilitator, code="LC-42", summary="Jongere met een wisselende woonplek."
    )
    services.link_learning_case(learning_case=learning_case, case=case, actor=facilitator)
    return case


def identifying_patterns() -> list[re.Pattern]:
    """Names as whole words (so "Kim" does not match "Kimberly"); initials only when distinctive
    (two or more letters, like "X.Q."): a single "A." occurs in ordinary text."""
    patterns = []
    for name, initials in Case.objects.values_list("youth_name", "youth_initials"):
        if name:
            patterns.append(re.compile(rf"\b{re.escape(name)}\b"))
        if initials.count(".") >= 2:
            patterns.append(re.compile(rf"(?<![\w.]){re.escape(initials)}(?!\w)"))
    patterns.append(re.compile(r"Zwanenburg"))
    return patterns


def assert_pseudonymous(text: str, where: str) -> None:
    assert not REFERENCE.search(text), f"case reference on {where}: {REFERENCE.search(text).group()}"
    for pattern in identifying_patterns():
        assert not pattern.search(text), f"{pattern.pattern} on {where}"


def all_learning_urls(track: LearningTrack, report: TrackReport) -> dict[str, list[str]]:
    teams = list(track.teams.all())
    sessions = [s for team in teams for s in team.sessions.all()]
    cases = list(track.learning_cases.all())
    meetings = list(track.project_group_meetings.all())
    by_track = [{"track_pk": track.pk}]
    args = {
        "track_list": [{}],
        "track_detail": [{"pk": track.pk}],
        "learning_case_create": by_track,
        "project_group": by_track,
        "report_create": by_track,
        "meeting_edit": [{"pk": m.pk} for m in meetings],
        "team_detail": [{"pk": t.pk} for t in teams],
        "session_create": [{"team_pk": t.pk} for t in teams],
        "session_detail": [{"pk": s.pk} for s in sessions],
        "session_edit": [{"pk": s.pk} for s in sessions],
        "learning_case_detail": [{"pk": lc.pk} for lc in cases],
        "learning_case_edit": [{"pk": lc.pk} for lc in cases],
        "learning_case_link": [{"pk": lc.pk} for lc in cases],
        "link_overview": [{}],
        "theme_overview": [{}],
        "course_list": [{}],
        "course_detail": [{"pk": c.pk} for c in Course.objects.all()],
        "report_status": [{"public_id": report.public_id}],
        "report_download": [{"public_id": report.public_id}],
    }
    return {name: [reverse(f"learning:{name}", kwargs=kw) for kw in kwargs] for name, kwargs in args.items()}


def test_no_learning_page_shows_a_learner_identifying_data(
    xylofoon, client_for, django_capture_on_commit_callbacks
):
    learner = User.objects.get(username="leernetwerk")
    client = client_for(learner)
    track = LearningTrack.objects.get(name=demo.TRACK_NAME)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("learning:report_create", args=[track.pk]), follow=True)
    assert_pseudonymous(response.content.decode(), "report_create")
    report = TrackReport.objects.get(track=track)
    assert report.status == TrackReportStatus.DONE

    urls = all_learning_urls(track, report)

    assert set(urls) == {p.name for p in learning_urls.urlpatterns}, "every learning page is walked"
    statuses = {}
    for name, paths in urls.items():
        for path in paths:
            response = client.get(path)
            statuses[name] = response.status_code
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if name == "report_download":
                text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
                assert_pseudonymous(text, "track report PDF")
            else:
                assert_pseudonymous(body.decode(), path)
    # The learner really saw the pages (not a row of 404s), and none of the linking pages.
    assert statuses["track_detail"] == statuses["session_detail"] == statuses["learning_case_detail"] == 200
    assert statuses["report_download"] == 200
    assert statuses["learning_case_link"] == statuses["link_overview"] == 403


def test_the_linked_case_reference_is_shown_to_its_facilitator_but_never_to_a_learner(xylofoon, client_for):
    learning_case = xylofoon.learning_cases.get()
    facilitator = User.objects.get(username="procesbegeleider")

    facilitator_page = client_for(facilitator).get(
        reverse("learning:learning_case_link", args=[learning_case.pk])
    )
    learner_page = client_for(User.objects.get(username="leernetwerk")).get(
        reverse("learning:learning_case_detail", args=[learning_case.pk])
    )

    assert xylofoon.reference in facilitator_page.content.decode()
    assert learner_page.status_code == 200
    assert xylofoon.reference not in learner_page.content.decode()
