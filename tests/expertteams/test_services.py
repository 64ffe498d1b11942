from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import CaseStatus
from core.models import AccessLog
from expertteams import services
from expertteams.kinds import KINDS, step_detail
from expertteams.models import (
    ActionItem,
    Escalation,
    HelpQuestion,
    JointMeeting,
    Outcome,
    Step,
    StepKind,
    StepRevision,
)
from tests.expertteams.factories import CaseFactory, log, step_kwargs

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(facilitator):
    return CaseFactory(facilitator=facilitator)


@pytest.mark.parametrize("kind", StepKind.values)
def test_every_step_kind_can_be_logged_through_its_service(case, facilitator, kind):
    step = log(kind, case=case, actor=facilitator)

    assert step.kind == kind
    assert step.version == 1
    assert step.title == StepKind(kind).label
    assert Step.objects.filter(case=case).count() == 1
    if KINDS[kind].detail_model is not None:
        assert step_detail(Step.objects.get(pk=step.pk)) is not None


def test_joint_meeting_keeps_agenda_participants_statements_agreements_and_actions(case, facilitator):
    step = log(StepKind.JOINT_MEETING, case=case, actor=facilitator)

    meeting = JointMeeting.objects.get(step=step)
    assert [a.title for a in meeting.agenda_items.all()] == ["Kennismaking", "Wat wil Amy"]
    assert [(p.name, p.attended) for p in meeting.participants.all()] == [("Amy", True), ("Vader", False)]
    assert meeting.statements.get().text == "Ik wil zelfstandig wonen"
    assert meeting.agreements.get().text == "Hulpvraag verhelderen"
    action = ActionItem.objects.get()
    assert (action.step, action.meeting, action.owner_name) == (step, meeting, "Pim")


def test_help_question_versions_follow_each_other(case, facilitator):
    log(StepKind.HELP_QUESTION, case=case, actor=facilitator, question_after="Versie 1")
    log(StepKind.HELP_QUESTION, case=case, actor=facilitator, question_after="Versie 2")

    first, second = HelpQuestion.objects.order_by("question_version")
    assert first.question_before == case.help_question
    assert (second.question_version, second.question_before, second.question_after) == (
        2,
        "Versie 1",
        "Versie 2",
    )


def test_logging_a_step_sets_last_step_at(case, facilitator):
    before = timezone.now()
    log(StepKind.NOTE, case=case, actor=facilitator)

    case.refresh_from_db()
    assert case.last_step_at >= before


def test_outcome_step_sets_outcome_recorded_at(case, facilitator):
    log(StepKind.NOTE, case=case, actor=facilitator)
    case.refresh_from_db()
    assert case.outcome_recorded_at is None

    step = log(StepKind.OUTCOME, case=case, actor=facilitator)
    case.refresh_from_db()
    assert case.outcome_recorded_at == step.created_at


def test_open_escalation_flag_follows_the_escalation_status(case, facilitator):
    step = log(StepKind.ESCALATION, case=case, actor=facilitator)
    case.refresh_from_db()
    assert case.open_escalation is True

    services.close_escalation(
        escalation=step.escalation,
        actor=facilitator,
        closed_on=date(2026, 4, 1),
        result_kind=Escalation.ResultKind.ALTERNATIVE_FOUND,
    )
    case.refresh_from_db()
    assert case.open_escalation is False
    assert Escalation.objects.get().result_kind == "alternative_found"


def test_next_action_due_is_the_earliest_open_action(case, facilitator):
    early = {"description": "Bellen", "owner_name": "Pim", "due_on": date(2026, 3, 5)}
    late = {"description": "Mailen", "owner_name": "Pim", "due_on": date(2026, 3, 20)}
    log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, actions=[late, early])
    case.refresh_from_db()
    assert case.next_action_due == date(2026, 3, 5)

    services.complete_action(action=ActionItem.objects.get(description="Bellen"), actor=facilitator)
    case.refresh_from_db()
    assert case.next_action_due == date(2026, 3, 20)

    services.complete_action(action=ActionItem.objects.get(description="Mailen"), actor=facilitator)
    case.refresh_from_db()
    assert case.next_action_due is None


def test_completing_an_action_twice_keeps_the_first_moment(case, facilitator):
    log(StepKind.JOINT_MEETING, case=case, actor=facilitator)
    action = ActionItem.objects.get()
    first = services.complete_action(action=action, actor=facilitator).done_at

    again = services.complete_action(action=action, actor=facilitator)
    assert again.done_at == first


