"""Cases and access-log rows for the privacy tests."""

from datetime import datetime
from unittest import mock

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
    """An access-log row as the application writes it, optionally at the moment ``when`` (the clock is
    set, not the row: on PostgreSQL the access log refuses every UPDATE)."""
    if when is None:
        return audit.record(user, action, obj, **kwargs)
    with mock.patch("django.utils.timezone.now", return_value=when):
        return audit.record(user, action, obj, **kwargs)


def broke_the_glass(admin, case, reason: str, *, when: datetime | None = None) -> AccessLog:
    return logged(admin, AccessLog.Action.VIEW, case, when=when, reason=reason, detail=BREAK_THE_GLASS)


@pytest.fixture
def case(facilitator):
    return CaseFactory(facilitator=facilitator, youth_name="Amy", youth_initials="A.", youth_birth_year=2008)
