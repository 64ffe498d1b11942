"""The placement history: episodes, what derives from them (changes, living situation, the signal),
the placement-change step that keeps it up, and the page that records the history at intake."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import placements
from cases.forms import IntakeForm
from cases.models import Case, InvolvedPerson, PlacementEpisode
from cases.selectors import with_signal
from expertteams import services
from expertteams.models import PartyKind, StepKind
from tests.expertteams.factories import CaseFactory, log

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(facilitator):
    return CaseFactory(facilitator=facilitator)


def add(case, actor, kind, start, end=None, **extra):
    return placements.add_episode(
        case=case, actor=actor, placement_type=kind, started_on=start, ended_on=end, **extra
    )


def test_episodes_derive_the_number_of_moves_and_the_living_situation(case, facilitator):
    assert case.placement_moves is None
    add(case, facilitator, "residentieel", date(2024, 1, 1), date(2024, 6, 30))
    add(case, facilitator, "crisisopvang", date(2024, 7, 1), date(2024, 8, 15), forced=True)
    add(case, facilitator, "thuis", date(2024, 8, 16))

    case.refresh_from_db()
    assert case.placement_moves == 2
    assert case.living_situation == "thuis"


def test_a_change_of_placement_ends_the_current_episode_the_day_before(case, facilitator):
    home = add(case, facilitator, "thuis", date(2025, 1, 1))

    new = placements.change_placement(
        case=case, actor=facilitator, placement_type="crisisopvang", started_on=date(2025, 3, 10)
    )

    home.refresh_from_db()
    assert home.ended_on == date(2025, 3, 9)
    assert new.ended_on is None
    case.refresh_from_db()
    assert (case.placement_moves, case.living_situation) == (1, "crisisopvang")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2024, 3, 1), date(2024, 3, 31)),  # inside an episode
        (date(2023, 12, 1), date(2024, 1, 1)),  # touching its first day
        (date(2024, 5, 1), None),  # a second open episode
    ],
)
def test_overlapping_or_second_current_episodes_are_refused(case, facilitator, start, end):
    add(case, facilitator, "residentieel", date(2024, 1, 1), date(2024, 4, 30))
    add(case, facilitator, "thuis", date(2024, 6, 1))

    with pytest.raises(ValidationError):
        add(case, facilitator, "pleegzorg", start, end)
    assert PlacementEpisode.objects.count() == 2


def test_an_episode_ending_before_it_starts_is_refused(case, facilitator):
    with pytest.raises(ValidationError):
        add(case, facilitator, "thuis", date(2024, 5, 1), date(2024, 4, 1))
    assert not PlacementEpisode.objects.exists()


def test_summary_counts_days_in_crisis_care_and_forced_placements(case, facilitator):
    add(case, facilitator, "crisisopvang", date(2024, 1, 1), date(2024, 1, 10), forced=True)
    add(case, facilitator, "crisisopvang", date(2024, 2, 1), date(2024, 2, 5))
    add(case, facilitator, "thuis", date(2024, 2, 6))

    summary = placements.placement_summary(list(case.placement_episodes.all()))

    assert summary.moves == 2
    assert summary.forced == 1
    assert summary.days_by_type == [("Crisisopvang", 15)]
    assert summary.current.placement_type == "thuis"


def test_many_changes_signal_follows_the_episodes_not_the_historic_counter(facilitator):
    moving = CaseFactory(facilitator=facilitator)
    for n, kind in enumerate(["thuis", "crisisopvang", "residentieel", "crisisopvang"]):
        add(
            moving,
            facilitator,
            kind,
            date(2024, 1, 1) + timedelta(days=30 * n),
            None if n == 3 else date(2024, 1, 29) + timedelta(days=30 * n),
        )
    # An old hand-kept count of 5, but the history has one stay only: no signal.
    settled = CaseFactory(facilitator=facilitator, placement_changes=5)
    add(settled, facilitator, "thuis", date(2020, 1, 1))
    # Without a history the historic counters still count.
    legacy = CaseFactory(facilitator=facilitator, placement_changes=3)

    flagged = set(with_signal(Case.objects.all(), "many_changes"))

    assert flagged == {moving, legacy}


def test_placement_change_step_starts_a_new_episode(case, facilitator):
    add(case, facilitator, "thuis", date(2025, 1, 1))

    step = log(StepKind.PLACEMENT_CHANGE, case=case, actor=facilitator, occurred_on=date(2025, 4, 1))

    episode = step.placement_change.episode
    assert (episode.placement_type, episode.started_on, episode.provider) == (
        "gezinshuis",
        date(2025, 4, 1),
        "Gezinshuis De Linde",
    )
    assert PlacementEpisode.objects.get(placement_type="thuis").ended_on == date(2025, 3, 31)
    case.refresh_from_db()
    assert (case.placement_moves, case.living_situation) == (1, "gezinshuis")


def test_a_placement_change_before_the_current_stay_is_refused_and_nothing_is_written(case, facilitator):
    add(case, facilitator, "thuis", date(2025, 1, 1))

    with pytest.raises(ValidationError):
        log(StepKind.PLACEMENT_CHANGE, case=case, actor=facilitator, occurred_on=date(2024, 12, 1))

    assert not case.steps.exists()
    assert PlacementEpisode.objects.get().ended_on is None


def test_correcting_a_placement_change_corrects_its_episode(case, facilitator):
    home = add(case, facilitator, "thuis", date(2025, 1, 1))
    step = log(StepKind.PLACEMENT_CHANGE, case=case, actor=facilitator, occurred_on=date(2025, 4, 1))

    services.correct_step(
        step=step, actor=facilitator, reason="type", placement_type="pleegzorg", occurred_on=date(2025, 4, 8)
    )

    episode = PlacementEpisode.objects.get(placement_change__step=step)
    home.refresh_from_db()
    assert (episode.placement_type, episode.started_on) == ("pleegzorg", date(2025, 4, 8))
    assert home.ended_on == date(2025, 4, 7)


def test_outcome_takes_the_living_situation_of_the_current_episode(case, facilitator):
    add(case, facilitator, "zelfstandig", date(2025, 1, 1))

    step = services.log_outcome(case=case, actor=facilitator, occurred_on=date(2025, 5, 1))

    assert step.outcome.living_situation == "zelfstandig"


def test_history_page_records_an_episode(client_for, facilitator, case):
    response = client_for(facilitator).post(
        reverse("cases:placements", args=[case.reference]),
        {
            "placement_type": "crisisopvang",
            "provider": "Levvel",
            "started_on": "2024-02-01",
            "ended_on": "2024-03-01",
            "forced": "on",
        },
    )

    assert response.status_code == 302
    episode = PlacementEpisode.objects.get()
    assert (episode.provider, episode.forced, episode.recorded_by) == ("Levvel", True, facilitator)
    page = (
        client_for(facilitator)
        .get(reverse("cases:tab", args=[case.reference, "registratie"]))
        .content.decode()
    )
    assert 'class="episode' in page and "Levvel" in page


def test_history_page_shows_a_refusal_on_the_form(client_for, facilitator, case):
    add(case, facilitator, "thuis", date(2024, 1, 1))

    response = client_for(facilitator).post(
        reverse("cases:placements", args=[case.reference]),
        {"placement_type": "pleegzorg", "started_on": "2024-06-01"},
    )

    assert response.status_code == 200
    assert "huidige verblijfplek" in response.content.decode()
    assert PlacementEpisode.objects.count() == 1


@pytest.mark.parametrize("other", ["facilitator_other", "facilitator_fle"])
def test_history_page_is_not_found_for_others(client_for, request, case, other):
    client = client_for(request.getfixturevalue(other))
    assert client.get(reverse("cases:placements", args=[case.reference])).status_code == 404
    post = {"placement_type": "thuis", "started_on": "2024-01-01"}
    assert client.post(reverse("cases:placements", args=[case.reference]), post).status_code == 404
    assert not PlacementEpisode.objects.exists()


def test_the_intake_form_no_longer_edits_the_historic_counters(facilitator, case):
    form = IntakeForm(user=facilitator, case=case)
    assert "placement_changes" not in form.fields
    assert "professional_changes" not in form.fields


def test_step_parents_foster_parents_and_family_home_parents_can_be_chosen():
    assert {"stiefouder", "pleegouder", "gezinshuisouder"} <= set(InvolvedPerson.Relation.values)
    assert {"step_parent", "foster_parent", "family_home_parent"} <= set(PartyKind.values)


def test_an_interview_with_a_family_home_parent_is_stored(case, facilitator):
    step = log(StepKind.INTERVIEW, case=case, actor=facilitator, party_kind=PartyKind.FAMILY_HOME_PARENT)
    assert step.interview.get_party_kind_display() == "Gezinshuisouder"


def test_an_episode_cannot_start_in_the_future(case, facilitator):
    with pytest.raises(ValidationError):
        add(case, facilitator, "thuis", timezone.localdate() + timedelta(days=3))
