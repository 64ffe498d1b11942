"""Cases and access-log rows for the privacy tests."""

from datetime import datetime

import pytest
from django.utils import timezone

from core import audit
from core.models import AccessLog
from privacy.people import BREAK_THE_GLASS
from tests.cases.factories import CaseFactory


def at(*args) -> datetime:
    """An aware moment in Europe/Amsterdam."""
    return timezone.make_aware(datetime(*args))


def logged(user, action, obj, *, when: datetime | None = None, **kwargs) -> AccessLog:
    """An access-log row as the application writes it, optionally dated ``when`` (rows are append-only,
    so the timestamp is set through a queryset update in tests only)."""
    row = audit.record(user, action, obj, **kwargs)
    if when is not None:
        AccessLog.objects.filter(pk=row.pk).update(timestamp=when)
        row.timestamp = when
    return row


def broke_the_glass(admin, case, reason: str, *, when: datetime | None = None) -> AccessLog:
    return logged(admin, AccessLog.Action.VIEW, case, when=when, reason=reason, detail=BREAK_THE_GLASS)


@pytest.fixture
def case(facilitator):
    return CaseFactory(facilitator=facilitator, youth_name="Amy", youth_initials="A.", youth_birth_year=2008)
