"""A learning case links to a real case only with active learning-network consent, only by the case's
facilitator or coordinator, and the link goes at once when that consent is withdrawn."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services as case_services
from cases.models import ConsentPurpose
from core.models import AccessLog
from learning import services
from learning.models import LearningCase
from tests.cases.factories import CaseFactory, ConsentFactory, PersonFactory
from tests.learning.factories import LearningCaseFactory, TrackParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(facilitator):
    return CaseFactory(facilitator=facilitator, created_by=facilitator)


@pytest.fixture
def consent(case, facilitator):
    mother = PersonFactory(case=case)
    return ConsentFactory(
        case=case, person=mother, purpose=ConsentPurpose.LEARNING_NETWORK, recorded_by=facilitator
    )


def test_facilitator_links_a_learning_case_with_active_consent(case, consent, facilitator):
    learning_case = LearningCaseFactory()

    services.link_learning_case(learning_case=learning_case, case=case, actor=facilitator)

    learning_case.refresh_from_db()
    assert learning_case.case == case
    assert AccessLog.objects.filter(
        object_type="learning.learningcase", object_id=str(learning_case.pk), action=AccessLog.Action.CHANGE
    ).exists()


def test_coordinator_of_the_team_may_link(case, consent, coordinator):
    learning_case = LearningCaseFactory()

    services.link_learning_case(learning_case=learning_case, case=case, actor=coordinator)

    assert LearningCase.objects.get(pk=learning_case.pk).case == case


def test_link_is_refused_without_learning_network_consent(case, facilitator):
    ConsentFactory(case=case, purpose=ConsentPurpose.SHARE_WITH_EXPERT_TEAM, recorded_by=facilitator)
    learning_case = LearningCaseFactory()

    with pytest.raises(ValidationError, match="geen geldige toestemming"):
        services.link_learning_case(learning_case=learning_case, case=case, actor=facilitator)

    assert LearningCase.objects.get(pk=learning_case.pk).case is None


def test_link_is_refused_when_the_consent_was_withdrawn(case, consent, facilitator):
    case_services.withdraw_consent(consent=consent, actor=facilitator)

    with pytest.raises(ValidationError, match="geen geldige toestemming"):
        services.link_learning_case(learning_case=LearningCaseFactory(), case=case, actor=facilitator)


@pytest.mark.parametrize("who", ["facilitator_other", "facilitator_fle", "learner", "municipal_user"])
def test_only_the_cases_facilitator_or_coordinator_may_link(request, case, consent, who):
    actor = request.getfixturevalue(who)

    with pytest.raises(ValidationError, match="Alleen de procesbegeleider of coördinator"):
        services.link_learning_case(learning_case=LearningCaseFactory(), case=case, actor=actor)


def test_withdrawing_consent_unlinks_every_learning_case_at_once_and_flags_them(case, consent, facilitator):
    first, second = LearningCaseFactory(), LearningCaseFactory()
    for learning_case in (first, second):
        services.link_learning_case(learning_case=learning_case, case=case, actor=facilitator)

    case_services.withdraw_consent(consent=consent, actor=facilitator)

    for learning_case in (first, second):
        learning_case.refresh_from_db()
        assert learning_case.case is None
        assert learning_case.needs_review
        assert "ingetrokken" in learning_case.review_reason
        assert AccessLog.objects.filter(
            object_type="learning.learningcase",
            object_id=str(learning_case.pk),
            action=AccessLog.Action.CHANGE,
            detail__contains="toestemming ingetrokken",
        ).exists()


def test_withdrawal_by_a_plain_save_also_unlinks(case, consent, facilitator):
    learning_case = LearningCaseFactory()
    services.link_learning_case(learning_case=learning_case, case=case, actor=facilitator)

    consent.withdrawn_on = consent.given_on
    consent.save()

    learning_case.refresh_from_db()
    assert learning_case.case is None and learning_case.needs_review


def test_deleting_the_consent_unlinks(case, consent, facilitator):
    learning_case = LearningCaseFactory()
    services.link_learning_case(learning_case=learning_case, case=case, actor=facilitator)

    consent.delete()

    assert LearningCase.objects.get(pk=learning_case.pk).case is None


def test_link_stays_while_another_learning_network_consent_is_active(case, consent, facilitator):
    ConsentFactory(case=case, person=None, purpose=ConsentPurpose.LEARNING_NETWORK, recorded_by=facilitator)
    learning_case = LearningCaseFactory()
    services.link_learning_case(learning_case=learning_case, case=case, actor=facilitator)

    case_services.withdraw_consent(consent=consent, actor=facilitator)

    learning_case.refresh_from_db()
    assert learning_case.case == case and not learning_case.needs_review


def test_withdrawing_another_purpose_leaves_the_link(case, consent, facilitator):
    other = ConsentFactory(case=case, purpose=ConsentPurpose.SHARE_WITH_EXPERT_TEAM, recorded_by=facilitator)
    learning_case = LearningCaseFactory()
    services.link_learning_case(learning_case=learning_case, case=case, actor=facilitator)

    case_services.withdraw_consent(consent=other, actor=facilitator)

    assert LearningCase.objects.get(pk=learning_case.pk).case == case


# --- The pages -----------------------------------------------------------------------------------


def test_facilitator_links_by_reference_on_the_link_page(case, consent, facilitator, client_for):
    learning_case = LearningCaseFactory()

    response = client_for(facilitator).post(
        reverse("learning:learning_case_link", args=[learning_case.pk]), {"reference": case.reference.lower()}
    )

    assert response.status_code == 302
    assert LearningCase.objects.get(pk=learning_case.pk).case == case


def test_link_page_does_not_reveal_whether_someone_elses_case_exists(consent, facilitator_other, client_for):
    learning_case = LearningCaseFactory()

    response = client_for(facilitator_other).post(
        reverse("learning:learning_case_link", args=[learning_case.pk]), {"reference": consent.case.reference}
    )

    assert "Geen casus van u met dit casusnummer." in response.content.decode()
    assert LearningCase.objects.get(pk=learning_case.pk).case is None


def test_link_page_shows_the_consent_refusal_in_dutch(case, facilitator, client_for):
    learning_case = LearningCaseFactory()

    response = client_for(facilitator).post(
        reverse("learning:learning_case_link", args=[learning_case.pk]), {"reference": case.reference}
    )

    assert "geen geldige toestemming" in response.content.decode()


def test_learner_in_the_track_gets_no_link_form_and_no_link_page(learner, client_for):
    learning_case = LearningCaseFactory()
    TrackParticipantFactory(track=learning_case.track, user=learner)
    client = client_for(learner)

    detail = client.get(reverse("learning:learning_case_detail", args=[learning_case.pk]))
    link_page = client.get(reverse("learning:learning_case_link", args=[learning_case.pk]))

    assert detail.status_code == 200
    assert "Koppelen aan casus" not in detail.content.decode()
    assert link_page.status_code == 403


def test_participating_facilitator_sees_the_link_button(facilitator, client_for):
    learning_case = LearningCaseFactory()
    TrackParticipantFactory(track=learning_case.track, user=facilitator)

    detail = client_for(facilitator).get(reverse("learning:learning_case_detail", args=[learning_case.pk]))

    assert "Koppelen aan casus" in detail.content.decode()
