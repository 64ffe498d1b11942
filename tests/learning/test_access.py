"""Who sees what: a track only to its participants (404 elsewhere, whatever the role), the theme
overview of a region to its municipal staff, themes and trainings to the administrator in the admin."""

import uuid

import pytest
from django.urls import reverse

from core.models import AccessLog
from learning.models import Course, Theme, TrackReport
from tests.factories import UserFactory
from tests.learning.factories import (
    FindingFactory,
    LearningCaseFactory,
    LearningSessionFactory,
    LearningTeamFactory,
    ProjectGroupMeetingFactory,
    TrackParticipantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_track_pages():
    """The pages of a track nobody in the role fixtures takes part in."""
    team = LearningTeamFactory()
    session = LearningSessionFactory(team=team)
    learning_case = LearningCaseFactory(track=team.track)
    meeting = ProjectGroupMeetingFactory(track=team.track)
    report = TrackReport.objects.create(track=team.track, requested_by=UserFactory())
    return [
        reverse("learning:track_detail", args=[team.track.pk]),
        reverse("learning:team_detail", args=[team.pk]),
        reverse("learning:session_create", args=[team.pk]),
        reverse("learning:session_detail", args=[session.pk]),
        reverse("learning:session_edit", args=[session.pk]),
        reverse("learning:learning_case_detail", args=[learning_case.pk]),
        reverse("learning:learning_case_edit", args=[learning_case.pk]),
        reverse("learning:learning_case_create", args=[team.track.pk]),
        reverse("learning:project_group", args=[team.track.pk]),
        reverse("learning:meeting_edit", args=[meeting.pk]),
        reverse("learning:report_status", args=[report.public_id]),
        reverse("learning:report_download", args=[report.public_id]),
    ]


@pytest.mark.parametrize(
    "who",
    [
        "learner",
        "facilitator",
        "coordinator",
        "municipal_user",
        "committee_member",
        "provider_user",
        "admin_user",
    ],
)
def test_a_track_is_404_for_everyone_who_does_not_take_part(request, who, other_track_pages, client_for):
    client = client_for(request.getfixturevalue(who))

    for path in other_track_pages:
        assert client.get(path).status_code == 404, path


def test_superuser_without_participation_gets_404_too(other_track_pages, client_for, admin_user):
    admin_user.is_superuser = True
    admin_user.save()

    assert client_for(admin_user).get(other_track_pages[0]).status_code == 404


def test_learner_lists_only_their_own_tracks(learner, client_for):
    mine = TrackParticipantFactory(user=learner).track
    other = LearningTeamFactory().track

    page = client_for(learner).get(reverse("learning:track_list")).content.decode()

    assert mine.name in page and other.name not in page


def test_report_status_of_an_unknown_report_is_404(learner, client_for):
    assert client_for(learner).get(reverse("learning:report_status", args=[uuid.uuid4()])).status_code == 404


def test_viewing_a_learning_case_is_logged(learner, client_for):
    learning_case = LearningCaseFactory()
    TrackParticipantFactory(track=learning_case.track, user=learner)

    client_for(learner).get(reverse("learning:learning_case_detail", args=[learning_case.pk]))

    assert AccessLog.objects.filter(
        user=learner,
        action=AccessLog.Action.VIEW,
        object_type="learning.learningcase",
        object_id=str(learning_case.pk),
    ).exists()


def test_creating_and_changing_a_learning_case_is_logged(learner, client_for):
    track = TrackParticipantFactory(user=learner).track
    client = client_for(learner)

    client.post(
        reverse("learning:learning_case_create", args=[track.pk]), {"code": "LC-07", "summary": "Jongere"}
    )
    learning_case = track.learning_cases.get()
    client.post(
        reverse("learning:learning_case_edit", args=[learning_case.pk]),
        {"code": "LC-07", "summary": "Anders"},
    )

    actions = set(
        AccessLog.objects.filter(object_type="learning.learningcase").values_list("action", flat=True)
    )
    assert actions == {AccessLog.Action.CREATE, AccessLog.Action.CHANGE}


def test_learning_case_page_warns_to_write_without_identifying_data(learner, client_for):
    track = TrackParticipantFactory(user=learner).track

    page = client_for(learner).get(reverse("learning:learning_case_create", args=[track.pk])).content.decode()

    assert "schrijf zonder herleidbare gegevens" in page
    assert 'value="LC-01"' in page


def test_a_case_reference_in_a_learning_case_summary_is_refused(learner, client_for):
    track = TrackParticipantFactory(user=learner).track

    response = client_for(learner).post(
        reverse("learning:learning_case_create", args=[track.pk]),
        {"code": "LC-01", "summary": "Zie UTR-2026-0001"},
    )

    assert "Noem geen casusnummer" in response.content.decode()
    assert not track.learning_cases.exists()


@pytest.mark.parametrize("who", ["learner", "facilitator", "municipal_user"])
def test_trainings_are_visible_to_the_network(request, who, client_for):
    Course.objects.create(name="Werken met de verklarende analyse", kind="verklarende_analyse")

    page = client_for(request.getfixturevalue(who)).get(reverse("learning:course_list"))

    assert page.status_code == 200 and "verklarende analyse" in page.content.decode()


def test_trainings_are_not_for_the_committee(committee_member, client_for):
    assert client_for(committee_member).get(reverse("learning:course_list")).status_code == 403


def test_functional_administrator_manages_themes_in_the_admin(admin_user, client_for):
    client = client_for(admin_user)

    response = client.post(reverse("admin:learning_theme_add"), {"name": "wachtlijsten"})

    assert response.status_code == 302
    assert Theme.objects.filter(name="wachtlijsten").exists()
    assert client.get(reverse("admin:learning_course_changelist")).status_code == 200


def test_staff_without_the_admin_role_cannot_open_the_theme_admin(learner, client_for):
    learner.is_staff = True
    learner.save()

    assert client_for(learner).get(reverse("admin:learning_theme_changelist")).status_code in (302, 403)


def test_navigation_shows_leernetwerk_to_a_learner(learner, client_for):
    page = client_for(learner).get("/").content.decode()

    assert "Leernetwerk" in page


def test_learner_dashboard_shows_sessions_held_against_planned(learner, client_for):
    team = LearningTeamFactory(planned_sessions=6)
    TrackParticipantFactory(track=team.track, user=learner)
    FindingFactory(session=LearningSessionFactory(team=team))

    page = client_for(learner).get("/").content.decode()

    assert team.track.name in page and "1 van 6 leerbijeenkomsten gehouden" in page
