from datetime import date

import pytest
from django.urls import reverse

from cases.models import CaseStatus
from core.models import AccessLog, Organisation
from expertteams.models import ActionItem, Escalation, JointMeeting, Step, StepKind, StepRevision
from tests.expertteams.factories import CaseFactory, log

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def post_data(kind: str) -> dict:
    """What a facilitator fills in on the form of each kind (with one empty row per formset)."""
    base = {"occurred_on": "2026-03-02", "title": "", **management("actions", 0)}
    if kind in (StepKind.CONTACT_MUNICIPALITY, StepKind.CONTACT_FAMILY):
        return {
            **base,
            "who": "Casushouder Utrecht",
            "summary": "Stand van zaken",
            "agreed": "Samen optrekken",
        }
    if kind == StepKind.INTERVIEW:
        return {
            **base,
            "party_kind": "youth",
            "party_name": "Amy",
            "view": "Niemand luistert",
            "wishes": "Zelfstandig wonen",
        }
    if kind == StepKind.JOINT_MEETING:
        return {
            **base,
            "location": "Stadskantoor",
            "agenda": "Kennismaking\n\nWat wil Amy\n",
            "agreements": "Hulpvraag verhelderen\nRegio vragen",
            **management("participants", 3),
            "participants-0-name": "Amy",
            "participants-0-party_kind": "youth",
            "participants-0-attended": "1",
            "participants-1-name": "Vader",
            "participants-1-party_kind": "father",
            "participants-1-attended": "0",
            "participants-2-attended": "1",  # untouched empty row
            **management("statements", 2),
            "statements-0-speaker": "Moeder",
            "statements-0-text": "We willen hulp thuis",
            **management("actions", 3),
            "actions-0-description": "Gezinshuizen benaderen",
            "actions-0-owner_name": "Pim",
            "actions-0-due_on": "2026-03-10",
            "actions-1-description": "Raad informeren",
            "actions-1-owner_name": "Carla",
            "actions-1-due_on": "2026-03-12",
        }
    if kind == StepKind.HELP_QUESTION:
        return {
            **base,
            "question_before": "Hulp thuis",
            "question_after": "Zelfstandig wonen met school",
            "problems": "Strijd",
        }
    if kind == StepKind.SOLUTION_SEARCH:
        return {
            **base,
            "searched_for": "Kamer bij gezinshuis",
            "tailored_solution": "Zelfstandige ruimte bij Gezinshuis De Linde",
            **management("requests", 2),
            "requests-0-organisation": str(Organisation.objects.get(name="Gezinshuis De Linde").pk),
            "requests-0-answer": "Er is ruimte",
            "requests-0-positive": "1",
        }
    if kind == StepKind.ESCALATION:
        return {
            **base,
            "escalation_kind": "beschermingsoverleg",
            "threatened_measure": "secure_care",
            "urgency": "crisis",
            "board_helps_find_alternatives": "on",
            "status": "open",
        }
    if kind == StepKind.CONSULTATION:
        return {**base, "expertise": "Jeugdpsychiatrie", "advice": "Structuur bieden"}
    if kind == StepKind.OUTCOME:
        return {
            **base,
            "living_situation": "zelfstandig",
            "school_or_daytime_activity": "Weer naar school",
            "secure_placement_prevented": "on",
        }
    if kind == StepKind.FOLLOW_UP:
        return {**base, "going_well": "1", "summary": "Het gaat goed op school"}
    if kind == StepKind.PLACEMENT_CHANGE:
        return {**base, "placement_type": "crisisopvang", "provider": "Levvel", "forced": "on"}
    return {**base, "summary": "Notitie over het gezin"}


@pytest.fixture
def case(facilitator):
    return CaseFactory(facilitator=facilitator)


def create_url(case, kind):
    return reverse("expertteams:step_create", args=[case.reference, kind])


@pytest.mark.parametrize("kind", StepKind.values)
def test_facilitator_logs_every_kind_of_step_through_its_form(client_for, facilitator, case, kind):
    client = client_for(facilitator)
    assert client.get(create_url(case, kind)).status_code == 200

    response = client.post(create_url(case, kind), post_data(kind))

    assert response.status_code == 302, response.context and response.context["form"].errors
    step = Step.objects.get(case=case)
    assert step.kind == kind
    assert f"#stap-{step.pk}" in response["Location"]


