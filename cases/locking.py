"""A closed case is read-only: the one check (and message) that refuses a write on it.

A write that changes the case or its placements locks the case row first (``lock_open_case``), before
any other row of the case, so concurrent writes on one case queue up on the same lock and see its
current status.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.models import Case


def refuse_when_closed(case: Case, *, message: str | None = None) -> None:
    """Raise ``ValidationError`` (code ``closed``) when ``case`` is closed; a closed case is read-only.

    ``message`` words the refusal for what was tried (e.g. logging a step); the default says it in general.
    """
    if case.is_closed:
        raise ValidationError(
            message or _("De casus is afgesloten en kan niet meer worden gewijzigd."), code="closed"
        )


def lock_open_case(case: Case, *, message: str | None = None) -> Case:
    """Lock the row of ``case`` for this transaction and return it fresh from the database.

    Raises ``ValidationError`` (code ``closed``, ``message`` as in ``refuse_when_closed``) when the case
    is closed. Call inside a transaction.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    refuse_when_closed(locked, message=message)
    return locked
