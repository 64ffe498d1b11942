"""Recording a session: at most 3 hours (form, model and database), attendance of team members,
findings with at least one theme, and sessions held against planned on the team and track pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AccessLog
from learning import services
from learning.models import Finding, LearningSession, Theme
from tests.learning.factories import (
    LearningCaseFactory,
    LearningSessionFactory,
    LearningTeamFactory,
    TeamMemberFactory,
    TrackParticipantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(learner):
    team = LearningTeamFactory(planned_sessions=6)
    TrackParticipantFactory(track=team.track, user=learner)
    return team


def management(prefix: str, total: int) -> dict:
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": 0}


def session_post(team, **overrides) -> dict:
    members = [TeamMemberFactory(team=team, name=n) for n in ("Annemijn", "Hans")]
    learning_case = LearningCaseFactory(track=team.track)
    themes = Theme.objects.order_by("name")
    data = {
        "date": "2022-04-12",
        "place": "Gemeentehuis",
        "agenda": "Casus doornemen",
        "duration_minutes": 180,
        "preparation_minutes": 60,
        "attendees": [members[0].pk],
        "learning_cases": [learning_case.pk],
        "alternative_plan": "Eén vaste regisseur",
        **management("interviews", 1),
        "interviews-0-with_whom": "parent",
        "interviews-0-perspective": "Niet gehoord",
        **management("findings", 2),
        "findings-0-text": "Wisselende plekken",
        "findings-0-themes": [themes[0].pk, themes[1].pk],
        "findings-0-learning_case": learning_case.pk,
        "findings-1-text": "Hulpvraag onduidelijk",
        "findings-1-themes": [themes[2].pk],
        **management("actions", 1),
        "actions-0-description": "Gezin bellen",
    }
    data.update(overrides)
    return data


def test_learner_records_a_session_with_attendance_findings_and_actions(team, learner, client_for):
    response = client_for(learner).post(
        reverse("learning:session_create", args=[team.pk]), session_post(team)
    )

    session = LearningSession.objects.get(team=team)
    assert response.status_code == 302
    assert [m.name for m in session.attendees.all()] == ["Annemijn"]
    assert session.findings.count() == 2 and session.interviews.count() == 1 and session.actions.count() == 1
    assert Finding.objects.get(text="Wisselende plekken").themes.count() == 2
    assert AccessLog.objects.filter(
        object_type="learning.learningsession", action=AccessLog.Action.CREATE
    ).exists()


def test_form_refuses_a_session_longer_than_three_hours_in_dutch(team, learner, client_for):
    response = client_for(learner).post(
        reverse("learning:session_create", args=[team.pk]), session_post(team, duration_minutes=181)
    )

    assert response.status_code == 200
    assert "maximaal 3 uur" in response.content.decode()
    assert not LearningSession.objects.exists()


def test_form_refuses_a_finding_without_a_theme(team, learner, client_for):
    data = session_post(team)
    del data["findings-1-themes"]

    response = client_for(learner).post(reverse("learning:session_create", args=[team.pk]), data)

    assert "Kies minstens één thema." in response.content.decode()
    assert not LearningSession.objects.exists()


def test_service_refuses_a_finding_without_a_theme(team, learner):
    with pytest.raises(ValidationError, match="minstens één thema"):
        services.save_session(
            team=team,
            actor=learner,
            date=date(2022, 4, 1),
            duration_minutes=60,
            findings=[{"text": "x", "themes": []}],
        )


def test_service_refuses_more_than_three_hours(team, learner):
    with pytest.raises(ValidationError):
        services.save_session(team=team, actor=learner, date=date(2022, 4, 1), duration_minutes=240)

    assert not LearningSession.objects.exists()


def test_service_refuses_attendees_of_another_team(team, learner):
    stranger = TeamMemberFactory()

    with pytest.raises(ValidationError, match="leden van dit team"):
        services.save_session(
            team=team, actor=learner, date=date(2022, 4, 1), duration_minutes=60, attendees=[stranger]
        )


def test_editing_a_session_replaces_its_findings(team, learner, client_for):
    client = client_for(learner)
    client.post(reverse("learning:session_create", args=[team.pk]), session_post(team))
    session = LearningSession.objects.get()
    data = session_post(team, **management("findings", 1))
    del data["findings-1-text"], data["findings-1-themes"]

    client.post(reverse("learning:session_edit", args=[session.pk]), data)

    assert list(session.findings.values_list("text", flat=True)) == ["Wisselende plekken"]
    assert LearningSession.objects.count() == 1


def test_team_and_track_pages_show_sessions_held_against_planned(team, learner, client_for):
    for day in (1, 2, 3, 4):
        LearningSessionFactory(team=team, date=date(2022, 4, day))
    client = client_for(learner)

    team_page = client.get(reverse("learning:team_detail", args=[team.pk])).content.decode()
    track_page = client.get(reverse("learning:track_detail", args=[team.track.pk])).content.decode()

    assert "4 van 6 leerbijeenkomsten gehouden" in team_page
    assert "4 van 6 gehouden" in track_page


def test_preparation_defaults_to_one_hour_in_the_form(team, learner, client_for):
    page = client_for(learner).get(reverse("learning:session_create", args=[team.pk])).content.decode()

    assert 'name="preparation_minutes" value="60"' in page


def test_an_untouched_interview_row_is_skipped(team, learner, client_for):
    data = session_post(team, **{"interviews-0-with_whom": "", "interviews-0-perspective": ""})

    response = client_for(learner).post(reverse("learning:session_create", args=[team.pk]), data)

    assert response.status_code == 302
    assert LearningSession.objects.get().interviews.count() == 0