def test_joint_meeting_form_keeps_rows_and_skips_empty_ones(client_for, facilitator, case):
    client_for(facilitator).post(create_url(case, StepKind.JOINT_MEETING), post_data(StepKind.JOINT_MEETING))

    meeting = JointMeeting.objects.get()
    assert [a.title for a in meeting.agenda_items.all()] == ["Kennismaking", "Wat wil Amy"]
    assert [(p.name, p.attended) for p in meeting.participants.all()] == [("Amy", True), ("Vader", False)]
    assert [a.text for a in meeting.agreements.all()] == ["Hulpvraag verhelderen", "Regio vragen"]
    assert ActionItem.objects.filter(meeting=meeting).count() == 2
    case.refresh_from_db()
    assert case.next_action_due == date(2026, 3, 10)


def test_an_interview_can_carry_an_action_with_a_user_as_owner(client_for, facilitator, case):
    data = {
        **post_data(StepKind.INTERVIEW),
        **management("actions", 2),
        "actions-0-description": "Moeder terugbellen",
        "actions-0-owner": str(facilitator.pk),
        "actions-0-due_on": "2026-03-09",
    }

    response = client_for(facilitator).post(create_url(case, StepKind.INTERVIEW), data)

    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert (action.step.kind, action.owner, action.owner_name) == (
        "interview",
        facilitator,
        facilitator.get_full_name(),
    )


def test_action_owner_must_work_in_the_cases_team(client_for, facilitator, facilitator_fle, case):
    data = {
        **post_data(StepKind.INTERVIEW),
        **management("actions", 1),
        "actions-0-description": "Moeder terugbellen",
        "actions-0-owner": str(facilitator_fle.pk),
        "actions-0-due_on": "2026-03-09",
    }

    response = client_for(facilitator).post(create_url(case, StepKind.INTERVIEW), data)

    assert response.status_code == 200
    assert not ActionItem.objects.exists()


def test_action_row_without_owner_is_refused(client_for, facilitator, case):
    data = {**post_data(StepKind.JOINT_MEETING), "actions-1-owner_name": ""}

    response = client_for(facilitator).post(create_url(case, StepKind.JOINT_MEETING), data)

    assert response.status_code == 200
    assert "Geef een eigenaar" in response.content.decode()
    assert not Step.objects.exists()


def test_closing_an_escalation_requires_date_and_result(client_for, facilitator, case):
    data = {**post_data(StepKind.ESCALATION), "status": "closed"}

    response = client_for(facilitator).post(create_url(case, StepKind.ESCALATION), data)

    assert response.status_code == 200
    assert not Escalation.objects.exists()


def test_unknown_step_kind_is_not_found(client_for, facilitator, case):
    assert client_for(facilitator).get(create_url(case, "gossip")).status_code == 404


def test_timeline_shows_every_kind_with_its_details_newest_first(client_for, facilitator, case):
    for n, kind in enumerate(StepKind.values, start=1):
        log(kind, case=case, actor=facilitator, occurred_on=date(2026, 3, n))

    response = client_for(facilitator).get(reverse("expertteams:timeline", args=[case.reference]))

    html = response.content.decode()
    for text in [
        "Casushouder gemeente",  # contact
        "Niemand hoort onze vraag",  # interview
        "Wat wil Amy",  # agenda
        "Ik wil zelfstandig wonen",  # statement
        "Gezinshuizen bellen",  # action
        "Geen gedeeld beeld",  # explanatory analysis
        "Gezinshuis De Linde",  # organisation asked
        "Zelfstandige ruimte bij een gezinshuis",  # tailored solution
        "Gesloten jeugdhulp",  # threatened measure
        "Rust en structuur",  # advice
        "Zelfstandige ruimte bij gezinshuis",  # outcome
        "Telefoon van school",  # note
        "Stap toevoegen",
    ]:
        assert text in html, text
    assert html.index("Telefoon van school") < html.index("Casushouder gemeente")


def test_free_text_is_shown_escaped_on_the_timeline(client_for, facilitator, case):
    log(StepKind.NOTE, case=case, actor=facilitator, summary="<script>alert('x')</script>")
    log(StepKind.INTERVIEW, case=case, actor=facilitator, concerns="<script>steal()</script>")

    html = (
        client_for(facilitator).get(reverse("expertteams:timeline", args=[case.reference])).content.decode()
    )

    assert "<script>alert" not in html and "<script>steal" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;steal()&lt;/script&gt;" in html


