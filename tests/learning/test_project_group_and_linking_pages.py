from datetime import date

import pytest
from django.urls import reverse

from cases.models import ConsentPurpose
from core.models import AccessLog
from learning import services
from learning.models import ProjectGroupMeeting
from tests.cases.factories import CaseFactory, ConsentFactory
from tests.learning.factories import LearningCaseFactory, ProjectGroupMeetingFactory, TrackParticipantFactory

pytestmark = pytest.mark.django_db


def test_participant_adds_a_project_group_meeting_and_sees_held_against_planned(learner, client_for):
    track = TrackParticipantFactory(user=learner).track
    ProjectGroupMeetingFactory(track=track, date=date(2022, 3, 1), held=True)
    client = client_for(learner)

    client.post(
        reverse("learning:project_group", args=[track.pk]),
        {"date": "2022-06-28", "held": "on", "notes": "Tussenstand"},
    )
    page = client.get(reverse("learning:project_group", args=[track.pk])).content.decode()

    assert ProjectGroupMeeting.objects.filter(track=track, held=True).count() == 2
    assert "2 van 3 bijeenkomsten gehouden" in page
    assert AccessLog.objects.filter(
        object_type="learning.projectgroupmeeting", action=AccessLog.Action.CREATE
    ).exists()


def test_link_overview_shows_a_facilitator_only_the_references_of_their_own_cases(
    facilitator, facilitator_other, client_for
):
    own = CaseFactory(facilitator=facilitator, created_by=facilitator)
    ConsentFactory(case=own, purpose=ConsentPurpose.LEARNING_NETWORK, recorded_by=facilitator)
    learning_case = LearningCaseFactory()
    services.link_learning_case(learning_case=learning_case, case=own, actor=facilitator)

    mine = client_for(facilitator).get(reverse("learning:link_overview")).content.decode()
    theirs = client_for(facilitator_other).get(reverse("learning:link_overview")).content.decode()

    assert learning_case.code in mine and own.reference in mine
    assert learning_case.code in theirs and own.reference not in theirs


def test_facilitator_removes_the_link_of_their_case(facilitator, client_for):
    own = CaseFactory(facilitator=facilitator, created_by=facilitator)
    ConsentFactory(case=own, purpose=ConsentPurpose.LEARNING_NETWORK, recorded_by=facilitator)
    learning_case = LearningCaseFactory()
    services.link_learning_case(learning_case=learning_case, case=own, actor=facilitator)

    client_for(facilitator).post(
        reverse("learning:learning_case_link", args=[learning_case.pk]), {"unlink": "1"}
    )

    learning_case.refresh_from_db()
    assert learning_case.case is None


def test_reviewing_a_flagged_learning_case_clears_the_flag(learner, client_for):
    learning_case = LearningCaseFactory(needs_review=True, review_reason="Toestemming ingetrokken")
    TrackParticipantFactory(track=learning_case.track, user=learner)

    client_for(learner).post(
        reverse("learning:learning_case_edit", args=[learning_case.pk]),
        {"code": learning_case.code, "summary": "Herschreven", "reviewed": "on"},
    )

    learning_case.refresh_from_db()
    assert not learning_case.needs_review and learning_case.review_reason == ""
