"""Races on PostgreSQL: parallel retention sweeps list a file once; two administrators destroying the
same file at once destroy it once, with one access-log row."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case, CaseStatus
from core.models import AccessLog
from privacy import retention
from privacy.models import RetentionDecision, RetentionReview
from tests.cases.factories import CaseFactory
from tests.factories import Role, user_with_role
from tests.subsidies.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def due_case(facilitator):
    case = CaseFactory(facilitator=facilitator, youth_name="Amy")
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_at=datetime(2001, 5, 1, 12, tzinfo=UTC)
    )
    return case


def test_four_parallel_sweeps_list_a_due_file_once(due_case):
    results, errors = run_together(*[lambda: retention.list_due_files(today=date(2026, 11, 29))] * 4)

    assert errors == []
    assert RetentionReview.objects.filter(case=due_case, decision=RetentionDecision.PENDING).count() == 1


def test_two_administrators_destroying_at_once_destroy_once(due_case, admin_user):
    second_admin = user_with_role(Role.ADMIN, "beheerder2")
    retention.list_due_files(today=date(2026, 11, 29))
    review = RetentionReview.objects.get(case=due_case)

    results, errors = run_together(
        lambda: retention.destroy_file(review=review, actor=admin_user),
        lambda: retention.destroy_file(review=review, actor=second_admin),
    )

    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert errors[0].messages == ["Over dit dossier is al besloten."]
    assert Case.objects.get(pk=due_case.pk).youth_name == "vernietigd"
    assert AccessLog.objects.filter(object_id=str(due_case.pk), action=AccessLog.Action.DELETE).count() == 1
