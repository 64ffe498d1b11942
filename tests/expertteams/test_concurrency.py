"""Races on PostgreSQL: parallel reminder sweeps send each mail once; two placement changes at once
leave one open episode."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from cases import placements
from cases.models import PlacementEpisode
from expertteams import followups, reminders
from expertteams.models import CaseReminder, StepKind
from tests.expertteams.factories import CaseFactory, log

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def run_together(*calls):
    """Run the callables at the same moment in threads; return (results, errors)."""
    start = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            start.wait()
            results.append(call())
        except Exception as error:  # noqa: BLE001  (inspected by the caller)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_parallel_sweeps_send_each_case_reminder_once(facilitator):
    facilitator.email = "pb@example.org"
    facilitator.save()
    case = CaseFactory(facilitator=facilitator)
    action = {"description": "Bellen", "owner_name": "", "owner": facilitator, "due_on": date(2026, 3, 19)}
    log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, actions=[action])
    followups.plan_review(
        case=case, actor=facilitator, due_on=date(2026, 3, 20), owner=facilitator, what_to_check="x"
    )

    results, errors = run_together(*(lambda: reminders.send_due_reminders(now=NOW) for _n in range(6)))

    assert errors == []
    assert sum(results) == 2
    assert len(mail.outbox) == 2
    assert CaseReminder.objects.filter(sent_at__isnull=False).count() == 2


def test_two_placement_changes_at_once_leave_one_current_episode(facilitator):
    case = CaseFactory(facilitator=facilitator)
    placements.add_episode(case=case, actor=facilitator, placement_type="thuis", started_on=date(2025, 1, 1))

    def move(kind):
        return lambda: placements.change_placement(
            case=case, actor=facilitator, placement_type=kind, started_on=date(2025, 6, 1)
        )

    results, errors = run_together(move("crisisopvang"), move("pleegzorg"))

    # The case row is locked: the second sees the first's new stay and is refused (same first day).
    assert len(results) == 1
    assert [type(error) for error in errors] == [ValidationError]
    assert PlacementEpisode.objects.filter(case=case).count() == 2
    assert PlacementEpisode.objects.filter(case=case, ended_on__isnull=True).count() == 1