@pytest.mark.parametrize("kind", StepKind.values)
def test_closed_case_refuses_new_steps_with_a_dutch_message(facilitator, kind):
    case = CaseFactory(facilitator=facilitator, status=CaseStatus.CLOSED)

    with pytest.raises(ValidationError, match="afgesloten"):
        log(kind, case=case, actor=facilitator)
    assert not Step.objects.exists()


def test_closed_case_refuses_corrections_and_completing_actions(case, facilitator):
    step = log(StepKind.JOINT_MEETING, case=case, actor=facilitator)
    case.status = CaseStatus.CLOSED
    case.save()

    with pytest.raises(ValidationError):
        services.correct_step(step=step, actor=facilitator, title="Anders")
    with pytest.raises(ValidationError):
        services.complete_action(action=ActionItem.objects.get(), actor=facilitator)
    assert Step.objects.get().title == StepKind.JOINT_MEETING.label
    assert ActionItem.objects.get().done_at is None


def test_correction_keeps_the_earlier_version_in_the_history(case, facilitator, coordinator):
    step = log(StepKind.INTERVIEW, case=case, actor=facilitator, view="Eerste versie")

    services.correct_step(step=step, actor=coordinator, reason="Verkeerd genoteerd", view="Tweede versie")

    step.refresh_from_db()
    assert step.version == 2
    assert step.interview.view == "Tweede versie"
    revision = StepRevision.objects.get(step=step)
    assert (revision.version, revision.reason, revision.replaced_by) == (1, "Verkeerd genoteerd", coordinator)
    assert revision.data["values"]["view"] == "Eerste versie"
    assert ["Hoe ziet deze partij de situatie", "Eerste versie"] in revision.data["display"]


def test_correcting_a_joint_meeting_replaces_its_lists_and_keeps_the_old_ones_in_the_history(
    case, facilitator
):
    step = log(StepKind.JOINT_MEETING, case=case, actor=facilitator)

    services.correct_step(step=step, actor=facilitator, agenda=["Alleen dit punt"], agreements=[])

    meeting = JointMeeting.objects.get(step=step)
    assert [a.title for a in meeting.agenda_items.all()] == ["Alleen dit punt"]
    assert not meeting.agreements.exists()
    assert meeting.participants.count() == 2  # not named in the correction: unchanged
    old = StepRevision.objects.get().data["values"]
    assert old["agenda"] == ["Kennismaking", "Wat wil Amy"]
    assert old["agreements"] == ["Hulpvraag verhelderen"]


def test_correction_refuses_fields_the_kind_does_not_have(case, facilitator):
    step = log(StepKind.NOTE, case=case, actor=facilitator)

    with pytest.raises(TypeError):
        services.correct_step(step=step, actor=facilitator, living_situation="thuis")
    assert not StepRevision.objects.exists()


def test_correcting_an_outcome_does_not_move_last_step_at(case, facilitator):
    step = log(StepKind.OUTCOME, case=case, actor=facilitator)
    case.refresh_from_db()
    logged = case.last_step_at

    services.correct_step(step=step, actor=facilitator, network="Gezinshuisouders")
    case.refresh_from_db()
    assert case.last_step_at == logged
    assert Outcome.objects.get().network == "Gezinshuisouders"


def test_services_write_create_and_change_rows_in_the_access_log(case, facilitator):
    step = log(StepKind.JOINT_MEETING, case=case, actor=facilitator)
    services.correct_step(step=step, actor=facilitator, title="Gezamenlijk gesprek 1")
    action = ActionItem.objects.get()
    services.complete_action(action=action, actor=facilitator)

    rows = set(AccessLog.objects.values_list("action", "object_type", "object_id", "username"))
    assert ("create", "expertteams.step", str(step.pk), facilitator.username) in rows
    assert ("change", "expertteams.step", str(step.pk), facilitator.username) in rows
    assert ("change", "expertteams.actionitem", str(action.pk), facilitator.username) in rows


def test_add_action_to_any_step_updates_next_action_due(case, facilitator):
    step = log(StepKind.CONSULTATION, case=case, actor=facilitator)

    services.add_action(
        step=step,
        actor=facilitator,
        description="Advies delen",
        owner=facilitator,
        owner_name="",
        due_on=date(2026, 5, 1),
    )

    case.refresh_from_db()
    assert case.next_action_due == date(2026, 5, 1)
    assert ActionItem.objects.get().owner_name == facilitator.get_full_name()


def test_step_kwargs_cover_all_kinds():
    # Guard for the helper the other tests rely on.
    assert {kind for kind in StepKind.values if step_kwargs(kind, on=date.today() - timedelta(1))} == set(
        StepKind.values
    )
