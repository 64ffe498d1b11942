"""Closing a case with what is still open on it: every open action, open Raad escalation and planned
review or aftercare moment gets a decision (finish, hand over, cancel with a reason) before the case
closes, and closing plans the aftercare moments (``expertteams.followups``). One transaction: when a
decision is missing or refused, nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.locking import lock_open_case
from cases.models import Case, CaseStatus
from core import audit
from core.models import AccessLog, User
from expertteams import followups, services
from expertteams.models import ActionItem, Escalation, FollowUp, Resolution

FINISH, HAND_OVER, CANCEL = "finish", "hand_over", "cancel"
CHOICES = (FINISH, HAND_OVER, CANCEL)
# How an open item leaves the open list for each choice (actions and follow-up moments alike).
RESOLUTION_OF = {FINISH: Resolution.DONE, HAND_OVER: Resolution.HANDED_OVER, CANCEL: Resolution.CANCELLED}


@dataclass(frozen=True)
class Decision:
    """What to do with one open item. ``to`` (a user) or ``note`` names whom it is handed over to;
    ``note`` is the reason of a cancellation; ``result_kind`` the Raad's result of a finished escalation."""

    do: str
    to: User | None = None
    note: str = ""
    result_kind: str = ""


@dataclass
class OpenItems:
    actions: list[ActionItem] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)

    def item_keys(self) -> list[str]:
        return (
            [f"action-{a.pk}" for a in self.actions]
            + [f"escalation-{e.pk}" for e in self.escalations]
            + [f"followup-{f.pk}" for f in self.follow_ups]
        )

    def __bool__(self) -> bool:
        return bool(self.actions or self.escalations or self.follow_ups)


def open_items(case: Case) -> OpenItems:
    """The open actions, open escalations and planned moments of ``case`` (three queries)."""
    return OpenItems(
        actions=list(
            ActionItem.objects.filter(step__case=case, done_at__isnull=True).select_related("owner", "step")
        ),
        escalations=list(
            Escalation.objects.filter(step__case=case, status=Escalation.Status.OPEN).select_related("step")
        ),
        follow_ups=list(FollowUp.objects.filter(case=case, resolved_at__isnull=True).select_related("owner")),
    )


def _handed_to(decision: Decision) -> str:
    if decision.to is not None:
        return decision.to.display_name
    return decision.note.strip()


def _check(key: str, decision: Decision | None, *, escalation: bool = False) -> list[str]:
    if decision is None or decision.do not in CHOICES:
        return [_("Kies wat er moet gebeuren met elk open punt.")]
    if decision.do == HAND_OVER and not _handed_to(decision):
        return [_("Geef aan aan wie het wordt overgedragen.")]
    if decision.do == CANCEL and not decision.note.strip():
        return [_("Geef een reden op om te annuleren.")]
    if escalation and decision.do == FINISH and decision.result_kind not in Escalation.ResultKind.values:
        return [_("Kies het resultaat van de escalatie bij de Raad.")]
    return []


def _resolve_action(action: ActionItem, decision: Decision, actor: User, now) -> None:
    note = _handed_to(decision) if decision.do == HAND_OVER else decision.note.strip()
    action.resolve(by=actor, at=now, resolution=RESOLUTION_OF[decision.do], note=note)
    audit.record(actor, AccessLog.Action.CHANGE, action, detail=f"actie {action.resolution} bij afsluiten")


def _resolve_escalation(escalation: Escalation, decision: Decision, actor: User, today: date) -> None:
    if decision.do == FINISH:
        result_kind, result = decision.result_kind, decision.note
    elif decision.do == HAND_OVER:
        result_kind, result = (
            Escalation.ResultKind.WITHDRAWN,
            _("Overgedragen aan %(who)s") % {"who": _handed_to(decision)},
        )
    else:
        result_kind, result = Escalation.ResultKind.WITHDRAWN, decision.note
    services.close_escalation(
        escalation=escalation, actor=actor, closed_on=today, result_kind=result_kind, result=result
    )


@transaction.atomic
def close_case(
    *, case: Case, actor: User, decisions: dict[str, Decision], reason: str = "", today: date | None = None
) -> Case:
    """Handle every open item as decided (keys ``action-<pk>``, ``escalation-<pk>``, ``followup-<pk>``),
    close the case (``cases.services.change_status``: an outcome is required) and plan the aftercare
    moments. Raises ``ValidationError`` (message per missing or incomplete decision) or the status
    service's ``TransitionError``; then nothing is written."""
    today = today or timezone.localdate()
    # Checked before the open items are touched; ``change_status`` checks them again at the end.
    locked = lock_open_case(case, message=_("De casus is al afgesloten."))
    case_services.require_outcome(locked)
    items = open_items(locked)
    errors = {}
    for action in items.actions:
        errors[f"action-{action.pk}"] = _check(f"action-{action.pk}", decisions.get(f"action-{action.pk}"))
    for escalation in items.escalations:
        key = f"escalation-{escalation.pk}"
        errors[key] = _check(key, decisions.get(key), escalation=True)
    for moment in items.follow_ups:
        errors[f"followup-{moment.pk}"] = _check(
            f"followup-{moment.pk}", decisions.get(f"followup-{moment.pk}")
        )
    errors = {key: problems for key, problems in errors.items() if problems}
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for action in items.actions:
        _resolve_action(action, decisions[f"action-{action.pk}"], actor, now)
    for escalation in items.escalations:
        _resolve_escalation(escalation, decisions[f"escalation-{escalation.pk}"], actor, today)
    for moment in items.follow_ups:
        decision = decisions[f"followup-{moment.pk}"]
        followups.resolve_follow_up(
            moment=moment,
            actor=actor,
            resolution=RESOLUTION_OF[decision.do],
            note=_handed_to(decision) if decision.do == HAND_OVER and decision.to is None else decision.note,
            owner=decision.to if decision.do == HAND_OVER else None,
        )
    services.refresh_case_signals(case)
    case_services.change_status(case=case, to_status=CaseStatus.CLOSED, actor=actor, reason=reason)
    followups.schedule_aftercare(case=case, actor=actor, closed_on=today)
    return case
