"""Requests for completion (Awb 4:5) and the suspension of the decision term they cause (Awb 4:15 lid 1
sub a). ``subsidies.services_completion`` writes them; ``subsidies.deadlines`` counts them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import optional_user, required_user
from core.formatting import AMSTERDAM, day_end
from subsidies.models.pipeline import GrantApplication

# The completion term when the committee gives none: two weeks.
DEFAULT_COMPLETION_DAYS = 14


class CompletionRequest(models.Model):
    """The committee's invitation to complete an application, with the term given for it.

    The suspension runs from the day after ``invited_at`` until the day of ``completed_at`` or, when
    the term lapses unused, until ``completion_due`` (the day the term lapsed).
    """

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="completion_requests"
    )
    message = models.TextField(_("wat ontbreekt"))
    completion_due = models.DateField(_("aanvullen uiterlijk op"))
    invited_at = models.DateTimeField(_("verzocht op"))
    invited_by = required_user(_("verzocht door"))
    completed_at = models.DateTimeField(_("aangevuld op"), null=True, blank=True)
    completed_by = optional_user(_("aangevuld door"), on_delete=models.PROTECT)
    # Stamped by the sweep that ends a lapsed suspension (``lapse_completion_requests``).
    lapsed_at = models.DateTimeField(_("termijn verstreken op"), null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        verbose_name = _("verzoek om aanvulling")
        verbose_name_plural = _("verzoeken om aanvulling")
        indexes = [models.Index(fields=["completed_at", "completion_due"], name="completion_open_idx")]

    def __str__(self) -> str:
        return f"{self.application} aanvulling {self.invited_at:%Y-%m-%d}"

    def has_lapsed(self, today: date | None = None) -> bool:
        """The term passed unused: not completed and ``today`` lies after ``completion_due``."""
        if self.completed_at is not None:
            return False
        return self.lapsed_at is not None or (today or timezone.localdate()) > self.completion_due

    def is_open(self, today: date | None = None) -> bool:
        return self.completed_at is None and not self.has_lapsed(today)

    def lapse_moment(self) -> datetime:
        """The end of the last day of the term: the suspension ends on that day."""
        return day_end(self.completion_due)

    def suspension(self, today: date | None = None) -> tuple[datetime, datetime | None]:
        """``(invited_at, end)`` for ``decision_due_date``: end is the completion, the lapse, or ``None``
        while the term runs."""
        if self.completed_at is not None:
            return self.invited_at, self.completed_at
        if self.has_lapsed(today):
            return self.invited_at, self.lapse_moment()
        return self.invited_at, None


def default_completion_due(invited_at: datetime, days: int = DEFAULT_COMPLETION_DAYS) -> date:
    return invited_at.astimezone(AMSTERDAM).date() + timedelta(days=days)
