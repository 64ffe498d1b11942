from datetime import date

import pytest

from core.models import Region
from learning.models import Theme
from reports.content import learning_section
from reports.figures.common import Period
from tests.learning.factories import (
    FindingFactory,
    LearningSessionFactory,
    LearningTeamFactory,
    LearningTrackFactory,
)

pytestmark = pytest.mark.django_db


def test_sessions_held_against_planned_and_the_most_frequent_themes_per_region():
    gvs = Region.objects.get(code="GVS")
    track = LearningTrackFactory(name="Actieleren GVS")
    team = LearningTeamFactory(track=track, planned_sessions=6)
    sessions = [LearningSessionFactory(team=team, date=date(2022, month, 10)) for month in (3, 4, 5)]
    LearningSessionFactory(team=team, date=date(2023, 1, 10))  # outside the period
    LearningTeamFactory(track=LearningTrackFactory(region=Region.objects.get(code="UTR")))  # other region
    unclear, parents = (
        Theme.objects.get(name="onduidelijke hulpvraag"),
        Theme.objects.get(name="rol van ouders"),
    )
    FindingFactory(session=sessions[0], themes=[unclear, parents])
    FindingFactory(session=sessions[1], themes=[unclear])

    section = learning_section(gvs, Period(date(2022, 1, 1), date(2022, 12, 31)))

    held, themes = section.tables
    assert held.rows == [(f"{team.municipality.name} (Actieleren GVS)", [6, 3])]
    assert themes.rows == [("onduidelijke hulpvraag", [2]), ("rol van ouders", [1])]
