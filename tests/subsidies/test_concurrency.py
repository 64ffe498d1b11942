"""Races on PostgreSQL with real concurrent transactions (threads, each with its own connection)."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from subsidies import services
from subsidies.models import Decision, Reminder, SchemeBudget
from subsidies.reminders import send_due_reminders
from tests.subsidies.conftest import RECEIVED
from tests.subsidies.factories import ApplicationFactory, CostLineFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


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


def test_two_members_deciding_at_once_exactly_one_wins(submitted, committee_member, second_member):
    results, errors = run_together(
        lambda: services.decide(
            application=submitted, actor=committee_member, outcome="granted", amount=Decimal("500")
        ),
        lambda: services.decide(
            application=submitted, actor=second_member, outcome="rejected", reason="Nee."
        ),
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert errors[0].messages == ["Er is al een besluit genomen over deze aanvraag."]
    assert Decision.objects.filter(application=submitted).count() == 1


@pytest.mark.parametrize("budget_row_exists", [True, False])
def test_two_grants_racing_for_the_last_budget_never_exceed_the_ceiling(
    scheme, facilitator, committee_member, budget_row_exists
):
    year = services.budget_year()
    if budget_row_exists:
        SchemeBudget.objects.create(
            scheme=scheme, year=year, ceiling=Decimal("250000.00"), granted_total=Decimal("230000.00")
        )
    else:
        scheme.yearly_budget = Decimal("20000.00")
        scheme.save()
    applications = []
    for _n in range(2):
        application = ApplicationFactory(scheme=scheme, case__facilitator=facilitator)
        CostLineFactory(application=application, amount=Decimal("15000.00"))
        applications.append(
            services.submit_application(application=application, actor=facilitator, now=RECEIVED)
        )

    results, errors = run_together(
        *(
            lambda application=application: services.decide(
                application=application, actor=committee_member, outcome="granted", amount=Decimal("15000.00")
            )
            for application in applications
        )
    )
    assert len(results) == 1
    assert len(errors) == 1
    assert "resterende budget" in errors[0].messages[0]
    budget = SchemeBudget.objects.get(scheme=scheme, year=year)
    assert budget.granted_total <= budget.ceiling
    assert budget.remaining == Decimal("5000.00")


def test_parallel_sweeps_send_each_reminder_once(submitted, committee_member, second_member):
    # In a transactional test the submission's on-commit sweep already ran (eagerly); start afresh.
    Reminder.objects.all().delete()
    mail.outbox.clear()
    now = RECEIVED + timedelta(minutes=1)
    results, errors = run_together(*(lambda: send_due_reminders(now=now) for _n in range(6)))
    assert errors == []
    assert sum(results) == 2
    assert len(mail.outbox) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([committee_member.email, second_member.email])
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2