def test_correction_via_the_form_keeps_history_shown_on_the_timeline(client_for, facilitator, case):
    step = log(StepKind.INTERVIEW, case=case, actor=facilitator, view="Eerste indruk")
    client = client_for(facilitator)
    url = reverse("expertteams:step_correct", args=[case.reference, step.pk])
    form_page = client.get(url)
    assert "Eerste indruk" in form_page.content.decode()

    data = {
        **post_data(StepKind.INTERVIEW),
        "party_kind": "mother",
        "view": "Tweede indruk",
        "reason": "Typfout",
    }
    response = client.post(url, data)

    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.version, step.interview.view) == (2, "Tweede indruk")
    html = client.get(reverse("expertteams:timeline", args=[case.reference])).content.decode()
    assert "Tweede indruk" in html and "Eerste indruk" in html and "1 eerdere versie" in html
    assert AccessLog.objects.filter(
        action="view", object_type="expertteams.step", object_id=str(step.pk)
    ).exists()


def test_correcting_a_joint_meeting_prefills_rows_and_can_delete_one(client_for, facilitator, case):
    step = log(StepKind.JOINT_MEETING, case=case, actor=facilitator)
    url = reverse("expertteams:step_correct", args=[case.reference, step.pk])
    form = client_for(facilitator).get(url).context["form"]
    assert form.initial["agenda"] == "Kennismaking\nWat wil Amy"
    assert "actions" not in form.formsets

    data = {
        "occurred_on": "2026-03-02",
        "agenda": "Kennismaking",
        "agreements": "Hulpvraag verhelderen",
        "reason": "Vader was er niet",
        **management("participants", 2, initial=2),
        "participants-0-name": "Amy",
        "participants-0-party_kind": "youth",
        "participants-0-attended": "1",
        "participants-1-name": "Vader",
        "participants-1-party_kind": "father",
        "participants-1-attended": "0",
        "participants-1-DELETE": "on",
        **management("statements", 1, initial=1),
        "statements-0-speaker": "Amy",
        "statements-0-text": "Ik wil zelfstandig wonen",
    }
    response = client_for(facilitator).post(url, data)

    assert response.status_code == 302
    meeting = JointMeeting.objects.get()
    assert [p.name for p in meeting.participants.all()] == ["Amy"]
    assert [a.title for a in meeting.agenda_items.all()] == ["Kennismaking"]
    assert ActionItem.objects.count() == 1  # actions are not touched by a correction
    assert StepRevision.objects.get().data["values"]["participants"][1].startswith("Vader")


def test_closed_case_refuses_new_steps_in_the_browser_with_a_message(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, status=CaseStatus.CLOSED)
    client = client_for(facilitator)

    response = client.post(create_url(case, StepKind.NOTE), post_data(StepKind.NOTE), follow=True)

    assert not Step.objects.exists()
    assert "afgesloten" in response.content.decode()


def test_timeline_of_a_closed_case_offers_no_new_steps(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.NOTE, case=case, actor=facilitator)
    case.status = CaseStatus.CLOSED
    case.save()

    html = (
        client_for(facilitator).get(reverse("expertteams:timeline", args=[case.reference])).content.decode()
    )

    assert "Stap toevoegen" not in html and "corrigeren" not in html


def test_coordinator_of_the_team_logs_steps_on_the_teams_cases(client_for, coordinator, case):
    response = client_for(coordinator).post(create_url(case, StepKind.NOTE), post_data(StepKind.NOTE))

    assert response.status_code == 302
    assert Step.objects.get().author == coordinator


def test_viewing_the_timeline_page_is_logged(client_for, facilitator, case):
    client_for(facilitator).get(reverse("expertteams:timeline", args=[case.reference]))

    assert AccessLog.objects.filter(action="view", object_type="cases.case", object_id=str(case.pk)).exists()


def test_creating_a_step_via_the_form_is_logged(client_for, facilitator, case):
    client_for(facilitator).post(create_url(case, StepKind.NOTE), post_data(StepKind.NOTE))

    step = Step.objects.get()
    log_row = AccessLog.objects.get(action="create", object_type="expertteams.step")
    assert (log_row.object_id, log_row.username) == (str(step.pk), facilitator.username)
