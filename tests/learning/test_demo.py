import pytest
from django.apps import apps

from cases.models import Case
from learning import demo
from learning.models import LearningCase, LearningSession, LearningTrack, TrackParticipant

pytestmark = pytest.mark.django_db


def learning_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in apps.get_app_config("learning").get_models()}


def test_demo_builds_the_gooi_en_vechtstreek_track_with_planned_sessions_per_team(demo_data):
    track = LearningTrack.objects.get(name=demo.TRACK_NAME)

    planned = dict(track.teams.values_list("municipality__name", "planned_sessions"))

    assert track.region.code == "GVS"
    assert planned == {"Hilversum": 6, "Wijdemeren": 3, "Gooise Meren": 5, "Huizen": 6}
    assert TrackParticipant.objects.filter(track=track, user__username="leernetwerk").exists()
    assert LearningSession.objects.filter(team__track=track, findings__isnull=False).exists()
    assert track.project_group_meetings.count() == 3


def test_demo_links_one_learning_case_to_amys_case_with_consent(demo_data):
    amy = Case.objects.get(youth_name="Amy", region__code="UTR")

    linked = LearningCase.objects.filter(case__isnull=False)

    assert list(linked.values_list("code", "case_id")) == [("LC-03", amy.pk)]


def test_demo_is_idempotent(demo_data):
    before = learning_counts()

    demo.seed()

    assert learning_counts() == before
