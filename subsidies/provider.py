"""The provider's side of a case-bound request: the invited provider drafts it and says when it is
ready ("klaar om in te dienen"); the expert team then submits it (``services.submit_application``).

The e-mails (the invitation to the provider users, the signal to the team) come from the reminder
sweep (``subsidies.reminders``), exactly once per recipient, with the reference and a link only.
"""

from __future__ import annotations

from datetime import datetime

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.models import AccessLog, User
from subsidies import lifecycle, tasks
from subsidies.models import GrantApplication
from subsidies.services import completeness_errors


@transaction.atomic
def mark_ready(
    *, application: GrantApplication, actor: User, now: datetime | None = None
) -> GrantApplication:
    """The invited provider marks a case-bound draft "klaar om in te dienen".

    Only a provider user of the draft (``PermissionDenied`` otherwise), only while it is complete
    (``ValidationError`` with what it lacks). Marking it again keeps the first moment. The team (the
    case's facilitator and the team's coordinators) gets an e-mail from the sweep enqueued on commit.
    """
    now = now or timezone.now()
    locked = lifecycle.lock(application)
    if not rules.has_perm("subsidies.mark_ready", actor, locked):
        raise PermissionDenied(_("Alleen de uitgenodigde zorgaanbieder kan een concept klaar melden."))
    errors = completeness_errors(locked)
    if errors:
        raise ValidationError(errors, code="incomplete")
    if locked.ready_at is None:
        locked.ready_at = now
        locked.ready_by = actor
        locked.save(update_fields=["ready_at", "ready_by", "updated_at"])
        audit.record(actor, AccessLog.Action.CHANGE, locked, detail="klaar om in te dienen")
        transaction.on_commit(lambda: tasks.send_due_reminders.delay())
    lifecycle.refresh(application, locked, ("ready_at", "ready_by", "updated_at"))
    return application
