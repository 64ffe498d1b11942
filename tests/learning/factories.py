"""Tracks, teams, sessions and learning cases for the learning-network tests. Cases and consents come
from the cases app's factories."""

from datetime import date

import factory

from core.models import Municipality, Region
from learning.models import (
    Finding,
    LearningCase,
    LearningSession,
    LearningTeam,
    LearningTrack,
    ProjectGroupMeeting,
    TeamMember,
    Theme,
    TrackParticipant,
)
from tests.cases.factories import CaseFactory, ConsentFactory  # noqa: F401  (re-exported for tests)


class LearningTrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningTrack

    name = factory.Sequence(lambda n: f"Actieleren traject {n}")
    region = factory.LazyFunction(lambda: Region.objects.get(code="GVS"))
    period_start = date(2022, 3, 1)
    period_end = date(2022, 12, 31)
    aim = "Leren welke factoren uithuisplaatsing helpen voorkomen."
    learning_questions = "Hoe voorkomen we uithuisplaatsing?"
    action_learner = "Natasja Hornby"
    omdenker = "Tilly van Uffelen"


class TrackParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackParticipant

    track = factory.SubFactory(LearningTrackFactory)
    role = TrackParticipant.Role.LEARNER


class LearningTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningTeam

    track = factory.SubFactory(LearningTrackFactory)
    municipality = factory.LazyAttribute(
        lambda o: Municipality.objects.filter(region=o.track.region).order_by("name").first()
    )
    planned_sessions = 6


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    team = factory.SubFactory(LearningTeamFactory)
    name = factory.Sequence(lambda n: f"Teamlid {n}")
    role = TeamMember.Role.CONSULTANT


class LearningCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningCase

    track = factory.SubFactory(LearningTrackFactory)
    code = factory.Sequence(lambda n: f"LC-{n + 1:02d}")
    summary = "Jongere van 15 met veel wisselende plekken; ouders voelen zich niet gehoord."


class LearningSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningSession

    team = factory.SubFactory(LearningTeamFactory)
    date = date(2022, 4, 12)
    place = "Gemeentehuis"
    agenda = "Casus doornemen vanuit het omdenkperspectief."
    duration_minutes = 150


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding
        skip_postgeneration_save = True

    session = factory.SubFactory(LearningSessionFactory)
    text = "De hulpvraag stond niet in het dossier."
    recommendation = "Leg de hulpvraag van het gezin vast bij de start."

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create:
            self.themes.set(extracted or [Theme.objects.get(name="onduidelijke hulpvraag")])


class ProjectGroupMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectGroupMeeting

    track = factory.SubFactory(LearningTrackFactory)
    date = date(2022, 5, 1)
