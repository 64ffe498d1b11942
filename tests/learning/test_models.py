from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from learning.models import LearningSession, Theme
from tests.learning.factories import LearningSessionFactory, LearningTeamFactory

pytestmark = pytest.mark.django_db


def test_the_themes_of_the_source_document_are_seeded():
    names = set(Theme.objects.values_list("name", flat=True))
    assert {"wisselende plekken", "24-uurszorg werkt verhardend", "verloop van personeel"} <= names
    assert len(names) >= 9


def test_database_refuses_a_session_longer_than_three_hours():
    team = LearningTeamFactory()
    with pytest.raises(IntegrityError):
        LearningSession.objects.create(team=team, date=date(2022, 4, 1), duration_minutes=181)


def test_database_refuses_a_session_of_zero_minutes():
    team = LearningTeamFactory()
    with pytest.raises(IntegrityError):
        LearningSession.objects.create(team=team, date=date(2022, 4, 1), duration_minutes=0)


def test_model_clean_refuses_a_session_longer_than_three_hours():
    session = LearningSessionFactory.build(team=LearningTeamFactory(), duration_minutes=200)
    with pytest.raises(ValidationError) as excinfo:
        session.full_clean()
    assert "duration_minutes" in excinfo.value.message_dict


def test_three_hours_exactly_is_allowed_and_preparation_defaults_to_one_hour():
    session = LearningSessionFactory(duration_minutes=180)
    session.full_clean()
    assert session.preparation_minutes == 60
