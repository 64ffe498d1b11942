"""The stored due date follows the administrator's calendar: a closure day added to (or removed from)
the calendar inside a running term moves the date the queue, the reminders and the reports filter on."""

from datetime import date

import pytest

from core.models import NonWorkingDay
from subsidies.deadlines import decision_due_date
from subsidies.lifecycle import refresh_due_dates
from subsidies.models import GrantApplication

pytestmark = pytest.mark.django_db


def stored_due(application) -> date:
    return GrantApplication.objects.get(pk=application.pk).decision_due


def test_a_closure_day_inside_the_term_moves_the_stored_due_date(
    submitted, django_capture_on_commit_callbacks
):
    before = stored_due(submitted)
    assert before == decision_due_date(submitted.received_at, submitted.scheme.decision_working_days)

    with django_capture_on_commit_callbacks(execute=True):
        closure = NonWorkingDay.objects.create(
            date=before, kind=NonWorkingDay.Kind.CLOSURE, description="Sluitingsdag"
        )

    moved = stored_due(submitted)
    assert moved > before
    assert moved == decision_due_date(submitted.received_at, submitted.scheme.decision_working_days)

    with django_capture_on_commit_callbacks(execute=True):
        closure.delete()

    assert stored_due(submitted) == before


def test_a_day_outside_every_term_moves_nothing(submitted):
    due = stored_due(submitted)
    NonWorkingDay.objects.create(
        date=date(due.year + 1, 1, 15), kind=NonWorkingDay.Kind.CLOSURE, description="Later"
    )

    assert refresh_due_dates(changed_day=date(due.year + 1, 1, 15)) == 0
    assert stored_due(submitted) == due
